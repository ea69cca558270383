import { domainnameUnsupported } from '../../../src/lint/rules/compose/domainname-unsupported';
import { ruleTester } from '../ruleTester';
import { service } from './compose';

// Line 4 is the first line under the service.
ruleTester(domainnameUnsupported, 'compose', {
  valid: [
    { code: service('hostname: mail.example.com'), name: 'a fully qualified hostname' },
    { code: service('domainname: ""'), name: 'empty' },
    { code: service('domainname: ${DOMAIN}'), name: 'unset variable' },
    { code: service('dns_search: example.com', 'extra_hosts:', '  - "mail.example.com=10.0.0.5"'), name: 'the suggested replacement' },
    { code: service('sysctls:', '  - net.core.somaxconn=1024'), name: 'other sysctls are another rule' },
    { code: service('environment:', '  - kernel.domainname=example.com', '  - DOMAINNAME=example.com'), name: 'environment' },
    { code: service('labels:', '  domainname: example.com'), name: 'a label' },
    { code: service('domainname: ${DOMAIN:-}'), name: 'interpolated empty default' },
    { code: service('# domainname: example.com', 'hostname: web'), name: 'commented out' },
    { code: 'x-base: &base\n  domainname: example.com\nservices:\n  web:\n    <<: *base\n    image: nginx\n    domainname: !reset null\n', name: 'reset over a merge' },
    { code: 'x-d: &d\n  domainname: example.com\nservices:\n  web:\n    image: nginx\n', name: 'an unused anchor is not a service' },
  ],
  invalid: [
    {
      code: service('domainname: example.com'),
      errors: [{ line: 4, column: 17, endLine: 4, endColumn: 28, severity: 'error', message: 'fails to start with "open /proc/sys/kernel/domainname: permission denied"' }],
      output: service(),
    },
    {
      name: 'from the environment: no fix',
      code: service('domainname: ${DOMAIN}'),
      env: { DOMAIN: 'corp.local' },
      errors: [{ line: 4, column: 17, endLine: 4, endColumn: 26, message: 'domainname "corp.local" of service "web"' }],
      output: null,
    },
    {
      name: 'kernel.domainname sysctl beside another: that item goes',
      code: service('sysctls:', '  - kernel.domainname=example.com', '  - net.ipv4.ip_forward=1'),
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 26, message: 'Sysctl kernel.domainname of service "web"' }],
      output: service('sysctls:', '  - net.ipv4.ip_forward=1'),
    },
    {
      name: 'kernel.domainname beside somaxconn: the whole key goes',
      code: service('sysctls:', '  kernel.domainname: example.com', '  net.core.somaxconn: 1024'),
      errors: [{ line: 5, column: 7, endLine: 5, endColumn: 24 }],
      output: service(),
    },
    {
      name: 'both forms: both lines go',
      code: service('domainname: example.com', 'sysctls: {kernel.domainname: example.com}'),
      errors: [
        { line: 4, column: 17, endLine: 4, endColumn: 28, message: 'domainname "example.com"' },
        { line: 5, column: 15, endLine: 5, endColumn: 32, message: 'Sysctl kernel.domainname' },
      ],
      output: service(),
    },
    {
      name: 'through a merge key: points at the anchored text, no fix',
      code: 'x-base: &base\n  domainname: example.com\nservices:\n  a:\n    <<: *base\n    image: x\n',
      errors: [{ line: 2, column: 15, endLine: 2, endColumn: 26, message: 'service "a"' }],
      output: null,
    },
  ],
});
