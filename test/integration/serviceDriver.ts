// Runs one operation of the service core (src/service) as the bed's user, inside the systemd test bed, and prints
// its result as JSON: the integration tests run this through `systemd-bed.sh exec`, because systemctl --user must
// run as that user, in the bed's namespaces. Bundled by serviceBed.ts; never part of the extension.
//   node service-driver.js OP   (OP: status start stop restart enable disable linger manager journal follow)
// Environment: RD_UNIT (default docker.service), RD_READY_TIMEOUT_MS, RD_LINGER_USER.
import * as os from 'node:os';
import { journalArgs } from '../../src/service/args';
import { getLinger, getStatus, journalTail, restartService, setEnabled, startService, stopService, userManagerReachable, type ServiceContext } from '../../src/service/control';
import { formatEntry, parseJournalLine } from '../../src/service/journal';
import { daemonSocket } from '../../src/service/readiness';
import { createRunner } from '../../src/service/run';

async function main(op: string): Promise<unknown> {
  const runner = createRunner({ env: process.env, cwd: os.homedir() });
  const uid = process.getuid?.();
  const user = os.userInfo().username;
  const ctx: ServiceContext = {
    runner,
    unit: process.env.RD_UNIT ?? 'docker.service',
    socketPath: daemonSocket({ env: process.env, uid, home: os.homedir() })?.socketPath,
    user,
    readyTimeoutMs: Number(process.env.RD_READY_TIMEOUT_MS ?? 60_000),
  };
  const progress: string[] = [];
  const reporter = { report: (m: string) => progress.push(m) };
  switch (op) {
    case 'status':
      return { socketPath: ctx.socketPath, ...(await getStatus(ctx)) };
    case 'start':
      return { outcome: await startService(ctx, reporter), progress };
    case 'stop':
      return { outcome: await stopService(ctx, reporter), progress };
    case 'restart':
      return { outcome: await restartService(ctx, reporter), progress };
    case 'enable':
    case 'disable':
      return { outcome: await setEnabled(ctx, op === 'enable') };
    case 'linger':
      return await getLinger(ctx, process.env.RD_LINGER_USER ?? user);
    case 'manager':
      return await userManagerReachable(ctx);
    case 'journal': {
      const read = await journalTail(ctx, 50);
      return { ...read, lines: read.entries.map(formatEntry) };
    }
    case 'follow': {
      // Follows the journal while the daemon restarts; stops at dockerd's "API listen on" line (or after 60 s).
      const lines: string[] = [];
      let resolveSeen: () => void = () => undefined;
      const seen = new Promise<void>((r) => (resolveSeen = r));
      const handle = runner.stream('journalctl', journalArgs({ unit: ctx.unit, lines: 0, follow: true }), (line) => {
        const e = parseJournalLine(line);
        if (!e) return;
        lines.push(formatEntry(e));
        if (/API listen on/.test(e.message)) resolveSeen();
      });
      await new Promise((r) => setTimeout(r, 500));
      const outcome = await restartService(ctx, reporter);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([seen, new Promise((r) => (timer = setTimeout(r, 60_000)))]);
      clearTimeout(timer);
      handle.stop();
      const done = await handle.done;
      return { outcome, lines, stopSignal: done.signal };
    }
    default:
      throw new Error(`unknown operation ${op}`);
  }
}

main(process.argv[2] ?? '').then(
  (result) => process.stdout.write(JSON.stringify(result) + '\n'),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 2;
  },
);
