/**
 * `webhookReceiver`: a plain Node request handler for Meta's messaging webhooks and the
 * Observable of the events it accepted. It opens no port: mount `handler` on a server.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Observable, Subject } from 'rxjs';
import { right } from 'fp-ts/lib/Either.js';
import { callable, orThrow, optionsObject, rejected, wholeNumber, type Checked } from '../options/check';
import { decodeDelivery, type WebhookEvent } from './events';
import { readRawBody } from './rawBody';
import { checkSignature, sameSecret } from './signature';

/** Meta batches up to 1000 updates in one POST, each well under 1 KiB. */
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Options of {@link webhookReceiver}.
 *
 * @example
 * ```ts
 * const config: WebhookReceiverConfig = {
 *   appSecret: process.env.APP_SECRET ?? '',
 *   verifyToken: process.env.VERIFY_TOKEN ?? '',
 *   onRefused: (why) => console.warn('webhook refused:', why),
 * };
 * ```
 */
export interface WebhookReceiverConfig {
  /** The app secret (Meta app dashboard, App settings > Basic): the key of `X-Hub-Signature-256`. */
  readonly appSecret: string;
  /** The verify token you typed into the webhook settings: the handshake answers only to it. */
  readonly verifyToken: string;
  /** Largest body accepted, in bytes (413 past it). Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /**
   * Told about every refusal and every part of a signed body that did not decode, in a
   * sentence without secrets or body text, e.g. `POST refused (401): no X-Hub-Signature-256 header`.
   */
  readonly onRefused?: (reason: string) => void;
}

/**
 * What {@link webhookReceiver} returns: the handler to mount and the events it accepted.
 *
 * @example
 * ```ts
 * const { handler, events$ }: WebhookReceiver = webhookReceiver({ appSecret, verifyToken });
 * ```
 */
export interface WebhookReceiver {
  /** A Node `(req, res)` handler: `http.createServer(handler)`, `app.post(path, handler)` (Express), or `handler(request.raw, reply.raw)` (Fastify). */
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
  /** Every event of every accepted delivery, in arrival order; hot (events that arrive with no subscriber are not kept). Never errors. */
  readonly events$: Observable<WebhookEvent>;
}

/** A secret option: a non-empty string. The error says what is wrong with it, never what it is. */
function secret(option: string, value: unknown): Checked<string> {
  if (typeof value === 'string' && value.length > 0) return right(value);
  return rejected(option, 'a non-empty string', typeof value === 'string' ? 'an empty string' : typeof value);
}

function answer(res: ServerResponse, status: number, body = ''): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
}

/**
 * Receives Meta's Messenger and Instagram messaging webhooks. The handler answers:
 *
 * - `GET` (the verification handshake Meta runs when you save the callback URL):
 *   `hub.mode=subscribe` with `hub.verify_token` equal to `verifyToken` gets 200 and
 *   `hub.challenge` as the body; anything else 403.
 * - `POST` (a delivery): the raw body is read up to `maxBodyBytes` (413 past it), then its
 *   `X-Hub-Signature-256` is checked in constant time before anything is parsed: 401
 *   without one, 403 when it does not match. A signed body gets 200 at once, and is parsed
 *   after the answer went out (Meta retries what is not answered 2xx within 20 s).
 * - anything else 405.
 *
 * Each `entry[].messaging[]` item of a signed body is decoded on its own and emitted on
 * `events$`; one that does not decode is skipped and told to `onRefused` (its batch-mates
 * still count). Items of kinds not modelled here arrive as `kind: 'other'`. Other
 * products (`object: 'user'`, ...) yield nothing. The app secret and verify token never
 * appear in an answer, an event or a reason.
 *
 * The uncomfortable edges: a signature proves Meta sent the body, not that it is new:
 * Meta itself sends some events twice, late, or out of order, and loses some. Treat an
 * event as a hint to read Graph (`pollDiff`'s `trigger`), not as the change itself. The
 * body must reach the handler unread: mount it before any JSON body parser (or give it
 * `express.raw({ type: 'application/json' })`, whose Buffer it uses); a body already
 * parsed cannot be checked and is answered 500. `events$` is hot: subscribe before
 * mounting the handler.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { webhookReceiver } from 'rx-graph-conversations/webhooks';
 *
 * const { handler, events$ } = webhookReceiver({ appSecret: process.env.APP_SECRET ?? '', verifyToken: process.env.VERIFY_TOKEN ?? '' });
 * events$.subscribe((event) => console.log(event.kind, event.pageId, event.userId));
 * createServer(handler).listen(8080);
 * // message 1001 6543210987654321
 * ```
 *
 * @param config - `appSecret`, `verifyToken` (both required, non-empty), `maxBodyBytes`
 * (1 MiB), `onRefused`. Throws an `InvalidInputError` at call for a bad option.
 * @return The handler and the events it accepts.
 */
