/**
 * Field projection: keep what a selection asks for, in the order asked, Graph-style
 * (`id` is always added to nodes that have one; absent values stay absent). Pure.
 */
import type { FieldNode } from './fieldSyntax';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Applies a nested selection to an object or to each item of a `{ data: [...] }` list. */
export function projectValue(value: unknown, children: readonly FieldNode[] | undefined): unknown {
  if (children === undefined || !isObject(value)) return value;
  const data = value['data'];
  if (Array.isArray(data)) return { ...value, data: data.map((item) => projectValue(item, children)) };
  return projectObject(value, children);
}

/** Picks the selected keys of an object, with nested selections applied. */
export function projectObject(source: Json, fields: readonly FieldNode[]): Json {
  const out: Json = {};
  for (const field of fields) {
    const value = source[field.name];
    if (value !== undefined && !(field.name in out)) out[field.name] = projectValue(value, field.children);
  }
  if (source['id'] !== undefined && out['id'] === undefined) out['id'] = source['id'];
  return out;
}
