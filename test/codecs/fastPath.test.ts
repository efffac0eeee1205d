import fc from 'fast-check';
import * as t from 'io-ts';
import type { ThreadFieldSpec } from '../../src/index';
import { reportErrors, threadCodecFor } from '../../src/codecs/index';
import { compileIs } from '../../src/codecs/fastPath';
import { Participant } from '../../src/codecs/participant';
import { threadOptional } from '../../src/codecs/thread';
import { GraphDateTime } from '../../src/codecs/time';
import { fieldLists, list, participant, thread } from '../support/threadArbitraries';

// threadCodecFor's fast path must be invisible: for any input, the same value (same
// keys in the same order) or the same errors as the plain io-ts codec it wraps.
const plainOf = (codec: t.Decoder<unknown, unknown>) => {
  const fast = codec as unknown as t.IntersectionType<[t.Mixed, t.Mixed]>;
  return t.intersection(fast.types, fast.name);
};

function sameDecoding(specs: readonly ThreadFieldSpec[], input: unknown): void {
  const fast = threadCodecFor(specs);
  const plain = plainOf(fast);
  const a = fast.decode(input);
  const b = plain.decode(input);
  expect(a._tag).toBe(b._tag);
  if (a._tag === 'Right' && b._tag === 'Right') {
    expect(a.right).toEqual(b.right);
    expect(Object.keys(a.right as object)).toEqual(Object.keys(b.right as object));
  }
  if (a._tag === 'Left' && b._tag === 'Left') expect(reportErrors(a.left)).toEqual(reportErrors(b.left));
}

describe('threadCodecFor fast path', () => {
  it.each(fieldLists.map((fields) => [fields.map((f) => (typeof f === 'string' ? f : 'messagesField')).join(',') || '(none)', fields] as const))(
    'decodes like the plain codec: %s',
    (_name, fields) => {
      fc.assert(fc.property(thread, (input) => sameDecoding(fields, input)), { numRuns: 400 });
    },
  );

  it('decodes odd inputs like the plain codec', () => {
    const odd: unknown[] = [null, undefined, 7, 'x', [], [{ id: 't', updated_time: '2024-03-01T12:30:05+0000' }], Object.create(null), Object.assign(Object.create({ inherited: 1 }), { id: 't', updated_time: '2024-03-01T12:30:05+0000' })];
    const withProto = JSON.parse('{"id":"t","updated_time":"2024-03-01T12:30:05+0000","__proto__":{"x":1}}') as unknown;
    const withSymbol = { id: 't', updated_time: '2024-03-01T12:30:05+0000', [Symbol('s')]: 1 };
    for (const input of [...odd, withProto, withSymbol]) for (const fields of fieldLists) sameDecoding(fields, input);
  });

  it('keeps unknown fields and shares nested values, like io-ts', () => {
    const input = { id: 't', updated_time: '2024-03-01T12:30:05+0000', participants: { data: [{ id: '1' }] }, extra: { a: 1 } };
    const result = threadCodecFor(['participants']).decode(input);
    expect(result._tag === 'Right' && result.right.participants).toBe(input.participants);
    expect(result._tag === 'Right' && (result.right as Record<string, unknown>)['extra']).toBe(input.extra);
  });

  it('compiles `is` with io-ts rules', () => {
    const codecs: t.Mixed[] = [Participant, ...Object.values(threadOptional), GraphDateTime, t.type({ a: t.union([t.undefined, t.string]) }), t.type({ a: t.number, b: t.boolean }), t.partial({ a: t.string, b: t.number }), t.intersection([t.type({ a: t.string }), t.partial({ b: t.number })]), t.union([t.type({ a: t.string }), t.type({ b: t.array(t.string) })]), t.union([t.intersection([t.type({ a: t.string }), t.partial({ b: t.boolean })]), t.partial({ b: t.string })]), t.array(t.string), t.array(t.union([t.undefined, t.string]))];
    fc.assert(
      fc.property(fc.oneof(fc.anything(), participant, list, fc.record({ a: fc.constant(undefined) }), fc.record({ a: fc.oneof(fc.integer(), fc.string(), fc.constant(undefined)), b: fc.oneof(fc.boolean(), fc.integer(), fc.string(), fc.array(fc.string(), { maxLength: 2 }), fc.constant(undefined)) }, { requiredKeys: [] }), fc.constant({})), (value) => {
        for (const codec of codecs) expect(compileIs(codec)(value)).toBe(codec.is(value));
      }),
      { numRuns: 500 },
    );
    // eslint-disable-next-line no-sparse-arrays
    const sparse: unknown[] = [{ data: [, { id: '1' }] }, { data: [undefined, { id: '1' }] }, { data: [{ id: '1' }, ,] }, [, 'x'], [undefined]];
    for (const value of sparse) for (const codec of codecs) expect(compileIs(codec)(value)).toBe(codec.is(value));
  });
});
