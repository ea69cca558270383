import { deviceGroupAccess } from '../../../src/lint/rules/compose/device-group-access';
import { ruleTester } from '../ruleTester';
import { service } from './compose';

// Line 4 is `devices:`, line 5 its first item (text from column 9).
ruleTester(deviceGroupAccess, 'compose', {
  valid: [
    { code: service('devices:', '  - /dev/fuse:/dev/fuse'), name: 'world-accessible /dev/fuse' },
    { code: service('devices:', '  - "/dev/net/tun:/dev/net/tun:rwm"'), name: 'world-accessible /dev/net/tun' },
    { code: service('devices:', '  - source: /dev/fuse', '    target: /dev/fuse', '    permissions: rwm'), name: 'long syntax, world-accessible' },
    { code: service('devices:', '  - /dev/nvidia0:/dev/nvidia0', '  - /dev/nvidiactl'), name: 'NVIDIA nodes are mode 0666' },
    { code: service('devices:', '  - nvidia.com/gpu=all'), name: 'NVIDIA CDI name belongs to gpu-requires-config' },
    { code: service('devices:', '  - vendor.com/device=myname'), name: 'other CDI name' },
    { code: service('devices:', '  - "${DEV}:/dev/ttyUSB0"'), name: 'unset variable: no host path' },
    { code: service('volumes:', '  - /dev/kvm:/dev/kvm'), name: 'a bind mount is not a device' },
    { code: service('device_cgroup_rules:', '  - "c 188:* rmw"'), name: 'cgroup rules are another rule' },
    { code: service('devices: []'), name: 'empty list' },
    { code: 'x-base: &base\n  devices: [/dev/kvm]\nservices:\n  web:\n    <<: *base\n    image: nginx\n    devices: !reset []\n', name: 'reset over a merge' },
    { code: 'x-dev: &dev\n  - /dev/kvm:/dev/kvm\nservices:\n  web:\n    image: nginx\n', name: 'an unused anchor is not a service' },
  ],
  invalid: [
    {
      code: service('devices:', '  - /dev/kvm:/dev/kvm'),
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 17, severity: 'warning', message: 'Device /dev/kvm of service "web"' }],
      output: null,
    },
    {
      name: 'host path only, quoted; names the dialout group',
      code: service('devices:', '  - "/dev/ttyUSB0"'),
      errors: [{ line: 5, column: 10, endLine: 5, endColumn: 22, message: 'through the dialout group' }],
      output: null,
    },
    {
      name: 'a directory with permissions',
      code: service('devices:', '  - /dev/dri:/dev/dri:rwm'),
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 17, message: 'sudo setfacl -m u:$USER:rw on each node under /dev/dri' }],
      output: null,
    },
    {
      name: 'long syntax: the source',
      code: service('devices:', '  - source: /dev/dri/renderD128', '    target: /dev/dri/renderD128', '    permissions: rw'),
      errors: [{ line: 5, column: 17, endLine: 5, endColumn: 36, message: 'through the render group' }],
      output: null,
    },
    {
      name: 'unknown node: a host group',
      code: service('devices: ["/dev/hidraw0:/dev/hidraw0", /dev/fuse]'),
      errors: [{ line: 4, column: 16, endLine: 4, endColumn: 28, message: 'through a host group' }],
      output: null,
    },
    {
      name: 'interpolated: the whole value',
      code: service('devices:', '  - "${KVM:-/dev/kvm}:/dev/kvm"'),
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 36, message: 'Device /dev/kvm' }],
      output: null,
    },
    {
      name: 'through a merge key: points at the anchored text',
      code: 'x-base: &base\n  devices:\n    - /dev/ttyACM0:/dev/ttyACM0\nservices:\n  a:\n    <<: *base\n    image: x\n',
      errors: [{ line: 3, column: 7, endLine: 3, endColumn: 19, message: 'service "a"' }],
      output: null,
    },
  ],
});
