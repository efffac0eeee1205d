import * as t from 'io-ts';
import { propertyReader, propertyWriter, type PropertyReader, type PropertyWriter } from './propertyAccess';
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

type Primitive = 'string' | 'number' | 'boolean';

/** The `typeof` a primitive codec checks, or `undefined` for any other codec. */
function primitiveOf(codec: t.Mixed): Primitive | undefined {
  if (codec instanceof t.StringType) return 'string';
  if (codec instanceof t.NumberType) return 'number';
  if (codec instanceof t.BooleanType) return 'boolean';
  return undefined;
}

/**
 * Whether `value` is of `type`. A switch, not `typeof value === type`: against a constant,
 * V8 compiles `typeof` to a check of the value's kind; against a variable it makes the
 * `typeof` string first (a builtin call), on every field of every thread.
 */
function hasType(value: unknown, type: Primitive): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
  }
}

/** The `typeof` of every prop when all are primitives, or `undefined`. */
function primitiveProps(keys: readonly string[], props: t.Props): Primitive[] | undefined {
  const types: Primitive[] = [];
  for (const key of keys) {
    const type = primitiveOf(props[key] as t.Mixed);
    if (type === undefined) return undefined;
    types.push(type);
  }
  return types;
}

/**
 * A record whose props are all primitives, required or optional: what `t.type`,
 * `t.partial` and their intersections of primitive props check (a participant).
 */
interface Shape {
  readonly required: readonly string[];
  readonly requiredTypes: readonly Primitive[];
  readonly optional: readonly string[];
  readonly optionalTypes: readonly Primitive[];
}

/** A {@link Shape} with a reader per prop (see propertyAccess.ts), as the check runs it. */
interface ReadShape {
  readonly required: readonly PropertyReader[];
  readonly requiredTypes: readonly Primitive[];
  readonly optional: readonly PropertyReader[];
  readonly optionalTypes: readonly Primitive[];
}

const withReaders = (shape: Shape): ReadShape => ({ ...shape, required: shape.required.map(propertyReader), optional: shape.optional.map(propertyReader) });

/** The codec as a {@link Shape}, or `undefined` when it is not one. */
function shapeOf(codec: t.Decoder<unknown, unknown>): Shape | undefined {
  if (codec instanceof t.InterfaceType || codec instanceof t.PartialType) {
    const props = codec.props as t.Props;
    const keys = Object.keys(props);
    const types = primitiveProps(keys, props);
    if (types === undefined) return undefined;
    return codec instanceof t.InterfaceType ? { required: keys, requiredTypes: types, optional: [], optionalTypes: [] } : { required: [], requiredTypes: [], optional: keys, optionalTypes: types };
  }
  if (codec instanceof t.IntersectionType) {
    const shapes = everyShape(codec.types as t.Mixed[]);
    if (shapes === undefined) return undefined;
    return {
      required: shapes.flatMap((shape) => shape.required),
      requiredTypes: shapes.flatMap((shape) => shape.requiredTypes),
      optional: shapes.flatMap((shape) => shape.optional),
      optionalTypes: shapes.flatMap((shape) => shape.optionalTypes),
    };
  }
  return undefined;
}

/** The shapes of all `codecs`, or `undefined` when one is not a shape. */
function everyShape(codecs: readonly t.Decoder<unknown, unknown>[]): Shape[] | undefined {
  const shapes: Shape[] = [];
  for (const codec of codecs) {
    const shape = shapeOf(codec);
    if (shape === undefined) return undefined;
    shapes.push(shape);
  }
  return shapes;
}

/** The codec as the shapes one of which a value must have (a union of shapes, or one shape), or `undefined`. */
function shapesOf(codec: t.Decoder<unknown, unknown>): Shape[] | undefined {
  return everyShape(codec instanceof t.UnionType ? (codec.types as t.Mixed[]) : [codec]);
}

/**
 * io-ts's rules for a shape: a required prop has its type (`undefined`, present or not,
 * is no primitive), an optional one its type or `undefined`.
 */
