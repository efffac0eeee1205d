/**
 * One pattern for every spelling of a secret that text can carry: each character as
 * is, percent-encoded (UTF-8 bytes, either hex case) or JSON-escaped (`\u0045`, `\/`),
 * and the characters of a percent escape JSON-escaped in turn. A body that spells the
 * token `\u0045AAB...` or `%45AAB...` reads as the token once parsed or URL-decoded, so
 * every one of those spellings is a leak.
 */

const encoder = new TextEncoder();

/** The characters JSON may write as a backslash and one letter, with that letter. */
export const JSON_SHORT_ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', '\b': 'b', '\f': 'f', '\n': 'n', '\r': 'r', '\t': 't' };

/** Text as a regular expression that matches it literally. */
export const regexLiteral = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

/** `[aA]` for a letter, the digit itself otherwise: hex digits in either case. */
const anyCase = (hexDigit: string) => (/[a-f]/i.test(hexDigit) ? `[${hexDigit.toLowerCase()}${hexDigit.toUpperCase()}]` : hexDigit);

/** A hex number as a regular expression that matches it in either case. */
const anyCaseHex = (hex: string) => [...hex].map(anyCase).join('');

/** One UTF-16 unit as JSON may write it: itself, `\uXXXX` (either hex case), or its short escape. */
function jsonUnit(unit: string, alternatives: readonly string[] = [regexLiteral(unit)]): string {
  const hex = anyCaseHex(unit.charCodeAt(0).toString(16).padStart(4, '0'));
  const short = JSON_SHORT_ESCAPES[unit];
  return `(?:${[...alternatives, `\\\\u${hex}`, ...(short === undefined ? [] : [`\\\\${regexLiteral(short)}`])].join('|')})`;
}

/** One character (a code point) as JSON may write it. */
const jsonChar = (char: string) => (char.length === 1 ? jsonUnit(char) : `(?:${regexLiteral(char)}|${[...char].map((unit) => jsonUnit(unit, [])).join('')})`);

/** A hex digit of a percent escape, in either case, as JSON may write it. */
function jsonHexDigit(digit: string): string {
  if (!/[a-f]/i.test(digit)) return jsonUnit(digit);
  return `(?:${jsonUnit(digit.toLowerCase())}|${jsonUnit(digit.toUpperCase())})`;
}

/** One character of a secret: as itself, or as its percent-encoded UTF-8 bytes. */
function charSpellings(char: string): string {
  const percent = [...encoder.encode(char)]
    .map((byte) => {
      const [high = '0', low = '0'] = byte.toString(16).padStart(2, '0');
      return `${jsonUnit('%')}${jsonHexDigit(high)}${jsonHexDigit(low)}`;
    })
    .join('');
  return `(?:${jsonChar(char)}|${percent})`;
}

/** The secrets worth looking for (4 characters or more), once each, the longest first. */
export function knownSecrets(secrets: ReadonlyArray<string | undefined>): string[] {
  return [...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4))].sort((a, b) => b.length - a.length);
}

/**
 * A global regular expression that matches any of the secrets in any spelling above;
 * `undefined` when there is none to look for. Longer secrets come first, so a secret
 * that contains another is matched whole.
 */
export function secretSpellings(secrets: ReadonlyArray<string | undefined>): RegExp | undefined {
  const known = knownSecrets(secrets);
  return known.length === 0 ? undefined : spellingsPattern(known);
}

/** {@link secretSpellings} of secrets already sorted and filtered by {@link knownSecrets} (at least one). */
export function spellingsPattern(known: readonly string[]): RegExp {
  return new RegExp(known.map((secret) => [...secret].map(charSpellings).join('')).join('|'), 'g');
}
