// An ssh server in the test process that answers `docker system dial-stdio` by connecting to a unix
// socket, the way a remote docker host does: a daemon reached through ssh://, with a host key of its own.
import * as net from 'node:net';
import { Server, utils, type Connection } from 'ssh2';

export interface SshBridge {
  port: number;
  /** The host key's public half, as an OpenSSH line ("ssh-ed25519 AAAA…"). */
  hostPublicKey: string;
  /** Commands clients ran. */
  commands: string[];
  close(): Promise<void>;
}

export async function startSshBridge(socketPath: string): Promise<SshBridge> {
  const hostKey = utils.generateKeyPairSync('ed25519');
  const commands: string[] = [];
  const clients = new Set<Connection>();
  const server = new Server({ hostKeys: [hostKey.private] }, (client) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => ctx.accept());
    client.on('ready', () => {
      client.on('session', (accept) => {
        const session = accept();
        session.on('exec', (acceptExec, reject, info) => {
          commands.push(info.command);
          if (info.command !== 'docker system dial-stdio') {
            reject();
            return;
          }
          const stream = acceptExec();
          const upstream = net.connect(socketPath);
          stream.pipe(upstream).pipe(stream);
          upstream.on('error', () => stream.close());
          stream.on('close', () => upstream.destroy());
        });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    hostPublicKey: hostKey.public.trim(),
    commands,
    close: async () => {
      for (const c of clients) c.end();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
