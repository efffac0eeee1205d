import * as t from 'io-ts';
import { isCombinator } from './report';

/**
 * An optional part of an item that did not match its codec and was left out, so that
 * the item and its page still arrive: a list's item keeps every required field (a
 * broken required field still fails the page with a `DecodeError`), and loses the
 * smallest optional field around the problem (`attachments` of a message whose
 * attachment has no `id`, `size` of an attachment whose size is a string).
 *
 * @example
 * ```ts
 * conversations$('1001', { accessToken, onDecodeWarning: (warning: DecodeWarning) => console.warn(warning.what, warning.path, warning.problems) });
 * ```
 */
export interface DecodeWarning {
  /** What was decoded, e.g. `conversations page`. */
  readonly what: string;
  /** Where the dropped part was in the payload, e.g. `data.3.messages.data.0.attachments`. */
  readonly path: string;
  /** Why, one line per problem, as a `DecodeError` would say it (quoted values redacted and cut). */
  readonly problems: readonly string[];
  /** The request URL, without credentials, when known. */
  readonly url?: string | undefined;
}

/** What {@link salvage} left out: the payload path of each dropped part, with its errors. */
export interface Dropped {
  readonly path: readonly string[];
  readonly errors: t.Errors;
}

/** At most this many decode rounds: each drops the innermost broken parts found. */
const MAX_ROUNDS = 5;

/**
 * The payload path of the innermost optional field around an error, when that field is
 * inside an item of the list (`data.<i>.<field>...`); undefined when the error is in a
 * required part of an item or outside the items (paging), which stay strict.
 */
function dropPoint(error: t.ValidationError): string[] | undefined {
  const keys: string[] = [];
  let cut = -1;
  const context = error.context;
  for (let i = 1; i < context.length; i++) {
    const parent = context[i - 1];
    const entry = context[i];
    if (parent === undefined || entry === undefined || isCombinator(parent.type)) continue;
    keys.push(entry.key);
    if (parent.type instanceof t.PartialType) cut = keys.length;
  }
  if (cut < 3 || keys[0] !== 'data') return undefined;
  return keys.slice(0, cut);
}

const joined = (path: readonly string[]) => path.join('.');

function isPrefix(prefix: readonly string[], path: readonly string[]): boolean {
  return prefix.length < path.length && prefix.every((key, i) => path[i] === key);
}

function remove(root: unknown, path: readonly string[]): void {
  let node: unknown = root;
  for (const key of path.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) return;
    node = (node as Record<string, unknown>)[key];
  }
  const last = path[path.length - 1];
  if (typeof node === 'object' && node !== null && last !== undefined) delete (node as Record<string, unknown>)[last];
}

/**
 * Decodes a list payload (`{ data: [...] }`) that failed `codec`, leaving out the broken
 * optional parts of its items: each round drops the innermost optional field around
 * each error (a field whose errors sit inside another's is dropped first: a union's
 * other member may then match), until the payload decodes. Undefined when an error
 * sits in a required part, or after {@link MAX_ROUNDS} rounds. The input is not changed
 * (a copy is edited).
 */
export function salvage<A>(codec: t.Decoder<unknown, A>, input: unknown, errors: t.Errors): { value: A; dropped: Dropped[] } | undefined {
  let current: unknown;
  let failed = errors;
  const dropped = new Map<string, Dropped>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const points = new Map<string, { path: string[]; errors: t.ValidationError[] }>();
    for (const error of failed) {
      const path = dropPoint(error);
      if (path === undefined) return undefined;
      const key = joined(path);
      const entry = points.get(key) ?? { path, errors: [] };
      entry.errors.push(error);
      points.set(key, entry);
    }
    const all = [...points.values()];
    const innermost = all.filter((point) => !all.some((other) => isPrefix(point.path, other.path)));
    if (current === undefined) {
      try {
        current = structuredClone(input);
      } catch {
        // Not JSON-like data (a function, a proxy): nothing to salvage from.
        return undefined;
      }
    }
    for (const point of innermost) {
      remove(current, point.path);
      for (const [key, earlier] of dropped) if (isPrefix(point.path, earlier.path)) dropped.delete(key);
      dropped.set(joined(point.path), { path: point.path, errors: point.errors });
    }
    const result = codec.decode(current);
    if (result._tag === 'Right') return { value: result.right, dropped: [...dropped.values()] };
    failed = result.left;
  }
  return undefined;
}
