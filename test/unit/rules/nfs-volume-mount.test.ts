import { nfsVolumeMount } from '../../../src/lint/rules/compose/nfs-volume-mount';
import { ruleTester } from '../ruleTester';

/** A service using volume `data`, whose declaration gets the given lines (from line 8, column 5). */
function vol(...lines: string[]): string {
  return ['services:', '  web:', '    image: nginx', '    volumes:', '      - data:/data', 'volumes:', '  data:', ...lines.map((l) => `    ${l}`), ''].join('\n');
}

ruleTester(nfsVolumeMount, 'compose', {
  valid: [
    { code: vol('driver: local'), name: 'a plain local volume' },
    { code: vol('driver_opts:', '  type: tmpfs', '  device: tmpfs', '  o: "size=100m,uid=1000"'), name: 'tmpfs' },
    { code: vol('driver: local', 'driver_opts:', '  type: none', '  o: bind', '  device: /srv/data'), name: 'a bind through the local driver' },
    { code: vol('external: true'), name: 'external volume' },
    { code: vol('driver: rclone', 'driver_opts:', '  type: nfs', '  device: ":/export"'), name: 'a volume plugin mounts it itself' },
    { code: vol('driver_opts:', '  type: nfs', '  o: "addr=10.0.0.5"'), name: 'nfs without a device' },
    { code: vol('driver_opts:', '  type: ${FS_TYPE:-tmpfs}', '  device: tmpfs'), name: 'interpolated default tmpfs' },
    { code: vol('labels:', '  type: nfs', '  device: ":/export"'), name: 'labels are not driver options' },
    {
      code: ['services:', '  web:', '    image: nginx', '    volumes:', '      - type: volume', '        source: data', '        target: /data', '        volume:', '          nocopy: true', 'volumes:', '  data: {}', ''].join('\n'),
      name: 'service-level long syntax has no driver options',
    },
    { code: 'x-nfs: &nfs\n  driver_opts: {type: nfs, device: ":/x"}\nservices:\n  web:\n    image: nginx\n', name: 'an anchor outside volumes' },
  ],
  invalid: [
    {
      code: vol('driver: local', 'driver_opts:', '  type: nfs', '  o: "addr=10.0.0.5,rw,nfsvers=4"', '  device: ":/export/data"'),
      errors: [{ line: 10, column: 13, endLine: 10, endColumn: 16, severity: 'error', message: 'Volume "data" mounts nfs device ":/export/data"' }],
      output: null,
    },
    {
      name: 'cifs',
      code: vol('driver_opts:', '  type: cifs', '  device: //nas/share', '  o: "username=u,password=p"'),
      errors: [{ line: 9, column: 13, endLine: 9, endColumn: 17, message: 'failed to mount local volume: … operation not permitted' }],
      output: null,
    },
    {
      name: 'a block device, quoted type',
      code: vol('driver_opts: {type: "ext4", device: /dev/sdb1}'),
      errors: [{ line: 8, column: 25, endLine: 8, endColumn: 31, message: 'mounts ext4 device "/dev/sdb1"' }],
      output: null,
    },
    {
      name: 'interpolated type',
      code: vol('driver_opts:', '  type: ${FS_TYPE}', '  device: ":/export"'),
      env: { FS_TYPE: 'nfs4' },
      errors: [{ line: 9, column: 13, endLine: 9, endColumn: 23, message: 'mounts nfs4 device' }],
      output: null,
    },
    {
      name: 'through a merge key: points at the anchored text',
      code: 'x-nfs: &nfs\n  driver_opts:\n    type: nfs\n    device: ":/export"\nservices:\n  web:\n    image: nginx\nvolumes:\n  a:\n    <<: *nfs\n  b:\n    <<: *nfs\n',
      errors: [
        { line: 3, column: 11, endLine: 3, endColumn: 14, message: 'Volume "a"' },
        { line: 3, column: 11, endLine: 3, endColumn: 14, message: 'Volume "b"' },
      ],
      output: null,
    },
  ],
});
