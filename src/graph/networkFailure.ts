/** What a failed fetch amounts to: a short reason, and whether the connection was refused. */
export interface NetworkFailure {
  /** One short phrase: the system code once, the host but never the URL (the error carries that in `url`). */
  readonly reason: string;
  /**
   * Nothing listened at the host and port (`ECONNREFUSED`): a wrong `graphUrl`, a proxy
   * or emulator that is down. Not retried: the same port seconds later refuses again,
   * and five backoff retries only delay the answer by many seconds.
   */
  readonly refused: boolean;
}

const codeOf = (value: unknown): string | undefined => {
  const code = typeof value === 'object' && value !== null ? (value as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
};

// Duck-typed, not `instanceof Error`: a fetch from another realm (Node's own, seen from a vm or a test runner) throws its realm's Error.
const messageOf = (value: unknown): string => {
  const message = typeof value === 'object' && value !== null ? (value as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : String(value);
};

/**
 * Reads what failed from the error a fetch threw: node-fetch (cross-fetch on Node) puts
 * `code` on the error and the URL in its message (`request to <url> failed, reason:
 * connect ECONNREFUSED 127.0.0.1:9`); Node's own fetch throws `fetch failed` with the
 * system error as its `cause`.
 */
export function networkFailure(error: unknown, url: string): NetworkFailure {
  const cause: unknown = typeof error === 'object' && error !== null ? (error as { cause?: unknown }).cause : undefined;
  const code = codeOf(error) ?? codeOf(cause);
  let host: string;
  try {
    host = new URL(url).host;
  } catch {
    host = 'the server';
  }
  if (code === 'ECONNREFUSED') return { reason: `connection refused by ${host} (ECONNREFUSED)`, refused: true };
  // Any URL in the text (the request's, with its query) becomes the host: the error keeps the URL, safely, in `url`.
  const detail = messageOf(cause ?? error)
    .replace(/^request to .* failed, reason: /, '')
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, host);
  return { reason: code === undefined || detail.includes(code) ? detail : `${code}: ${detail}`, refused: false };
}
