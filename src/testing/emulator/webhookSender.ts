/**
 * The emulator's webhook client: runs Meta's verification handshake, then posts signed
 * events for the emulator's mutations, with seeded delays, duplicates and drops, and
 * retries a delivery that was not answered 2xx the way Meta does (later, then again,
 * with growing waits). Owns its sockets and timers and releases them on close.
 */
import { request, type ClientRequest } from 'node:http';
import { startTimer, type TimerHandle } from '../../timing/delay';
import { signWebhookBody } from '../../webhooks/signature';
import { mix32, mulberry32, type Random } from './random';
import type { WebhookPayload } from './webhookPayloads';
import type { EmulatorWebhookOptions, WebhookDeliveryRecord } from './webhookTypes';

const LOOPBACK_URL = /^http:\/\/(?:127(?:\.\d{1,3}){3}|\[::1\]|localhost)(?::\d+)?(?:\/|$)/;
const DEFAULT_RETRIES = 3;
const DEFAULT_RETRY_DELAY_MS = 1000;

interface Delivery extends WebhookDeliveryRecord {
  fate: WebhookDeliveryRecord['fate'];
  attempts: number;
  statuses: number[];
  firstPostedAt: number | undefined;
  deliveredAt: number | undefined;
}

function rate(name: string, value: number | undefined): number {
  const r = value ?? 0;
  if (typeof r !== 'number' || !(r >= 0 && r <= 1)) throw new Error(`startEmulator: webhook.${name} must be a share between 0 and 1, got ${String(value)}`);
  return r;
}

function wholeMs(name: string, value: number | undefined, fallback: number): number {
  const ms = value ?? fallback;
  if (typeof ms !== 'number' || !Number.isSafeInteger(ms) || ms < 0) throw new Error(`startEmulator: webhook.${name} must be a whole number >= 0, got ${String(value)}`);
  return ms;
}

/** One HTTP exchange with the receiver: the status, or 0 when the connection failed. */
function exchange(url: string, init: { method: 'GET' | 'POST'; headers?: Record<string, string>; body?: string }, track: Set<ClientRequest>): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = request(url, { method: init.method, headers: init.headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (chunk: Buffer) => parts.push(chunk));
      res.on('end', () => {
        track.delete(req);
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') });
      });
      res.on('error', () => resolve({ status: 0, body: '' }));
    });
    track.add(req);
    req.on('error', () => {
      track.delete(req);
      resolve({ status: 0, body: '' });
    });
    req.end(init.body);
  });
}

export class WebhookSender {
  private readonly random: Random;
  private readonly log: Delivery[] = [];
  private readonly timers = new Set<TimerHandle>();
  private readonly inFlight = new Set<ClientRequest>();
  private readonly waiters: Array<() => void> = [];
  private pending = 0;
  private closed = false;
  private readonly dropRate: number;
  private readonly duplicateRate: number;
  private readonly maxDelayMs: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;

  constructor(
    private readonly options: EmulatorWebhookOptions,
    seed: number,
  ) {
    if (typeof options.url !== 'string' || !LOOPBACK_URL.test(options.url)) {
      throw new Error('startEmulator: webhook.url must be an http:// url on loopback (127.0.0.1, [::1] or localhost)');
    }
    for (const name of ['appSecret', 'verifyToken'] as const) {
      if (typeof options[name] !== 'string' || options[name] === '') throw new Error(`startEmulator: webhook.${name} must be a non-empty string`);
    }
    this.dropRate = rate('dropRate', options.dropRate);
    this.duplicateRate = rate('duplicateRate', options.duplicateRate);
    this.maxDelayMs = wholeMs('maxDelayMs', options.maxDelayMs, 0);
    this.retries = wholeMs('retries', options.retries, DEFAULT_RETRIES);
    this.retryDelayMs = wholeMs('retryDelayMs', options.retryDelayMs, DEFAULT_RETRY_DELAY_MS);
    this.random = mulberry32(mix32(options.seed ?? seed, 0x776562));
  }

  get deliveries(): readonly WebhookDeliveryRecord[] {
    return this.log.map((delivery) => ({ ...delivery, statuses: [...delivery.statuses] }));
  }

  /** Meta's verification: GET with the verify token and a challenge, which must come back as the body. */
  async handshake(): Promise<void> {
    const challenge = String(Math.floor(this.random() * 1e9));
    const url = new URL(this.options.url);
    url.searchParams.set('hub.mode', 'subscribe');
    url.searchParams.set('hub.verify_token', this.options.verifyToken);
    url.searchParams.set('hub.challenge', challenge);
    const answer = await exchange(url.href, { method: 'GET' }, this.inFlight);
    if (answer.status !== 200 || answer.body !== challenge) {
      // The url is the caller's; the token travels in it, so it is not repeated here.
      throw new Error(`startEmulator: the webhook handshake failed: the callback answered ${answer.status === 0 ? 'no connection' : `status ${answer.status}`}${answer.status === 200 ? ' without the challenge' : ''}`);
    }
  }

  /** Posts the event of one mutation: dropped, once, or twice, each copy after its own seeded delay. */
  send(payload: WebhookPayload): void {
    if (this.closed) return;
    const dropped = this.random() < this.dropRate;
    const copies = dropped ? 0 : this.random() < this.duplicateRate ? 2 : 1;
    const delivery: Delivery = {
      seq: this.log.length + 1,
      kind: payload.kind,
      pageId: payload.pageId,
      threadId: payload.threadId,
      copies,
      fate: dropped ? 'dropped' : 'pending',
      attempts: 0,
      statuses: [],
      firstPostedAt: undefined,
      deliveredAt: undefined,
    };
    this.log.push(delivery);
    for (let copy = 0; copy < copies; copy += 1) {
      this.pending += 1;
      this.later(Math.floor(this.random() * (this.maxDelayMs + 1)), () => this.attempt(delivery, payload.body, 0));
    }
  }

  /** Resolves once every delivery is answered 2xx, has given up, or was dropped. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) timer.cancel();
    this.timers.clear();
    for (const req of this.inFlight) req.destroy();
    this.inFlight.clear();
    for (const delivery of this.log) if (delivery.fate === 'pending') delivery.fate = 'failed';
    this.pending = 0;
    this.release();
  }

  private later(ms: number, run: () => void): void {
    if (ms === 0) return run();
    const timer = startTimer(ms, () => {
      this.timers.delete(timer);
      run();
    }, { unref: true });
    this.timers.add(timer);
  }

  private attempt(delivery: Delivery, body: string, retry: number): void {
    if (this.closed) return;
    delivery.attempts += 1;
    delivery.firstPostedAt ??= performance.now();
    const headers = { 'content-type': 'application/json', 'x-hub-signature-256': signWebhookBody(body, this.options.appSecret) };
    void exchange(this.options.url, { method: 'POST', headers, body }, this.inFlight).then(({ status }) => {
      if (this.closed) return;
      delivery.statuses.push(status);
      if (status >= 200 && status < 300) {
        delivery.fate = 'delivered';
        delivery.deliveredAt ??= performance.now();
        return this.settle();
      }
      if (retry >= this.retries) {
        if (delivery.fate !== 'delivered') delivery.fate = 'failed';
        return this.settle();
      }
      this.later(this.retryDelayMs * 2 ** retry, () => this.attempt(delivery, body, retry + 1));
    });
  }

  private settle(): void {
    this.pending -= 1;
    if (this.pending === 0) this.release();
  }

  private release(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}
