import { gpuRequiresConfig } from '../../../src/lint/rules/compose/gpu-requires-config';
import { ruleTester } from '../ruleTester';
import { service } from './compose';

const reservation = (...lines: string[]) => service('deploy:', '  resources:', '    reservations:', '      devices:', ...lines.map((l) => `        ${l}`));

// Line 4 is the first line under the service; in `reservation`, line 8 is the first device line.
ruleTester(gpuRequiresConfig, 'compose', {
  valid: [
    { code: service('runtime: runc'), name: 'another runtime' },
    { code: service('runtime: "${RUNTIME:-runc}"'), name: 'interpolated default runc' },
    { code: service('deploy:', '  resources:', '    reservations:', '      cpus: "1"', '      memory: 1g'), name: 'reservations without devices' },
    { code: service('devices: [nvidia.com/gpu]'), name: 'not a CDI name (no =)' },
    { code: service('devices:', '  - /dev/kvm:/dev/kvm'), name: 'a plain device' },
    { code: service('devices:', '  - amd.com/gpu=all'), name: 'another vendor\'s CDI device' },
    { code: service('deploy:', '  resources:', '    limits:', '      memory: 1g'), name: 'resources without devices' },
    { code: reservation('- capabilities: [tpu]'), name: 'another capability' },
    { code: reservation('- driver: cdi', '  device_ids: [vendor.com/fpga=0]'), name: 'CDI reservation of another vendor' },
    { code: service('labels:', '  gpus: all'), name: 'a label is not the gpus key' },
    { code: service('environment:', '  - NVIDIA_VISIBLE_DEVICES=all'), name: 'environment alone' },
    { code: 'x-gpu: &gpu\n  gpus: all\nservices:\n  web:\n    <<: *gpu\n    image: nginx\n    gpus: !reset null\n', name: 'reset over a merge' },
    { code: 'x-gpu: &gpu\n  runtime: nvidia\nservices:\n  web:\n    image: nginx\n', name: 'an unused anchor is not a service' },
  ],
  invalid: [
    {
      code: service('gpus: all'),
      errors: [{ line: 4, column: 5, endLine: 4, endColumn: 9, severity: 'info', message: 'gpus of service "web" needs the NVIDIA Container Toolkit set up for the rootless daemon' }],
      output: null,
    },
    {
      name: 'gpus as a list, and runtime: nvidia',
      code: service('runtime: nvidia', 'gpus:', '  - driver: nvidia', '    count: 1'),
      errors: [
        { line: 4, column: 14, endLine: 4, endColumn: 20, message: 'runtime: nvidia of service "web"' },
        { line: 5, column: 5, endLine: 5, endColumn: 9, message: 'no-cgroups = true' },
      ],
      output: null,
    },
    {
      name: 'CDI device',
      code: service('devices:', '  - nvidia.com/gpu=all'),
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 27, message: 'CDI device nvidia.com/gpu=all' }],
      output: null,
    },
    {
      name: 'reservation with driver nvidia: the driver value',
      code: reservation('- driver: nvidia', '  count: all', '  capabilities: [gpu]'),
      errors: [{ line: 8, column: 23, endLine: 8, endColumn: 29, message: 'reservations.devices driver: nvidia' }],
      output: null,
    },
    {
      name: 'reservation with capabilities only',
      code: reservation('- capabilities: [gpu, utility]', '  device_ids: ["0"]'),
      errors: [{ line: 8, column: 30, endLine: 8, endColumn: 33, message: 'capability gpu' }],
      output: null,
    },
    {
      name: 'CDI reservation',
      code: reservation('- driver: cdi', '  device_ids: [nvidia.com/gpu=all]'),
      errors: [{ line: 9, column: 28, endLine: 9, endColumn: 46, message: 'cdi-spec-dirs' }],
      output: null,
    },
    {
      name: 'through a merge key: points at the anchored text',
      code: 'x-gpu: &gpu\n  deploy:\n    resources:\n      reservations:\n        devices:\n          - driver: nvidia\nservices:\n  a:\n    <<: *gpu\n    image: x\n',
      errors: [{ line: 6, column: 21, endLine: 6, endColumn: 27, message: 'service "a"' }],
      output: null,
    },
  ],
});
