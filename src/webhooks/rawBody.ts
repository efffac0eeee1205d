/**
 * Reads a request body as bytes, refusing it past a size cap: a declared
 * `Content-Length` over the cap is refused before a byte is read, an undeclared one as
 * soon as the running total passes it.
 */
import type { IncomingMessage } from 'node:http';

/** The body, or why there is none. */
export type RawBody = { readonly ok: true; readonly bytes: Buffer } | { readonly ok: false; readonly reason: 'too-large' | 'aborted' | 'consumed' };

/** A body a framework already read (Express's `express.raw()`, a `rawBody` field). */
function alreadyRead(req: IncomingMessage): Buffer | undefined {
  const holder = req as IncomingMessage & { body?: unknown; rawBody?: unknown };
  for (const value of [holder.rawBody, holder.body]) {
    if (Buffer.isBuffer(value)) return value;
  }
  return undefined;
}

export function readRawBody(req: IncomingMessage, maxBytes: number): Promise<RawBody> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve({ ok: false, reason: 'too-large' });
  const given = alreadyRead(req);
  if (given !== undefined) return Promise.resolve(given.length > maxBytes ? { ok: false, reason: 'too-large' } : { ok: true, bytes: given });
  // A JSON body parser ran first: the bytes the signature covers are gone.
  if (req.readableEnded) return Promise.resolve({ ok: false, reason: 'consumed' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const finish = (result: RawBody) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onFail);
      req.off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > maxBytes) {
        // Stop reading: the rest is not worth the memory. The answer still goes out.
        req.pause();
        finish({ ok: false, reason: 'too-large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish({ ok: true, bytes: Buffer.concat(chunks, total) });
    const onFail = () => finish({ ok: false, reason: 'aborted' });
    const onClose = () => {
      if (!req.complete) onFail();
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onFail);
    req.on('close', onClose);
  });
}
