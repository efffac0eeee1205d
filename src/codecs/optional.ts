import * as t from 'io-ts';

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);

/**
 * `t.partial`, where `null` means absent: Graph sends `null` for optional members it has
 * no value for (`attachments.data[].size: null`, `shares.data[].description: null`), and
 * that must not fail the item. A `null` member decodes to `undefined` (an absent
 * optional value; `JSON.stringify` leaves it out). The key is kept, set to `undefined`,
 * rather than deleted: io-ts merges the members of an intersection key by key, and only
 * a changed value (not a missing key) overrides the `null` another member copied. Any
 * other value is checked as `t.partial` does. `is` stays strict (the decoded type has no
 * nulls), so the fast decode path hands inputs with nulls to this `validate`. It is a
 * `t.PartialType`: error paths and `compileIs` treat it as one.
 *
 * @example
 * ```ts
 * optional({ size: t.number }).decode({ size: null }); // right({ size: undefined })
 * ```
 */
export function optional<P extends t.Props>(props: P, name?: string): t.PartialC<P> {
  const base = name === undefined ? t.partial(props) : t.partial(props, name);
  const keys = Object.keys(props);
  const validate: t.Validate<unknown, t.TypeOf<t.PartialC<P>>> = (u, c) => {
    if (!isRecord(u)) return base.validate(u, c);
    let copy: Record<string, unknown> | undefined;
    for (const key of keys) {
      if (u[key] !== null) continue;
      copy ??= { ...u };
      copy[key] = undefined;
    }
    return base.validate(copy ?? u, c);
  };
  return new t.PartialType(base.name, base.is, validate, base.encode, props) as t.PartialC<P>;
}
