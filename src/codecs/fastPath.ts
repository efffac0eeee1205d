import * as t from 'io-ts';
import { parseGraphTime } from './time';

/**
 * How a thread codec built by `threadCodecFor` reads one thread, flattened for speed:
 * `updated_time` is a Graph timestamp, the counters default to 0, and the checked fields
 * only need the codec's `is` (they decode to themselves).
 */
export interface ThreadPlan {
  /** Requested counters, in the order the codec's required props list them. */
  readonly counters: readonly string[];
  /** Optional fields whose codec decodes a valid value to itself. */
  readonly checked: ReadonlyArray<readonly [string, t.Mixed]>;
  /** Optional fields whose codec transforms (dates inside): the fast path steps aside when one is present. */
  readonly transformed: readonly string[];
}

const hasOwn = Object.prototype.hasOwnProperty;

type Is = (u: unknown) => boolean;

const isRecord = (u: unknown): u is Record<string, unknown> => u !== null && typeof u === 'object' && !Array.isArray(u);

/**
 * `codec.is`, compiled into plain closures for the combinators the field codecs use
 * (string, number, boolean, type, partial, intersection, union, array), with exactly
 * io-ts's rules; any other codec keeps its own `is`. io-ts's `is` goes through generic
 * callbacks per member, which is most of the cost of checking a participant list.
 */
export function compileIs(codec: t.Decoder<unknown, unknown> & { is: t.Is<unknown> }): Is {
  if (codec instanceof t.StringType) return (u) => typeof u === 'string';
  if (codec instanceof t.NumberType) return (u) => typeof u === 'number';
  if (codec instanceof t.BooleanType) return (u) => typeof u === 'boolean';
  if (codec instanceof t.InterfaceType) {
    const props = codec.props as t.Props;
    const keys = Object.keys(props);
    const checks = keys.map((key) => compileIs(props[key] as t.Mixed));
    return (u) => {
      if (!isRecord(u)) return false;
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as string;
        const value = u[key];
        if ((value === undefined && !hasOwn.call(u, key)) || !(checks[i] as Is)(value)) return false;
      }
      return true;
    };
  }
  if (codec instanceof t.PartialType) {
    const props = codec.props as t.Props;
    const keys = Object.keys(props);
    const checks = keys.map((key) => compileIs(props[key] as t.Mixed));
    return (u) => {
      if (!isRecord(u)) return false;
      for (let i = 0; i < keys.length; i++) {
        const value = u[keys[i] as string];
        if (value !== undefined && !(checks[i] as Is)(value)) return false;
      }
      return true;
    };
  }
  if (codec instanceof t.IntersectionType) {
    const checks = (codec.types as t.Mixed[]).map(compileIs);
    const [first, second] = checks;
    if (checks.length === 2 && first !== undefined && second !== undefined) return (u) => first(u) && second(u);
    return (u) => checks.every((check) => check(u));
  }
  if (codec instanceof t.UnionType) {
    const checks = (codec.types as t.Mixed[]).map(compileIs);
    const [first, second] = checks;
    if (checks.length === 2 && first !== undefined && second !== undefined) return (u) => first(u) || second(u);
    return (u) => checks.some((check) => check(u));
  }
  if (codec instanceof t.ArrayType) {
    const check = compileIs(codec.type as t.Mixed);
    return (u) => {
      if (!Array.isArray(u)) return false;
      for (let i = 0; i < u.length; i++) {
        const item: unknown = u[i];
        // Like io-ts's every(): the holes of a sparse array are skipped.
        if (!check(item) && (item !== undefined || i in u)) return false;
      }
      return true;
    };
  }
  return (u) => codec.is(u);
}

/**
 * A thread decoded without io-ts's general machinery, or `undefined` when the input is
 * not the plain, valid case; the caller then runs the full codec, which also reports
 * the errors. When it answers, the result is what `t.intersection([t.type(required),
 * t.partial(optional)])` returns for the same input: a shallow copy of the input (same
 * key order, unknown fields kept, nested values shared) with `updated_time` as a Date
 * and missing counters appended as 0.
 */
interface CompiledPlan {
  readonly counters: readonly string[];
  readonly checked: ReadonlyArray<readonly [string, Is]>;
  readonly transformed: readonly string[];
}

function fastThread(u: unknown, plan: CompiledPlan): Record<string, unknown> | undefined {
  if (typeof u !== 'object' || u === null || Array.isArray(u)) return undefined;
  // A plain object, as JSON.parse makes: no inherited keys for io-ts's for-in loops to
  // pick up, and no own `__proto__` that a spread and an assignment would treat apart.
  if (Object.getPrototypeOf(u) !== Object.prototype || hasOwn.call(u, '__proto__')) return undefined;
  const input = u as Record<string, unknown>;
  if (typeof input['id'] !== 'string') return undefined;
  const time = input['updated_time'];
  if (typeof time !== 'string') return undefined;
  const ms = parseGraphTime(time);
  if (Number.isNaN(ms)) return undefined;
  for (const name of plan.counters) {
    const value = input[name];
    if (value !== undefined && typeof value !== 'number') return undefined;
  }
  for (const [name, is] of plan.checked) {
    const value = input[name];
    if (value !== undefined && !is(value)) return undefined;
  }
  for (const name of plan.transformed) if (input[name] !== undefined) return undefined;

  // What t.type(required) builds (then mergeAll copies it once more, unchanged): a copy
  // of the own enumerable string keys. Spread copies symbol keys too, so those go the long way.
  if (Object.getOwnPropertySymbols(input).length !== 0) return undefined;
  const out: Record<string, unknown> = { ...input };
  out['updated_time'] = new Date(ms);
  for (const name of plan.counters) if (input[name] === undefined) out[name] = 0;
  return out;
}

/**
 * The same codec, faster on valid threads: `validate` tries {@link fastThread} first and
 * falls back to `codec` (same result, same errors). It stays an `IntersectionType` with
 * the same name, members, `is` and `encode`, so error paths read as before.
 */
export function withThreadFastPath<C extends t.IntersectionType<[t.Mixed, t.Mixed]>>(codec: C, plan: ThreadPlan): C {
  const compiled: CompiledPlan = { ...plan, checked: plan.checked.map(([name, codec]) => [name, compileIs(codec)] as const) };
  const validate: t.Validate<unknown, unknown> = (u, c) => {
    const fast = fastThread(u, compiled);
    return fast === undefined ? codec.validate(u, c) : t.success(fast);
  };
  return new t.IntersectionType(codec.name, codec.is, validate, codec.encode, codec.types) as unknown as C;
}
