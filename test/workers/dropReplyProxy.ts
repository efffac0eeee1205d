// A loopback TCP proxy in front of redis-server that can lose one reply: once armed with a
// marker, the first reply chunk after a command containing the marker that holds a
// commit script's answer (a two-number array) is dropped and the connection cut, so the
// client never hears it although the server ran the command.
import { createServer, connect, type Server, type Socket } from 'node:net';

const COMMIT_REPLY = /\*2\r\n:[012]\r\n:\d+\r\n/;

export interface DropReplyProxy {
  readonly port: number;
  /** Arms the proxy; resolves once a reply was dropped. */
  dropNextReplyTo(marker: string): Promise<void>;
  /** How many replies were dropped. */
  readonly dropped: number;
  close(): Promise<void>;
}

export function startDropReplyProxy(targetPort: number): Promise<DropReplyProxy> {
  let armed: { marker: Buffer; done: () => void } | undefined;
  let dropped = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    let waitingForReply: (() => void) | undefined;
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk: Buffer) => {
      if (armed !== undefined && chunk.includes(armed.marker)) {
        waitingForReply = armed.done;
        armed = undefined;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (waitingForReply === undefined || !COMMIT_REPLY.test(chunk.toString('latin1'))) {
        client.write(chunk);
        return;
      }
      dropped += 1;
      const done = waitingForReply;
      waitingForReply = undefined;
      cut();
      done();
    });
    client.on('close', cut).on('error', cut);
    upstream.on('close', cut).on('error', cut);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      resolve({
        port,
        get dropped() {
          return dropped;
        },
        dropNextReplyTo: (marker) => new Promise<void>((done) => (armed = { marker: Buffer.from(marker), done })),
        close: () =>
          new Promise<void>((closed) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => closed());
          }),
      });
    });
  });
}
