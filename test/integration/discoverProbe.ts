// Run by sidebar.test.ts as the test bed's user, with an environment the test chooses (often nothing at
// all): finds the endpoint the way the extension does, follows it until the state settles, prints JSON.
// Not a test file itself (no .test.ts).
import * as os from 'node:os';
import { DaemonClient } from '../../src/docker/client';
import { findEndpoint } from '../../src/docker/endpoint';
import { DaemonWatcher } from '../../src/docker/watch';

async function main(): Promise<void> {
  const uid = process.getuid?.();
  const endpoint = findEndpoint({ env: process.env, uid, home: os.homedir() });
  const watcher = new DaemonWatcher(new DaemonClient(endpoint, { env: process.env, timeoutMs: 5000 }), { uid, watchSocketDir: false });
  watcher.start();
  const deadline = Date.now() + 20_000;
  while (watcher.snapshot().status === 'connecting' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await watcher.settled();
  const s = watcher.snapshot();
  watcher.dispose();
  process.stdout.write(
    `${JSON.stringify({ uid, endpoint: s.endpoint, status: s.status, problem: s.problem, details: s.details, warnings: s.warnings, containers: s.containers.size })}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
