import { hostNetnsDetached } from '../../facts';
import { usesHostNetwork } from '../../parse/fields';
import { servicePorts } from '../../parse/ports';
import { DOCS, TEST_BED, reportValue, type ComposeContext, type Rule } from '../../rule';

type Kind = 'web server or reverse proxy' | 'mail server' | 'DNS server' | 'intrusion detection system';

/** Images whose job depends on the client's address, by repository name (the last path component). */
const BY_NAME: Record<string, Kind> = {
  nginx: 'web server or reverse proxy',
  'nginx-unprivileged': 'web server or reverse proxy',
  openresty: 'web server or reverse proxy',
  'nginx-proxy': 'web server or reverse proxy',
  'nginx-proxy-manager': 'web server or reverse proxy',
  swag: 'web server or reverse proxy',
  traefik: 'web server or reverse proxy',
  caddy: 'web server or reverse proxy',
  'caddy-docker-proxy': 'web server or reverse proxy',
  haproxy: 'web server or reverse proxy',
  'haproxy-alpine': 'web server or reverse proxy',
  'haproxy-ubuntu': 'web server or reverse proxy',
  envoy: 'web server or reverse proxy',
  httpd: 'web server or reverse proxy',
  varnish: 'web server or reverse proxy',
  bunkerweb: 'web server or reverse proxy',
  'docker-mailserver': 'mail server',
  mailserver: 'mail server',
  'poste.io': 'mail server',
  postfix: 'mail server',
  'postfix-mailcow': 'mail server',
  maddy: 'mail server',
  stalwart: 'mail server',
  'stalwart-mail': 'mail server',
  pihole: 'DNS server',
  'pi-hole': 'DNS server',
  adguardhome: 'DNS server',
  coredns: 'DNS server',
  bind9: 'DNS server',
  unbound: 'DNS server',
  dnsmasq: 'DNS server',
  blocky: 'DNS server',
  crowdsec: 'intrusion detection system',
  suricata: 'intrusion detection system',
  fail2ban: 'intrusion detection system',
};

/** Images whose repository name alone is too generic, matched by `namespace/name`. */
const BY_PATH: Record<string, Kind> = {
  'stalwartlabs/mail-server': 'mail server',
  'technitium/dns-server': 'DNS server',
  'mailu/postfix': 'mail server',
};

/** `registry:5000/ns/name:tag@sha256:…` → `ns/name` (lower case), without registry, tag or digest. */
function repository(image: string): string {
  let ref = image.trim().toLowerCase();
  const at = ref.indexOf('@');
  if (at >= 0) ref = ref.slice(0, at);
  const colon = ref.lastIndexOf(':');
  if (colon > ref.lastIndexOf('/')) ref = ref.slice(0, colon);
  const parts = ref.split('/');
  // The first component is a registry when it looks like a host: it has a dot or a port, or is localhost.
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0])) parts.shift();
  if (parts[0] === 'library' && parts.length === 2) parts.shift();
  return parts.join('/');
}

function kindOf(image: string): Kind | undefined {
  const repo = repository(image);
  const parts = repo.split('/');
  const name = parts[parts.length - 1];
  const path = parts.slice(-2).join('/');
  return BY_PATH[path] ?? (Object.prototype.hasOwnProperty.call(BY_NAME, name) ? BY_NAME[name] : undefined);
}

export const sourceIpNotPreserved: Rule = {
  id: 'source-ip-not-preserved',
  title: "Published ports of a rootless daemon may hide the client's IP address from proxies, mail and DNS servers",
  severity: 'info',
  docs: DOCS.networking,
  observed: { ...TEST_BED, verified: true, effect: 'A request from the host\'s 127.0.0.1 to a published port reaches busybox httpd from the bridge gateway (172.17.0.1), not from 127.0.0.1 (builtin port driver).' },
  compose(ctx: ComposeContext) {
    for (const service of ctx.services) {
      const image = ctx.doc.value(ctx.doc.get(service.node, 'image'));
      if (!image || !image.text) continue;
      const kind = kindOf(image.text);
      if (!kind) continue;
      // Host networking publishes nothing through the port driver.
      if (usesHostNetwork(ctx.doc, service.node)) continue;
      if (!servicePorts(ctx.doc, service.node).length) continue;
      const builtin = hostNetnsDetached(ctx.facts)
        ? `, or the builtin driver with "userland-proxy": false in ~/.config/docker/daemon.json (this daemon, ${ctx.facts.daemonVersion}, ships RootlessKit 3.0; TCP only)`
        : ', or, from Docker 29.5 (RootlessKit 3.0), the builtin driver with "userland-proxy": false (TCP only)';
      reportValue(
        ctx,
        image,
        `Service "${service.name}" publishes ports with image "${image.text}" (${/^[aeiou]/i.test(kind) ? 'an' : 'a'} ${kind}). By default a rootless daemon's port forwarding does not pass on ` +
          `source addresses, so the service sees every client as a gateway or loopback address: access lists, rate limits, logs and ban rules act on the wrong IP. ` +
          `Client addresses are kept with the slirp4netns port driver, pasta with the implicit port driver${builtin}.`,
      );
    }
  },
};
