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
import { cutOut, occurrences, type SecretSet } from '../errors/secretScan';

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
 * Cuts the secrets out of the string members of a parsed page's top-level `paging`,
 * when they hold all `count` occurrences the raw text has; otherwise changes nothing and
 * answers false. With no escape that could spell a secret in the text (checked before),
 * each occurrence in a parsed string stands as is in the raw text, inside that string:
 * the same count means no occurrence is anywhere else, and the cut is the one the raw
 * text would have had.
 */
function cutFromPaging(parsed: unknown, secrets: readonly string[], count: number): boolean {
  const paging = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as { paging?: unknown }).paging : undefined;
  if (typeof paging !== 'object' || paging === null || Array.isArray(paging)) return false;
  const members = paging as Record<string, unknown>;
  const found: Array<readonly [string, ReadonlyArray<readonly [number, number]>]> = [];
  let total = 0;
  for (const key of Object.keys(members)) {
    const value = members[key];
    if (typeof value !== 'string') continue;
    const ranges = occurrences(value, secrets);
    if (ranges.length === 0) continue;
    found.push([key, ranges]);
    total += ranges.length;
  }
  if (total !== count) return false;
  for (const [key, ranges] of found) members[key] = cutOut(members[key] as string, ranges, REDACTED);
  return true;
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

/** Whether any of `ranges` starts inside a JSON escape. A loop, not `some` with an arrow made per page. */
function anyInsideEscape(text: string, ranges: ReadonlyArray<readonly [number, number]>): boolean {
  for (const [start] of ranges) if (insideEscape(text, start)) return true;
  return false;
}

/**
 * A parser that works like `JSON.parse` (and throws like it on bad JSON), whose result
 * holds none of the `secrets` in any spelling their pattern matches (see `secretSpellings`).
 *
 * When no escape in the raw text can spell a secret's character, the parsed strings can
 * hold a secret only as is, exactly where the raw text does (Graph's own `access_token`
 * in every paging URL, nested ones too): those are replaced in the raw text before
 * parsing (found with indexOf, which measured faster than one regular expression over a
 * page). When they all stand in the page's top-level `paging` URLs (Graph's own case),
 * the text is parsed as it is and only those strings are cut, so the body is not copied.
 * Any other case (an escape that could spell one, a secret that JSON must escape, an occurrence that overlaps an escape) parses
 * first and replaces every spelling in every parsed string.
 */
export function scrubbingParser(secrets: SecretSet): (text: string) => unknown {
  const { known, hasEscape } = secrets;
  if (known.length === 0) return (text) => JSON.parse(text) as unknown;
  // A secret JSON must escape cannot stand as is inside a JSON string.
  const plainInJson = known.every((secret) => !/["\\\u0000-\u001f]/.test(secret));
  const walk = (text: string) => {
    const spellings = secrets.spellings();
    return scrubInPlace(JSON.parse(text) as Json, (s) => (s.search(spellings) === -1 ? s : s.replace(spellings, REDACTED)));
  };

  if (!plainInJson) return walk;
  // The secrets as is are cut out of the raw text; anything that could spell one another
  // way (an escape) sends the text the slow way.
  return (text) => {
    if (hasEscape(text)) return walk(text);
    const ranges = occurrences(text, known);
    if (ranges.length === 0) return JSON.parse(text) as unknown;
    if (anyInsideEscape(text, ranges)) return walk(text);
    // Graph's own case: every secret in the page's paging URLs. Those strings are cut in
    // place after parsing, so the body is not copied first (measured: a walk allocates a
    // quarter less; its CPU did not change measurably); any other place, the raw text is cut.
    const parsed = JSON.parse(text) as unknown;
    return cutFromPaging(parsed, known, ranges.length) ? parsed : (JSON.parse(cutOut(text, ranges, REDACTED)) as unknown);
  };
}
