import { sourceIpNotPreserved } from '../../../src/lint/rules/compose/source-ip-not-preserved';
import { ruleTester } from '../ruleTester';

/** One service `web` with the given image (line 3) and extra lines from line 4. */
function image(name: string, ...lines: string[]): string {
  return ['services:', '  web:', `    image: ${name}`, ...lines.map((l) => `    ${l}`), ''].join('\n');
}
const ports = 'ports: ["8080:80"]';

ruleTester(sourceIpNotPreserved, 'compose', {
  valid: [
    { code: image('nginx'), name: 'no ports' },
    { code: image('nginx', 'expose: ["80"]'), name: 'expose is not publishing' },
    { code: image('nginx', 'ports: []'), name: 'empty ports' },
    { code: image('traefik:v3', 'network_mode: host', ports), name: 'host network publishes nothing' },
    { code: image('postgres:16', 'ports: ["5432:5432"]'), name: 'not a proxy' },
    { code: image('nginx/nginx-prometheus-exporter:1.1', 'ports: ["9113:9113"]'), name: 'an exporter named after nginx' },
    { code: image('traefik/whoami', ports), name: 'a demo image from the traefik namespace' },
    { code: image('ghcr.io/example/dns-server:1', 'ports: ["53:53/udp"]'), name: 'a generic name without its namespace' },
    { code: image('registry.example.com:5000/team/haproxy-config:1', ports), name: 'a name that only starts like haproxy' },
    { code: image('crowdsecurity/cs-firewall-bouncer', ports), name: 'a bouncer, not the engine' },
    { code: image('${PROXY_IMAGE}', ports), name: 'image from an unset variable' },
    { code: 'services:\n  web:\n    build: .\n    ports: ["80:80"]\n', name: 'build only, no image' },
    { code: 'x-proxy: &proxy\n  image: traefik\n  ports: ["80:80"]\nservices:\n  app:\n    image: myapp\n', name: 'an unused anchor' },
    { code: 'x-proxy: &proxy\n  image: traefik\n  ports: ["8080:80"]\nservices:\n  web:\n    <<: *proxy\n    ports: !reset []\n', name: 'merged ports reset' },
    { code: image('nginx', 'ports: !reset []'), name: 'reset ports' },
    { code: image('mailhog/mailhog', 'ports: ["8025:8025"]'), name: 'a mail catcher for development' },
    { code: image('nginxinc/nginx-s3-gateway', ports), name: 'another nginx-named image' },
    { code: image('bitnami/nginx-ingress-controller:1', ports), name: 'a controller image' },
    { code: image('coredns/coredns', 'expose: ["53/udp"]'), name: 'DNS server reachable only by other containers' },
    { code: image('busybox', 'command: ["nginx"]', ports), name: 'nginx only in the command' },
  ],
  invalid: [
    {
      code: image('nginx:1.27-alpine', ports),
      errors: [{ line: 3, column: 12, endLine: 3, endColumn: 29, message: 'Service "web" publishes ports with image "nginx:1.27-alpine" (a web server or reverse proxy)', severity: 'info' }],
      output: null,
    },
    {
      name: 'registry, library namespace, tag and digest',
      code: image('docker.io/library/traefik:v3.1@sha256:0123abcd', ports),
      errors: [{ line: 3, column: 12, endLine: 3, endColumn: 58, message: 'slirp4netns port driver' }],
      output: null,
    },
    {
      name: 'registry with a port',
      code: image('"localhost:5000/caddy"', 'ports: ["443:443"]'),
      errors: [{ line: 3, column: 12, endLine: 3, endColumn: 34 }],
      output: null,
    },
    {
      name: 'DNS server with a container-only port',
      code: image('pihole/pihole:latest', 'ports:', '  - "53:53/udp"', '  - 80'),
      errors: [{ line: 3, column: 12, endLine: 3, endColumn: 32, message: '(a DNS server)' }],
      output: null,
    },
    {
      name: 'mail server, long port syntax',
      code: image('ghcr.io/docker-mailserver/docker-mailserver:14', 'ports:', '  - target: 25', '    published: 2525'),
      errors: [{ line: 3, column: 12, endLine: 3, endColumn: 58, message: '(a mail server)' }],
      output: null,
    },
    {
      name: 'intrusion detection',
      code: image('crowdsecurity/crowdsec', ports),
      errors: [{ line: 3, column: 12, endLine: 3, endColumn: 34, message: '(an intrusion detection system)' }],
      output: null,
    },
    {
      name: 'a generic name matched with its namespace',
      code: image('technitium/dns-server', 'ports: ["5380:5380"]'),
      errors: [{ line: 3, column: 12, endLine: 3, endColumn: 33, message: '(a DNS server)' }],
      output: null,
    },
    {
      name: 'daemon known to ship RootlessKit 3.0',
      code: image('haproxy:2.9', ports),
      facts: { source: 'daemon', daemonVersion: '29.5.0' },
      errors: [{ line: 3, column: 12, endLine: 3, endColumn: 23, message: 'this daemon, 29.5.0, ships RootlessKit 3.0' }],
      output: null,
    },
    {
      name: 'interpolated image',
      code: image('${PROXY:-haproxy}:2.9', ports),
      errors: [{ line: 3, column: 12, endLine: 3, endColumn: 33, message: 'image "haproxy:2.9"' }],
      output: null,
    },
    {
      name: 'through a merge key: once per service, on the anchored image',
      code: 'x-proxy: &proxy\n  image: traefik\n  ports: ["80:80"]\nservices:\n  a:\n    <<: *proxy\n  b:\n    <<: *proxy\n',
      errors: [
        { line: 2, column: 10, endLine: 2, endColumn: 17, message: 'Service "a"' },
        { line: 2, column: 10, endLine: 2, endColumn: 17, message: 'Service "b"' },
      ],
      output: null,
    },
  ],
});
