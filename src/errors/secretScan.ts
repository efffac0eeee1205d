/**
 * Finding secrets in text without the spellings pattern (see `secretSpellings`): where
 * they stand as is, and whether any escape in the text could spell one another way. When
 * none could, the occurrences as is are all the pattern would match, found with indexOf.
 * Why: the pattern has a dozen alternatives per character of a secret and no literal
 * prefix to scan for; measured, it takes ~80 µs on a 250-character URL for a Page token
 * of 200 characters, where indexOf takes well under one.
 */
import { JSON_SHORT_ESCAPES, knownSecrets, spellingsPattern } from './secretPattern';

/** The value of the `length` hex digits at `at` in `text`; -1 when they are not all there. */
function hexAt(text: string, at: number, length: number): number {
  if (at + length > text.length) return -1;
  let value = 0;
  for (let i = at; i < at + length; i++) {
    const c = text.charCodeAt(i);
    const digit = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
    if (digit === -1) return -1;
    value = value * 16 + digit;
  }
  return value;
}

const encoder = new TextEncoder();

const PERCENT = 0x25;

/** The hex digits: a JSON escape of one can spell a digit of a percent escape of a secret (`%\u0034\u0035`). */
const HEX_DIGIT_UNITS: ReadonlySet<number> = new Set([...'0123456789abcdefABCDEF'].map((c) => c.charCodeAt(0)));

/**
 * Whether `text` holds an escape through which it could spell one of `secrets` other
 * than as is: a JSON escape (`\uXXXX`, or a short one such as `\/`) of a character of a
 * secret or of a hex digit, a JSON escape of `%` that begins a percent escape of a byte of
 * a secret (`\u002545`), or such a percent escape itself (`%45`). Graph's own escapes are
 * not among them unless a secret holds those characters: `\/`, `\u00e9`, and `%2C`, which
 * Graph writes `\u00252C` in its paging URLs (seen in captured responses). Scans with
 * indexOf from backslash to backslash and percent to percent, the digits read as numbers
 * (no string per escape): measured about half the CPU of one regular expression over a
 * page.
 */
function escapeFinder(secrets: readonly string[]): (text: string) => boolean {
  // Built with loops over char codes, not spreads of strings: a client makes one per
  // token, so one per walk or poll (the spreads measured ~28 µs for a Page token).
  const secretUnits = new Set<number>();
  const percentBytes = new Set<number>();
  for (const secret of secrets) {
    // Every UTF-16 unit, both halves of a surrogate pair too: an escape of either is flagged.
    for (let i = 0; i < secret.length; i++) secretUnits.add(secret.charCodeAt(i));
    for (const byte of encoder.encode(secret)) percentBytes.add(byte);
  }
  const shortLetters = new Set<number>();
  for (const unit of secretUnits) {
    const letter = JSON_SHORT_ESCAPES[String.fromCharCode(unit)];
    if (letter !== undefined) shortLetters.add(letter.charCodeAt(0));
  }
  // Without a short escape that could spell a secret's character (the usual case: a
  // token or app secret holds no quote, slash or control character), only `\u` escapes
  // matter, and indexOf finds those without stopping at each of Graph's many `\/`
  // (counted: ~500 backslashes a page of 100 threads, each a return to this loop).
  const lead = shortLetters.size === 0 ? '\\u' : '\\';
  return (text) => {
    // Every backslash is looked at, even one that an earlier backslash escapes: a false
    // alarm only sends the page the slow way.
    for (let at = text.indexOf(lead); at !== -1; at = text.indexOf(lead, at + 1)) {
      const next = text.charCodeAt(at + 1);
      if (next === 0x75 /* u */) {
        const unit = hexAt(text, at + 2, 4);
        if (secretUnits.has(unit) || HEX_DIGIT_UNITS.has(unit)) return true;
        // A `%` followed by escaped digits is caught at their own backslash.
        if (unit === PERCENT && percentBytes.has(hexAt(text, at + 6, 2))) return true;
      } else if (shortLetters.has(next)) return true;
    }
    for (let at = text.indexOf('%'); at !== -1; at = text.indexOf('%', at + 1)) {
      if (percentBytes.has(hexAt(text, at + 1, 2))) return true;
    }
    return false;
  };
}

/** Where the secrets stand as is in `text`: leftmost first, the longest at one place, none overlapping. */
export function occurrences(text: string, secrets: readonly string[]): Array<readonly [number, number]> {
  const found: Array<readonly [number, number]> = [];
  for (const secret of secrets) {
    for (let at = text.indexOf(secret); at !== -1; at = text.indexOf(secret, at + 1)) found.push([at, at + secret.length]);
  }
  if (found.length < 2) return found;
  found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const kept: Array<readonly [number, number]> = [];
  let end = -1;
  for (const range of found) {
    if (range[0] < end) continue;
    kept.push(range);
    end = range[1];
  }
  return kept;
}

/** `text` with `ranges` (from `occurrences`) replaced by `mark`. */
export function cutOut(text: string, ranges: ReadonlyArray<readonly [number, number]>, mark: string): string {
  let out = '';
  let from = 0;
  for (const [start, end] of ranges) {
    out += text.slice(from, start) + mark;
    from = end;
  }
  return out + text.slice(from);
}

/**
 * One set of secrets to look for (a client's token and app secret), with what looking
 * needs made once: the secrets worth looking for, the escape finder, and the pattern of
 * every spelling, built the first time a text needs it. Why lazily: for a Page token
 * (~200 characters) the pattern took ~1.6 ms to build, per client and so per walk and
 * per poll, and only a text with an escape that could spell a secret ever uses it.
 */
export class SecretSet {
  /** The secrets worth looking for (see `knownSecrets`), the longest first. */
  readonly known: readonly string[];
  /** Whether an escape in a text could spell one of them other than as is. */
  readonly hasEscape: (text: string) => boolean;
  private pattern: RegExp | undefined;

  constructor(secrets: ReadonlyArray<string | undefined>) {
    this.known = knownSecrets(secrets);
    this.hasEscape = escapeFinder(this.known);
  }

  /** Every spelling of every secret (see `secretSpellings`); only asked for when {@link known} is not empty. */
  spellings(): RegExp {
    return (this.pattern ??= spellingsPattern(this.known));
  }

  /** `text` with every spelling of the secrets replaced by `mark`: the pattern only where an escape could spell one. */
  cut(text: string, mark: string): string {
    if (this.known.length === 0) return text;
    return this.hasEscape(text) ? text.replace(this.spellings(), mark) : cutOut(text, occurrences(text, this.known), mark);
  }
}