export function webhookReceiver(config: WebhookReceiverConfig): WebhookReceiver {
  orThrow(optionsObject('config', config, 'an object such as { appSecret, verifyToken }'));
  const appSecret = orThrow(secret('appSecret', config.appSecret));
  const verifyToken = orThrow(secret('verifyToken', config.verifyToken));
  const maxBodyBytes = orThrow(wholeNumber('maxBodyBytes', config.maxBodyBytes, { min: 1 })) ?? DEFAULT_MAX_BODY_BYTES;
  const onRefused = orThrow(callable('onRefused', config.onRefused, 'a function (reason) => void'));
  const events = new Subject<WebhookEvent>();
  const refuse = (res: ServerResponse, status: number, reason: string) => {
    answer(res, status);
    onRefused?.(reason);
  };

  const handshake = (req: IncomingMessage, res: ServerResponse) => {
    const query = new URL(req.url ?? '/', 'http://receiver.invalid').searchParams;
    const challenge = query.get('hub.challenge');
    const token = query.get('hub.verify_token');
    if (query.get('hub.mode') === 'subscribe' && challenge !== null && token !== null && sameSecret(token, verifyToken)) {
      answer(res, 200, challenge);
      return;
    }
    refuse(res, 403, 'GET refused (403): not a subscribe handshake with the configured verify token');
  };

  const delivery = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readRawBody(req, maxBodyBytes);
    if (!body.ok) {
      if (body.reason === 'too-large') return refuse(res, 413, `POST refused (413): body over ${maxBodyBytes} bytes`);
      if (body.reason === 'consumed') return refuse(res, 500, 'POST refused (500): the body was already parsed; mount the handler before any JSON body parser');
      return onRefused?.('POST dropped: the client went away before the body ended');
    }
    const signature = checkSignature(body.bytes, req.headers['x-hub-signature-256'], appSecret);
    if (signature === 'missing') return refuse(res, 401, 'POST refused (401): no X-Hub-Signature-256 header');
    if (signature === 'mismatch') return refuse(res, 403, 'POST refused (403): X-Hub-Signature-256 does not match the body');
    answer(res, 200, 'EVENT_RECEIVED');
    emitDelivery(body.bytes);
  };

  const emitDelivery = (bytes: Buffer) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(bytes.toString('utf8'));
    } catch {
      return onRefused?.('POST signed but not JSON: ignored');
    }
    const { events: decoded, problems } = decodeDelivery(parsed);
    for (const problem of problems) onRefused?.(`POST signed, part ignored: ${problem}`);
    for (const event of decoded) events.next(event);
  };

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET') return handshake(req, res);
    if (req.method === 'POST') {
      delivery(req, res).catch(() => refuse(res, 500, 'POST failed (500): unexpected error while reading the body'));
      return;
    }
    res.setHeader('allow', 'GET, POST');
    refuse(res, 405, `${req.method ?? 'request'} refused (405): only GET (handshake) and POST (delivery)`);
  };

  return { handler, events$: events.asObservable() };
}
