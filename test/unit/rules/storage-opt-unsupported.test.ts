import { storageOptUnsupported } from '../../../src/lint/rules/compose/storage-opt-unsupported';
import { ruleTester } from '../ruleTester';
import { service } from './compose';

// Line 4 is the first line under the service.
ruleTester(storageOptUnsupported, 'compose', {
  valid: [
    { code: service('restart: always'), name: 'no storage_opt' },
    { code: service('storage_opt: {}'), name: 'empty storage_opt' },
    { code: service('storage_opt: !reset {}'), name: 'reset storage_opt' },
    { code: service('storage_opt:', '  size: !reset null'), name: 'reset size' },
    { code: service('shm_size: 1g'), name: 'shm_size' },
    { code: service('volumes:', '  - type: tmpfs', '    target: /cache', '    tmpfs:', '      size: 104857600'), name: 'tmpfs size' },
    { code: service('deploy:', '  resources:', '    limits:', '      memory: 1g'), name: 'memory limit' },
    { code: service('labels:', '  size: 20G'), name: 'a label named size' },
    { code: 'x-disk: &disk\n  storage_opt:\n    size: 1G\nservices:\n  web:\n    image: nginx\n', name: 'an unused anchor' },
    { code: 'x-disk: &disk\n  storage_opt:\n    size: 1G\nservices:\n  web:\n    <<: *disk\n    storage_opt: !reset {}\n', name: 'merged storage_opt reset' },
    { code: service('storage_opt:'), name: 'null storage_opt' },
    { code: service('storage_opt:', '  dm.basesize: 20G'), name: 'another option' },
    { code: service('x-storage_opt:', '  size: 20G'), name: 'an extension key' },
    { code: service('tmpfs:', '  - /run:size=64m'), name: 'tmpfs size option' },
    { code: service('mem_limit: 20G'), name: 'a memory size' },
    { code: service('build:', '  context: .', '  shm_size: 2g'), name: 'build shm_size' },
    { code: 'volumes:\n  scratch:\n    driver_opts: {type: tmpfs, device: tmpfs, o: "size=100m"}\nservices:\n  web:\n    image: nginx\n', name: 'a tmpfs volume size' },
    { code: 'storage_opt:\n  size: 1G\nservices:\n  web:\n    image: nginx\n', name: 'top-level key, not a service' },
  ],
  invalid: [
    {
      name: 'the only option: the whole entry goes',
      code: service('storage_opt:', '  size: 20G'),
      errors: [{ line: 5, column: 7, endLine: 5, endColumn: 11, message: 'Service "web" sets storage_opt size 20G', severity: 'warning' }],
      output: service(),
    },
    {
      name: 'with another option: only size goes',
      code: service('storage_opt:', '  size: 20G # quota', '  other: x', 'restart: always'),
      errors: [{ line: 5, column: 7, endLine: 5, endColumn: 11, message: '--storage-opt is not supported' }],
      output: service('storage_opt:', '  other: x', 'restart: always'),
    },
    {
      name: 'flow map, only option',
      code: service('storage_opt: {size: 20G}', 'restart: always'),
      errors: [{ line: 4, column: 19, endLine: 4, endColumn: 23 }],
      output: service('restart: always'),
    },
    {
      name: 'flow map, size last: no fix (removals edit block style only)',
      code: service('storage_opt: {other: x, size: 20G}'),
      errors: [{ line: 4, column: 29, endLine: 4, endColumn: 33 }],
      output: null,
    },
    {
      name: 'flow map, size first and quoted: no fix',
      code: service('storage_opt: {size: "20G", other: x}'),
      errors: [{ line: 4, column: 19, endLine: 4, endColumn: 23, message: 'size 20G' }],
      output: null,
    },
    {
      name: 'a service made of storage_opt alone: no fix',
      code: 'services:\n  web:\n    storage_opt:\n      size: 1G\n',
      errors: [{ line: 4, column: 7, endLine: 4, endColumn: 11 }],
      output: null,
    },
    {
      name: 'through a merge key: removed from the anchor once',
      code: 'x-disk: &disk\n  storage_opt:\n    size: 1G\n  restart: always\nservices:\n  a:\n    <<: *disk\n  b:\n    <<: *disk\n',
      errors: [
        { line: 3, column: 5, endLine: 3, endColumn: 9, message: 'Service "a"' },
        { line: 3, column: 5, endLine: 3, endColumn: 9, message: 'Service "b"' },
      ],
      output: 'x-disk: &disk\n  restart: always\nservices:\n  a:\n    <<: *disk\n  b:\n    <<: *disk\n',
    },
    {
      name: 'an anchored value is kept; an alias to it goes',
      code: 'services:\n  a:\n    image: x\n    storage_opt: &so {size: 1G}\n  b:\n    image: y\n    storage_opt: *so\n',
      errors: [
        { line: 4, column: 23, endLine: 4, endColumn: 27, message: 'Service "a"' },
        { line: 4, column: 23, endLine: 4, endColumn: 27, message: 'Service "b"' },
      ],
      output: 'services:\n  a:\n    image: x\n    storage_opt: &so {size: 1G}\n  b:\n    image: y\n',
    },
    {
      name: 'rootful daemon known: info',
      code: service('storage_opt:', '  size: 20G'),
      facts: { source: 'daemon', rootless: false },
      errors: [{ line: 5, column: 7, endLine: 5, endColumn: 11, severity: 'info' }],
      output: service(),
    },
    {
      name: 'CRLF line ends',
      code: 'services:\r\n  web:\r\n    image: x\r\n    storage_opt:\r\n      size: 1G\r\n    restart: always\r\n',
      errors: [{ line: 5, column: 7, endLine: 5, endColumn: 11 }],
      output: 'services:\r\n  web:\r\n    image: x\r\n    restart: always\r\n',
    },
  ],
});
