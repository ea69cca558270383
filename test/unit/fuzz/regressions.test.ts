// Counterexamples the fuzz suites found (shrunk by fast-check, then by minimize.ts, then tidied by hand),
// each checked with every property of check.ts. A case with `known` is a bug not fixed yet: the test
// asserts it still shows exactly as KNOWN_FAILURES describes it, and fails once it is fixed, so the entry
// and the `known` mark get removed and the case stays as a plain regression test.
import * as assert from 'node:assert/strict';
import { checkInput, type Input } from './check';
import { knownFailure } from './harness';
import { KNOWN_FAILURES } from './known';

interface Case extends Input {
  name: string;
  /** The KNOWN_FAILURES id this input shows until it is fixed. */
  known?: string;
}

const cases: Case[] = [
  {
    name: 'a key shadowing a merged key is not offered for removal: the merged one would take over (writable-cgroups)',
    kind: 'compose',
    text: 'x-base: &base\n  security_opt:\n    - no-new-privileges:true\n    - writable-cgroups\nx-sec: &sec\n  - writable-cgroups\nservices:\n  web:\n    image: busybox\n    security_opt: *sec\n    <<: *base\n',
  },
  {
    name: 'a line ending in a disable-next-line marker is not removed: the next line would lose it',
    kind: 'compose',
    text: 'services:\n  web:\n    image: busybox\n    mem_swappiness: 58 # rootless-docker-disable-next-line\n    oom_kill_disable: true\n',
  },
  {
    name: 'the same, on a cgroup v1 host known from the daemon',
    kind: 'compose',
    text: 'services:\n  web:\n    image: busybox\n    mem_swappiness: 58 # rootless-docker-disable-next-line\n    oom_kill_disable: true\n',
    facts: { source: 'daemon', rootless: true, unprivilegedPortStart: 1024, cgroupVersion: 1, cgroupDriver: 'cgroupfs' },
  },
  {
    name: 'duplicate key: the first is not offered for removal, the second would take over (cgroup-v2-unsupported-option)',
    kind: 'compose',
    text: 'services:\n  web:\n    image: busybox\n    cpu_rt_runtime: 400ms\n    cpu_rt_runtime: 400ms\n',
  },
  {
    name: 'duplicate key: the same for a sysctl (domainname-unsupported)',
    kind: 'compose',
    text: 'services:\n  web:\n    image: busybox\n    sysctls:\n      net.ipv4.ip_forward: 1\n      kernel.domainname: example.com\n      kernel.domainname: example.com\n',
  },
  {
    name: 'duplicate key: the same for storage_opt (storage-opt-unsupported)',
    kind: 'compose',
    text: 'services:\n  web:\n    image: busybox\n    storage_opt: {size: 1g}\n    storage_opt: {size: 1g}\n',
  },
  {
    name: 'a marker silencing a YAML syntax error on the next line stays',
    kind: 'compose',
    text: 'services:\n  web:\n    read_only: true\n    cpu_rt_runtime: 400ms # rootless-docker-disable-next-line\n    sh "512m"\n',
  },
  {
    name: 'a heredoc name mixing quotes (dockerfile-ast getHeredocs() throws on it): linted, with its body',
    kind: 'dockerfile',
    text: 'FROM alpine\nRUN <<\'"EOF\'\nping -c1 x\nEOF\n',
  },
  {
    name: 'a here-document line holding only the escape character before a tab-indented terminator',
    kind: 'dockerfile',
    text: 'FROM alpine\nRUN <<EOF bash\n\\\n\tEOF\n',
  },
  // Shapes the generators reach often, kept as plain regressions: every property holds.
  {
    name: 'fixes in a CRLF file with merge keys, aliases and !reset',
    kind: 'compose',
    text: 'x-ports: &ports ["80:80", "127.0.0.1:443:443/tcp"]\r\nx-base: &base\r\n  security_opt: [apparmor=unconfined]\r\nservices:\r\n  web:\r\n    <<: *base\r\n    ports: *ports\r\n    cap_add: !reset []\r\n',
  },
  {
    name: 'a lone-CR file with a port fix and an unset variable',
    kind: 'compose',
    text: 'services:\r  web:\r    ports:\r      - "80:80"\r      - "${PORT}:443"\r    security_opt:\r      - apparmor=unconfined\r      - seccomp=unconfined\r',
  },
  {
    name: 'a Dockerfile with both escape characters, heredocs and JSON forms',
    kind: 'dockerfile',
    text: '# escape=`\nFROM alpine\nRUN <<EOF sh\nping -c1 x\nEOF\nRUN ping `\n  -c1 host && useradd -u 100000 app\nHEALTHCHECK CMD ["ping", "-c", "1", "x"]\nUSER 100000:100000\n',
  },
];

describe('fuzz regressions', () => {
  for (const c of cases) {
    it(c.name, () => {
      const problems = checkInput(c);
      const ids = [...new Set(problems.map((p) => knownFailure(p, c) ?? `${p.kind} (${p.ruleId ?? '-'}): ${p.detail}`))];
      if (!c.known) {
        assert.deepEqual(ids, [], 'every fuzz property holds');
        return;
      }
      assert.ok(KNOWN_FAILURES.some((k) => k.id === c.known), `${c.known} is no longer in KNOWN_FAILURES: remove "known" from this case`);
      assert.deepEqual(ids, [c.known], `still shows ${c.known} and nothing else (fixed? delete it from known.ts and drop "known" here)`);
    });
  }

  it('every known failure has a regression case', () => {
    for (const k of KNOWN_FAILURES) assert.ok(cases.some((c) => c.known === k.id), `no case for ${k.id}`);
  });
});
