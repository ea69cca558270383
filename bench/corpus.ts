// Deterministic inputs for the benchmarks: a large compose file of realistic services, and a corpus of
// Dockerfiles of realistic shapes and sizes (multi-stage builds, package installs over continuation
// lines, here-documents), including one of 1,200 lines.

/** A small deterministic generator, so every run measures the same text. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/**
 * `n` services of a few kinds (web front ends, APIs, databases, workers, proxies, monitoring), about
 * 13 lines each (a 1,000-service file is about 13,000 lines), with anchors and merge keys, and a realistic share of rootless findings: privileged
 * ports, an AppArmor option, the Docker socket, resource limits.
 */
export function composeFile(n: number): string {
  const r = rng(42);
  const out = [
    'name: big-stack',
    'x-logging: &logging',
    '  driver: json-file',
    '  options: { max-size: "10m", max-file: "3" }',
    'x-restart: &restart',
    '  restart: unless-stopped',
    'services:',
  ];
  for (let i = 0; i < n; i++) {
    const kind = i % 6;
    const name = ['web', 'api', 'db', 'worker', 'proxy', 'monitor'][kind] + i;
    out.push(`  ${name}:`, '    <<: *restart', '    logging: *logging', '    labels:', `      com.example.team: team-${i % 12}`, `      com.example.service: ${name}`, `    healthcheck: { test: ["CMD", "true"], interval: 30s }`);
    switch (kind) {
      case 0:
        out.push(`    image: nginx:1.27`, '    ports:', `      - "${r() < 0.2 ? 80 : 8000 + i}:80"`, `      - "127.0.0.1:${20000 + i}:443/tcp"`, '    volumes:', `      - ./sites/${name}:/usr/share/nginx/html:ro`);
        break;
      case 1:
        out.push(`    build: { context: ./api, args: { VERSION: "1.${i % 10}" } }`, '    environment:', `      DATABASE_URL: postgres://db${i - 1}:5432/app`, `      PORT: "${3000 + (i % 100)}"`, '    depends_on: [' + `db${i + 1}` + ']', '    ports: ["${API_PORT:-' + (9000 + i) + '}:3000"]');
        break;
      case 2:
        out.push('    image: postgres:16', '    environment:', '      - POSTGRES_PASSWORD_FILE=/run/secrets/db', '    volumes:', `      - db${i}:/var/lib/postgresql/data`, '    deploy:', '      resources:', '        limits: { cpus: "1.0", memory: 1g }');
        break;
      case 3:
        out.push(`    image: registry.example.com/team/worker:${i % 7}`, '    command: ["python", "-m", "worker", "--queue", "q' + i + '"]', '    ulimits:', '      nofile: { soft: 65536, hard: 65536 }', '    mem_limit: 512m');
        break;
      case 4:
        out.push('    image: traefik:3', '    ports: ["' + (r() < 0.3 ? 443 : 8443 + i) + ':443"]', ...(r() < 0.25 ? ['    security_opt:', '      - apparmor=unconfined', '      - no-new-privileges:true'] : ['    security_opt: [no-new-privileges:true]']), '    extra_hosts: ["host.docker.internal:host-gateway"]');
        break;
      default:
        out.push('    image: prom/node-exporter', '    volumes:', ...(r() < 0.2 ? ['      - /var/run/docker.sock:/var/run/docker.sock:ro'] : []), '      - /proc:/host/proc:ro', '    sysctls:', '      net.core.somaxconn: 1024');
    }
  }
  out.push('volumes:', ...Array.from({ length: Math.ceil(n / 6) }, (_, k) => `  db${6 * k + 2}: {}`));
  return out.join('\n') + '\n';
}

const PACKAGES = ['curl', 'ca-certificates', 'git', 'build-essential', 'libssl-dev', 'python3', 'python3-pip', 'iputils-ping', 'jq', 'unzip', 'openssh-client', 'tzdata'];

/** One Dockerfile of about `lines` lines: stages of installs, copies, environment, users, health checks. */
export function dockerfile(lines: number, seed: number): string {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const out = ['# syntax=docker/dockerfile:1', `FROM ${pick(['debian:12', 'ubuntu:24.04', 'node:20', 'python:3.12-slim', 'golang:1.22'])} AS build`, 'ARG VERSION=1.0', 'WORKDIR /src'];
  while (out.length < lines) {
    switch (Math.floor(r() * 10)) {
      case 0:
      case 1: {
        const pkgs = Array.from({ length: 3 + Math.floor(r() * 8) }, () => pick(PACKAGES));
        out.push('RUN apt-get update \\', '    && apt-get install -y --no-install-recommends \\', ...pkgs.map((p) => `        ${p} \\`), '    && rm -rf /var/lib/apt/lists/*');
        break;
      }
      case 2:
        out.push(`COPY ${pick(['package*.json', 'go.mod go.sum', 'requirements.txt', 'src/', '.'])} ${pick(['./', '/src/', '/app/'])}`);
        break;
      case 3:
        out.push(`ENV ${pick(['NODE_ENV=production', 'PATH=/app/bin:$PATH', 'PYTHONUNBUFFERED=1', 'GOFLAGS=-mod=vendor'])}`, `LABEL org.opencontainers.image.version=$VERSION`);
        break;
      case 4:
        out.push(`RUN --mount=type=cache,target=/root/.cache ${pick(['npm ci', 'pip install -r requirements.txt', 'go build -o /out/app ./...', 'make -j4'])}`);
        break;
      case 5:
        out.push('RUN <<EOF', 'set -eux', `${pick(['groupadd -g 1000 app', 'addgroup -g 1000 app'])}`, `${pick(['useradd -u 1000 -g app -m app', 'useradd -u 100000 -m app', 'adduser -D -u 1000 app'])}`, 'EOF');
        break;
      case 6:
        out.push(`HEALTHCHECK --interval=30s CMD ${pick(['curl -f http://localhost/ || exit 1', 'ping -c 1 localhost', '["/app/healthcheck"]'])}`);
        break;
      case 7:
        out.push(`FROM ${pick(['gcr.io/distroless/base', 'alpine:3.20', 'debian:12-slim'])} AS stage${out.length}`, 'COPY --from=build /out/ /app/', `USER ${pick(['1000', 'app', '65532:65532', '100000'])}`);
        break;
      case 8:
        out.push(`EXPOSE ${pick(['80', '8080', '443', '3000/tcp'])}`, `ENTRYPOINT ${pick(['["/app/server"]', '["node", "server.js"]', '/app/start.sh'])}`);
        break;
      default:
        out.push(`# ${pick(['build the app', 'runtime image', 'keep the image small', 'see README'])}`, '');
    }
  }
  return out.join('\n') + '\n';
}

/** 60 Dockerfiles from about 15 to 400 lines, plus one of 1,200 lines. */
export function dockerfileCorpus(): string[] {
  const sizes = Array.from({ length: 60 }, (_, i) => Math.round(15 * Math.pow(400 / 15, i / 59)));
  return [...sizes.map((n, i) => dockerfile(n, i + 1)), dockerfile(1200, 1200)];
}
