import { swarmUnsupported } from '../../../src/lint/rules/compose/swarm-unsupported';
import { ruleTester } from '../ruleTester';
import { service } from './compose';

// Line 4 is the first line under the service.
ruleTester(swarmUnsupported, 'compose', {
  valid: [
    { code: service('deploy:', '  mode: replicated', '  replicas: 2'), name: 'replicated mode' },
    { code: service('deploy:', '  resources:', '    limits:', '      memory: 1g'), name: 'resources only' },
    { code: service('ports:', '  - target: 80', '    published: 8080', '    mode: host'), name: 'port mode host' },
    { code: service('ports:', '  - target: 80', '    published: 8080'), name: 'long syntax without mode' },
    { code: service('ports:', '  - "8080:80"'), name: 'short syntax' },
    { code: service('labels:', '  mode: global', '  placement: east'), name: 'labels are not deploy keys' },
    { code: service('deploy:', '  labels:', '    mode: global'), name: 'deploy labels' },
    { code: service('deploy:', '  placement: {}'), name: 'empty placement' },
    { code: service('deploy:', '  mode: ${MODE:-replicated}'), name: 'interpolated default replicated' },
    { code: 'x-deploy: &d\n  mode: global\n  placement:\n    constraints: [node.role==manager]\nservices:\n  web:\n    image: nginx\n', name: 'an unused anchor is not a service' },
    { code: 'x-base: &base\n  deploy:\n    placement:\n      constraints: [node.role==manager]\nservices:\n  web:\n    <<: *base\n    image: nginx\n    deploy: !reset {}\n', name: 'reset over a merge' },
  ],
  invalid: [
    {
      code: service('deploy:', '  mode: global'),
      errors: [{ line: 5, column: 13, endLine: 5, endColumn: 19, severity: 'info', message: 'deploy.mode "global" of service "web" is a Swarm scheduling mode' }],
      output: null,
    },
    {
      name: 'placement: the key',
      code: service('deploy:', '  replicas: 2', '  placement:', '    constraints:', '      - node.role == manager'),
      errors: [{ line: 6, column: 7, endLine: 6, endColumn: 16, message: 'deploy.placement of service "web" holds Swarm constraints' }],
      output: null,
    },
    {
      name: 'port mode ingress',
      code: service('ports:', '  - target: 80', '    published: "8080"', '    mode: ingress'),
      errors: [{ line: 7, column: 15, endLine: 7, endColumn: 22, message: 'Port mode "ingress" of service "web"' }],
      output: null,
    },
    {
      name: 'global job and placement in flow style',
      code: service('deploy: {mode: global-job, placement: {max_replicas_per_node: 1}}'),
      errors: [
        { line: 4, column: 20, endLine: 4, endColumn: 30, message: 'deploy.mode "global-job"' },
        { line: 4, column: 32, endLine: 4, endColumn: 41, message: 'deploy.placement' },
      ],
      output: null,
    },
    {
      name: 'through a merge key: points at the anchored text',
      code: 'x-deploy: &d\n  deploy:\n    mode: global\nservices:\n  a:\n    <<: *d\n    image: x\n',
      errors: [{ line: 3, column: 11, endLine: 3, endColumn: 17, message: 'service "a"' }],
      output: null,
    },
  ],
});
