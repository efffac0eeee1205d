/**
 * `npm start -- --webhooks`: the dashboard's webhook side. A `webhookReceiver` on its own
 * loopback port (the emulator posts its signed webhooks there, after the handshake), and a
 * Server-Sent Events route that tells the page "something happened in this inbox" so its
 * `pollDiff` polls now. The page gets only the platform of each event: no ids, no text,
 * and never the app secret or verify token (made up per run).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { filter, map, type Observable } from 'rxjs';
import { webhookReceiver, type WebhookEvent } from '../src/webhooks/index';

export interface WebhookRelay {
  /** The callback url for the emulator's `webhook.url`. */
  readonly url: string;
  readonly appSecret: string;
  readonly verifyToken: string;
  /** Every accepted event (for the server's own log or tests). */
  readonly events$: Observable<WebhookEvent>;
  /** An SSE handler: one `data: MESSENGER|INSTAGRAM` line per event about one of `accounts` (the Page id, its Instagram account id). */
  signals(accounts: readonly string[]): (req: IncomingMessage, res: ServerResponse) => void;
  close(): Promise<void>;
}

export async function startWebhookRelay(): Promise<WebhookRelay> {
  const appSecret = randomBytes(16).toString('hex');
  const verifyToken = randomBytes(16).toString('hex');
  const { handler, events$ } = webhookReceiver({ appSecret, verifyToken, onRefused: (why) => console.warn(`webhook: ${why}`) });
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    appSecret,
    verifyToken,
    events$,
    signals: (accounts) => (req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': webhook signals\n\n');
      const subscription = events$
        .pipe(
          filter((event) => event.kind !== 'other' && accounts.includes(event.pageId)),
          map((event) => (event.object === 'instagram' ? 'INSTAGRAM' : 'MESSENGER')),
        )
        .subscribe((platform) => res.write(`data: ${platform}\n\n`));
      req.on('close', () => subscription.unsubscribe());
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
