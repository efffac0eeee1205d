/**
 * Token scrubbing for what the dashboard proxy sends back to the browser. Graph answers
 * can carry the proxy's own token (in `paging.next`, in error texts) and other tokens
 * (a Page's `access_token` member, a token pasted into a message), in any spelling the
 * server chose. Pure.
 */

export const REDACTED = '[redacted]';

/**
 * JSON (`\u0045`) and URL (`%45`) escapes of letters and digits spell a token without
 * matching it; writing those characters plainly means the same in JSON and in URLs, so
 * the patterns below see every spelling. An escaped backslash (`\\u0045`) is text, and
 * stays.
 */
function unescapeAlphanumerics(text: string): string {
  return text.replace(/\\(?:\\|u00([0-9a-fA-F]{2}))|%([0-9a-fA-F]{2})/g, (match, json: string | undefined, url: string | undefined) => {
    const hex = json ?? url;
    if (hex === undefined) return match;
    const char = String.fromCharCode(Number.parseInt(hex, 16));
    return /^[A-Za-z0-9]$/.test(char) ? char : match;
  });
}

/** A JSON member name that holds a credential: `access_token`, `token`, `page_access_token`, `app_secret`, `appsecret_proof`. */
export const CREDENTIAL_KEY = /^(?:[A-Za-z0-9_]*_)?(?:token|secret|proof)$/i;

/** `access_token=` and `appsecret_proof=` values in URLs; a truncated body may hold part of one. */
const CREDENTIAL_PARAMETER = /((?:access_token|appsecret_proof)=)[^&"'\s<>\\]*/g;
/** `"access_token": "..."` in text that is not (or no longer) JSON, a cut-off value included. */
const CREDENTIAL_MEMBER = /("(?:[A-Za-z0-9_]*_)?(?:token|secret|proof)"\s*:\s*)"(?:[^"\\]|\\.)*"?/gi;
/** Strings shaped like Meta tokens: user and Page tokens start `EAA`, Instagram ones `IGQV` or `IGAA`. */
const TOKEN_SHAPED = /(?<![A-Za-z0-9_-])(?:EAA[A-Za-z0-9]{20,}|IG(?:QV|AA)[A-Za-z0-9_-]{30,})/g;

/** Every spelling of the proxy's own token that can show up in a body or header. */
function tokenSpellings(token: string): string[] {
  const spellings = new Set([token, encodeURIComponent(token), new URLSearchParams({ t: token }).toString().slice(2), JSON.stringify(token).slice(1, -1)]);
  return [...spellings].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
}

/**
 * Removes tokens from any text: every spelling of `token`, credential parameters and
 * members, and token-shaped strings, after undoing escapes of letters and digits.
 */
export function redactToken(text: string, token: string): string {
  let out = unescapeAlphanumerics(text)
    .replace(CREDENTIAL_PARAMETER, `$1${REDACTED}`)
    .replace(CREDENTIAL_MEMBER, `$1"${REDACTED}"`)
    .replace(TOKEN_SHAPED, REDACTED);
  for (const spelling of tokenSpellings(token)) out = out.split(spelling).join(REDACTED);
  return out;
}

/**
 * A parsed JSON value with every string passed through `rewrite` then scrubbed (member
 * names too), and every credential member's value replaced, whatever its type.
 */
export function scrubJson(value: unknown, token: string, rewrite: (s: string) => string = (s) => s): unknown {
  if (typeof value === 'string') return redactToken(rewrite(value), token);
  if (Array.isArray(value)) return value.map((item) => scrubJson(item, token, rewrite));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [redactToken(key, token), CREDENTIAL_KEY.test(key) ? REDACTED : scrubJson(item, token, rewrite)]),
    );
  }
  return value;
}