function hasShape(u: Record<string, unknown>, shape: ReadShape): boolean {
  const { required, requiredTypes, optional, optionalTypes } = shape;
  for (let i = 0; i < required.length; i++) if (!hasType((required[i] as PropertyReader)(u), requiredTypes[i] as Primitive)) return false;
  for (let i = 0; i < optional.length; i++) {
    const value = (optional[i] as PropertyReader)(u);
    if (value !== undefined && !hasType(value, optionalTypes[i] as Primitive)) return false;
  }
  return true;
}

/**
 * Whether a value has one of the shapes (io-ts's union `is`: one member is enough, so the
 * order they are tried in changes nothing). The shape the last value had is tried first:
 * the items of one list are mostly of one kind (a Messenger thread's participants all
 * Messenger ones), and a miss on the first shape costs its reads.
 */
class AnyShape {
  private last = 0;

  constructor(private readonly shapes: readonly ReadShape[]) {}

  has(u: unknown): boolean {
    if (!isRecord(u)) return false;
    const { shapes, last } = this;
    if (hasShape(u, shapes[last] as ReadShape)) return true;
    for (let i = 0; i < shapes.length; i++) {
      if (i !== last && hasShape(u, shapes[i] as ReadShape)) {
        this.last = i;
        return true;
      }
    }
    return false;
  }
}

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
  // Records of primitive props, and unions and intersections of them (a participant), in
  // one closure over module functions: measured 300 ns a participant list of two, where a
  // closure per member (union, intersection, type, partial) took 400.
  const shapes = shapesOf(codec)?.map(withReaders);
  if (shapes !== undefined) {
    const any = new AnyShape(shapes);
    return (u) => any.has(u);
  }
  if (codec instanceof t.InterfaceType) {
    const props = codec.props as t.Props;
    const keys = Object.keys(props);
    const readers = keys.map(propertyReader);
    const checks = keys.map((key) => compileIs(props[key] as t.Mixed));
    return (u) => {
      if (!isRecord(u)) return false;
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as string;
        const value = (readers[i] as PropertyReader)(u);
        if ((value === undefined && !hasOwn.call(u, key)) || !(checks[i] as Is)(value)) return false;
      }
      return true;
    };
  }
  if (codec instanceof t.PartialType) {
    const props = codec.props as t.Props;
    const keys = Object.keys(props);
    const readers = keys.map(propertyReader);
    const checks = keys.map((key) => compileIs(props[key] as t.Mixed));
    return (u) => {
      if (!isRecord(u)) return false;
      for (let i = 0; i < readers.length; i++) {
        const value = (readers[i] as PropertyReader)(u);
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

/** A {@link ThreadPlan} as the check runs it: a reader per field (see propertyAccess.ts), compiled checks. */
interface CompiledPlan {
  readonly counterReaders: readonly PropertyReader[];
  readonly counterWriters: readonly PropertyWriter[];
  /** The optional fields' readers. */
  readonly checked: readonly PropertyReader[];
  /** Each one's primitive type (checked inline) or compiled `is`, in the same order. */
  readonly checks: ReadonlyArray<Primitive | Is>;
  readonly transformed: readonly PropertyReader[];
}

/**
 * Whether `u` is the plain, valid case of a thread: its `updated_time` in ms when it is,
 * NaN when not (the caller then runs the full codec, which also reports the errors).
 * Plain means an object as JSON.parse makes it: no inherited keys for io-ts's for-in
 * loops to pick up, no own `__proto__` that a spread and an assignment would treat apart,
 * no `null` in an optional field (the full codec reads it as absent).
 */
function checkThread(u: unknown, plan: CompiledPlan): number {
  if (typeof u !== 'object' || u === null || Array.isArray(u)) return Number.NaN;
  if (Object.getPrototypeOf(u) !== Object.prototype || hasOwn.call(u, '__proto__')) return Number.NaN;
  const input = u as Record<string, unknown>;
  if (typeof input['id'] !== 'string') return Number.NaN;
  const time = input['updated_time'];
  if (typeof time !== 'string') return Number.NaN;
  const { counterReaders, checked, checks, transformed } = plan;
  for (let i = 0; i < counterReaders.length; i++) {
    const value = (counterReaders[i] as PropertyReader)(input);
    if (value !== undefined && typeof value !== 'number') return Number.NaN;
  }
  for (let i = 0; i < checked.length; i++) {
    const value = (checked[i] as PropertyReader)(input);
    const check = checks[i] as Primitive | Is;
    if (value !== undefined && !(typeof check === 'string' ? hasType(value, check) : check(value))) return Number.NaN;
  }
  for (let i = 0; i < transformed.length; i++) if ((transformed[i] as PropertyReader)(input) !== undefined) return Number.NaN;
  return parseGraphTime(time);
}

/** Turns a checked thread into its decoded value: `updated_time` a Date, missing counters 0. */
function finishThread(out: Record<string, unknown>, input: Record<string, unknown>, ms: number, plan: CompiledPlan): void {
  out['updated_time'] = new Date(ms);
  const { counterReaders, counterWriters } = plan;
  for (let i = 0; i < counterReaders.length; i++) if ((counterReaders[i] as PropertyReader)(input) === undefined) (counterWriters[i] as PropertyWriter)(out, 0);
}

/**
 * A thread decoded without io-ts's general machinery, or `undefined` when the input is
 * not the plain, valid case. When it answers, the result is what `t.intersection([t.type(required),
 * t.partial(optional)])` returns for the same input: a shallow copy of the input (same
 * key order, unknown fields kept, nested values shared) with `updated_time` as a Date
 * and missing counters appended as 0.
 */
function fastThread(u: unknown, plan: CompiledPlan): Record<string, unknown> | undefined {
  const ms = checkThread(u, plan);
  if (Number.isNaN(ms)) return undefined;
  const input = u as Record<string, unknown>;
  // What t.type(required) builds (then mergeAll copies it once more, unchanged): a copy
  // of the own enumerable string keys. Spread copies symbol keys too, so those go the long way.
  if (Object.getOwnPropertySymbols(input).length !== 0) return undefined;
  const out: Record<string, unknown> = { ...input };
  finishThread(out, input, ms, plan);
  return out;
}

/**
 * How an item codec decodes a value that nobody else holds (fresh from JSON.parse) by
 * changing it in place instead of copying it: what a page walk does with the bodies it
 * parsed itself (see `inPlacePageDecoder`). `check` answers NaN for an item that is not the
 * plain, valid case (the full codec must then decode the page); otherwise a number that
 * `finish` takes to turn the item into exactly what the codec's `decode` would return.
 * `check` changes nothing, so a page is checked whole before any item is finished.
 */
export interface InPlaceItem {
  readonly check: (u: unknown) => number;
  readonly finish: (u: Record<string, unknown>, checked: number) => void;
}

const inPlaceItems = new WeakMap<object, InPlaceItem>();

/** The in-place decoding of `codec`'s values, when it has one (thread codecs built by `threadCodecFor`). */
export function inPlaceItemOf(codec: t.Decoder<unknown, unknown>): InPlaceItem | undefined {
  return inPlaceItems.get(codec);
}

/**
 * The same codec, faster on valid threads: `validate` tries {@link fastThread} first and
 * falls back to `codec` (same result, same errors). It stays an `IntersectionType` with
 * the same name, members, `is` and `encode`, so error paths read as before. It also
 * decodes owned values in place (see {@link inPlaceItemOf}).
 */
export function withThreadFastPath<C extends t.IntersectionType<[t.Mixed, t.Mixed]>>(codec: C, plan: ThreadPlan): C {
  const compiled: CompiledPlan = {
    counterWriters: plan.counters.map(propertyWriter),
    counterReaders: plan.counters.map(propertyReader),
    checked: plan.checked.map(([name]) => propertyReader(name)),
    checks: plan.checked.map(([, codec]) => primitiveOf(codec) ?? compileIs(codec)),
    transformed: plan.transformed.map(propertyReader),
  };
  const validate: t.Validate<unknown, unknown> = (u, c) => {
    const fast = fastThread(u, compiled);
    return fast === undefined ? codec.validate(u, c) : t.success(fast);
  };
  const fast = new t.IntersectionType(codec.name, codec.is, validate, codec.encode, codec.types) as unknown as C;
  inPlaceItems.set(fast, {
    check: (u) => checkThread(u, compiled),
    finish: (u, ms) => finishThread(u, u, ms, compiled),
  });
  return fast;
}
