import { runtimeUnsupported } from '../../../src/lint/rules/compose/runtime-unsupported';
import { ruleTester } from '../ruleTester';
import { service } from './compose';

// Line 4 is the first line under the service.
ruleTester(runtimeUnsupported, 'compose', {
  valid: [
    { code: service('runtime: runc') },
    { code: service('runtime: io.containerd.runc.v2'), name: 'runc under its shim name' },
    { code: service('runtime: nvidia'), name: 'nvidia belongs to gpu-requires-config' },
    { code: service('restart: always'), name: 'no runtime' },
    { code: service('runtime: ""'), name: 'empty runtime' },
    { code: service('runtime: ${RUNTIME}'), name: 'unset variable' },
    { code: service('runtime: ${RUNTIME:-runc}'), name: 'default runc' },
    { code: service('runtime: $RUNTIME'), env: { RUNTIME: 'runc' }, name: 'runc from the environment' },
    { code: service('runtime: !reset null'), name: 'reset runtime' },
    { code: service('labels:', '  - runtime=runsc'), name: 'a label' },
    { code: service('environment:', '  runtime: runsc'), name: 'an environment variable' },
    { code: 'x-sandbox: &sandbox\n  runtime: runsc\nservices:\n  web:\n    image: nginx\n', name: 'an unused anchor' },
    { code: 'x-sandbox: &sandbox\n  runtime: runsc\nservices:\n  web:\n    <<: *sandbox\n    runtime: runc\n', name: 'merged runtime overridden' },
  ],
  invalid: [
    {
      name: 'gVisor',
      code: service('runtime: runsc'),
      errors: [{ line: 4, column: 14, endLine: 4, endColumn: 19, message: 'Service "web" uses runtime "runsc" (gVisor, which expects a rootful daemon)', severity: 'info' }],
      output: null,
    },
    {
      name: 'Sysbox, quoted',
      code: service('runtime: "sysbox-runc"'),
      errors: [{ line: 4, column: 14, endLine: 4, endColumn: 27, message: '"user.slice:docker:<id>"' }],
      output: null,
    },
    {
      name: 'Kata shim',
      code: service('runtime: io.containerd.kata.v2'),
      errors: [{ line: 4, column: 14, endLine: 4, endColumn: 35, message: 'Kata Containers' }],
      output: null,
    },
    {
      name: 'a rootless-capable runtime still needs registering',
      code: service('runtime: crun'),
      errors: [{ line: 4, column: 14, endLine: 4, endColumn: 18, message: 'crun itself runs rootless, but a rootless daemon only knows runtimes registered in its own ~/.config/docker/daemon.json' }],
      output: null,
    },
    {
      name: 'a custom shim',
      code: service('runtime: my-shim # custom'),
      errors: [{ line: 4, column: 14, endLine: 4, endColumn: 21, message: 'uses runtime "my-shim": a rootless daemon' }],
      output: null,
    },
    {
      name: 'interpolated default',
      code: service('runtime: ${RUNTIME:-runsc}'),
      errors: [{ line: 4, column: 14, endLine: 4, endColumn: 31, message: 'runtime "runsc"' }],
      output: null,
    },
    {
      name: 'through a merge key',
      code: 'x-sandbox: &sandbox\n  runtime: runsc\nservices:\n  a:\n    <<: *sandbox\n',
      errors: [{ line: 2, column: 12, endLine: 2, endColumn: 17, message: 'Service "a"' }],
      output: null,
    },
  ],
});
