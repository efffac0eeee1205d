import * as t from 'io-ts';
import type { Redactor } from '../errors/redact';

const MAX_SHOWN_VALUE = 60;

function show(value: unknown, redact: Redactor): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  // Scrubbed before the cut: a cut through a secret would leave its first characters.
  const clean = redact(text);
  return clean.length > MAX_SHOWN_VALUE ? `${clean.slice(0, MAX_SHOWN_VALUE)}...` : clean;
}

// Intersections and unions validate their members under keys '0', '1', ...: those are
// not part of the payload's path, so they are left out of it.
export function isCombinator(type: t.Decoder<unknown, unknown>): boolean {
  return type instanceof t.IntersectionType || type instanceof t.UnionType;
}

function pathOf(context: t.Context): string {
  const keys: string[] = [];
  for (let i = 1; i < context.length; i++) {
    const parent = context[i - 1];
    const entry = context[i];
    if (parent === undefined || entry === undefined || isCombinator(parent.type)) continue;
    keys.push(entry.key);
  }
  return keys.length === 0 ? '(root)' : keys.join('.');
}

function describe(error: t.ValidationError, redact: Redactor): string {
  const last = error.context[error.context.length - 1];
  const expected = error.message ?? `expected ${last?.type.name ?? 'a value'}`;
  const got = error.value === undefined ? 'missing' : `got ${show(error.value, redact)}`;
  return `${pathOf(error.context)}: ${expected}, ${got}`;
}

/**
 * Turns io-ts validation errors into one readable line each, with the path into the
 * payload: `data.3.participants.data.0.id: expected string, got null`. Union failures
 * that repeat the same path are reported once. Quoted values are cut at 60 characters,
 * after `redact` (when given) took the secrets out of them.
 *
 * @example
 * ```ts
 * import { isLeft } from 'fp-ts/Either';
 * const result = Thread.decode({ id: 7 });
 * if (isLeft(result)) reportErrors(result.left); // ['id: expected string, got 7', 'updated_time: ..., missing']
 * ```
 */
export function reportErrors(errors: t.Errors, redact: Redactor = (text) => text): string[] {
  return [...new Set(errors.map((error) => describe(error, redact)))];
}
