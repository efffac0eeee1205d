/**
 * JSON.parse for response bodies, with the secrets taken out of every parsed string.
 *
 * Scrubbing belongs after parsing: before it, `\u0045AAB...` is not the token yet. It
 * stays cheap because the walk over the parsed value only runs when one scan of the raw
 * text finds a spelling of a secret (see `secretSpellings`: it matches through JSON
 * escapes and percent escapes), which real Graph pages only do for the `access_token`
 * of their paging URLs.
 */
import { REDACTED } from '../errors/redact';
import { anyCaseHex, JSON_SHORT_ESCAPES, regexLiteral } from '../errors/secretPattern';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isContainer = (value: Json): value is Json[] | { [key: string]: Json } => typeof value === 'object' && value !== null;

/**
 * Replaces, in place, what `scrub` finds in the strings of a freshly parsed value, object
 * keys included. Iterative: a body nested 100,000 deep must not overflow the stack.
 */
function scrubInPlace(root: Json, scrub: (text: string) => string): Json {
  if (typeof root === 'string') return scrub(root);
  const pending: Json[] = [root];
  for (let container = pending.pop(); container !== undefined; container = pending.pop()) {
    if (!isContainer(container)) continue;
    if (Array.isArray(container)) {
      for (let i = 0; i < container.length; i += 1) {
        const item = container[i] as Json;
        if (typeof item === 'string') container[i] = scrub(item);
        else if (isContainer(item)) pending.push(item);
      }
      continue;
    }
    for (const key of Object.keys(container)) {
      const value = container[key] as Json;
      const next = typeof value === 'string' ? scrub(value) : value;
      if (isContainer(value)) pending.push(value);
      const cleanKey = scrub(key);
      if (cleanKey !== key) {
        delete container[key];
        // defineProperty, not assignment: a key such as `__proto__` must stay a plain key.
        Object.defineProperty(container, cleanKey, { value: next, writable: true, enumerable: true, configurable: true });
      } else if (next !== value) {
        container[key] = next;
      }
    }
  }
  return root;
}


/**
 * Matches the escapes through which text can spell one of `secrets` other than as is:
 * a JSON escape of a character of a secret, of `%` or of a hex digit, and a percent
 * escape of a byte of a secret. Graph's own escapes (`\/`, `\u00e9`, `%2C`) are not among
 * them unless a secret holds those characters.
 */
function escapesOf(secrets: readonly string[]): RegExp {
  const units = new Set([...secrets.join(''), '%', ...'0123456789abcdefABCDEF']);
  // Factored by first character (one backslash or percent sign, then its alternatives):
  // the scan stops only at `\` and `%`, and leaves Graph's `\/` after one comparison.
  const json = [...units].map((unit) => `u${anyCaseHex(unit.charCodeAt(0).toString(16).padStart(4, '0'))}`);
  const short = [...units].flatMap((unit) => {
    const letter = JSON_SHORT_ESCAPES[unit];
    return letter === undefined ? [] : [regexLiteral(letter)];
  });
  const bytes = new Set(secrets.flatMap((secret) => [...new TextEncoder().encode(secret)]));
  const percent = [...bytes].map((byte) => anyCaseHex(byte.toString(16).padStart(2, '0')));
  return new RegExp(`\\\\(?:${[...json, ...short].join('|')})|%(?:${percent.join('|')})`);
}

/** Whether the character at `at` is read as part of a JSON escape (`\n`, `\u00EA`), not as itself. */
function insideEscape(text: string, at: number): boolean {
  const escapedBy = (slash: number) => {
    let run = 0;
    for (let i = slash; i >= 0 && text.charCodeAt(i) === 0x5c; i -= 1) run += 1;
    return run % 2 === 1;
  };
  if (at >= 1 && escapedBy(at - 1)) return true;
  for (let back = 2; back <= 5; back += 1) {
    const slash = at - back;
    if (slash >= 0 && text.charCodeAt(slash + 1) === 0x75 && escapedBy(slash)) return true;
  }
  return false;
}

/**
 * A parser that works like `JSON.parse` (and throws like it on bad JSON), whose result
 * holds none of the `secrets` in any spelling `spellings` matches.
 *
 * When no escape in the raw text can spell a secret's character, the parsed strings can
 * hold a secret only as is, exactly where the raw text does (Graph's own `access_token`
 * in every paging URL, nested ones too): those are replaced in the raw text before
 * parsing. One regular-expression scan of the text finds both (single pass). Any other case (an escape that could spell
 * one, a secret that JSON must escape, an occurrence that overlaps an escape) parses
 * first and replaces `spellings` in every parsed string.
 */
export function scrubbingParser(secrets: ReadonlyArray<string | undefined>, spellings: RegExp | undefined): (text: string) => unknown {
  const known = [...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4))].sort((a, b) => b.length - a.length);
  if (spellings === undefined || known.length === 0) return (text) => JSON.parse(text) as unknown;
  const escapes = escapesOf(known);
  // A secret JSON must escape cannot stand as is inside a JSON string.
  const plainInJson = known.every((secret) => !/["\\\u0000-\u001f]/.test(secret));
  const walk = (text: string) => scrubInPlace(JSON.parse(text) as Json, (s) => (s.search(spellings) === -1 ? s : s.replace(spellings, REDACTED)));

  if (!plainInJson) return walk;
  // One scan finds both what forces the slow path (an escape that could spell a secret)
  // and the secrets as is: the secrets first, longest first, so an occurrence is taken whole.
  const scan = new RegExp(`(${known.map(regexLiteral).join('|')})|${escapes.source}`, 'g');
  return (text) => {
    scan.lastIndex = 0;
    let out = '';
    let from = 0;
    for (let match = scan.exec(text); match !== null; match = scan.exec(text)) {
      if (match[1] === undefined || insideEscape(text, match.index)) return walk(text);
      out += text.slice(from, match.index) + REDACTED;
      from = match.index + match[0].length;
    }
    return JSON.parse(from === 0 ? text : out + text.slice(from)) as unknown;
  };
}
