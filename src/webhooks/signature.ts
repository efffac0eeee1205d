/**
 * `X-Hub-Signature-256`: `sha256=` + hex HMAC-SHA256 of the raw body, keyed with the app
 * secret. Compared in constant time, so the time a refusal takes says nothing about how
 * much of a forged signature was right.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/**
 * The `X-Hub-Signature-256` value Meta sends with `body`: `sha256=<hex HMAC-SHA256>`.
 * For tests and emulators that post webhooks the way Meta does.
 *
 * @example
 * ```ts
 * import { signWebhookBody } from 'rx-graph-conversations/webhooks';
 *
 * const body = JSON.stringify({ object: 'page', entry: [] });
 * const headers = { 'content-type': 'application/json', 'x-hub-signature-256': signWebhookBody(body, 'app-secret') };
 * ```
 */
export function signWebhookBody(body: string | Uint8Array, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

/** What a signature header says about a body: no header, a wrong or malformed one, or a match. */
export type SignatureCheck = 'missing' | 'mismatch' | 'valid';

/** Checks `header` against the body's HMAC in constant time; nothing is parsed before. */
export function checkSignature(body: Uint8Array, header: string | readonly string[] | undefined, appSecret: string): SignatureCheck {
  if (header === undefined || header === '') return 'missing';
  // Two signature headers are not a signature Meta sent.
  if (typeof header !== 'string') return 'mismatch';
  const hex = SIGNATURE.exec(header.trim())?.[1];
  const expected = createHmac('sha256', appSecret).update(body).digest();
  // A malformed header is still compared (against zeros), so it costs the same time.
  const given = hex === undefined ? Buffer.alloc(expected.length) : Buffer.from(hex, 'hex');
  return timingSafeEqual(given, expected) && hex !== undefined ? 'valid' : 'mismatch';
}

/** Whether `given` equals `expected`, in a time that depends on neither (both are hashed first). */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
