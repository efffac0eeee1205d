import fc from 'fast-check';
import * as t from 'io-ts';
import { DEFAULT_THREAD_FIELDS, messagesField, type ThreadFieldSpec } from '../../src/index';
import { reportErrors, threadCodecFor } from '../../src/codecs/index';
import { compileIs } from '../../src/codecs/fastPath';
import { Participant } from '../../src/codecs/participant';
import { threadOptional } from '../../src/codecs/thread';
import { GraphDateTime } from '../../src/codecs/time';

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

const time = fc.oneof(
  fc.constant('2024-03-01T12:30:05+0000'),
  fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2200, 0, 1)), noInvalidDate: true }).map((d) => `${d.toISOString().slice(0, 19)}+0000`),
  fc.constantFrom('2024-03-01T12:30:05Z', '2024-03-01T12:30:05+01:00', '2024-03-01T12:30:05.123-0130', '2024-02-31T24:00:00+0000', '2024-02-31T12:30:05+0000', '2023-02-29T00:00:00+0000', '2024-13-01T00:00:00+0000', '0050-01-01T00:00:00+0000', 'yesterday', ''),
  fc.anything(),
);
// Graph's null-as-absent, in optional and required places alike.
const orNull = <A>(arbitrary: fc.Arbitrary<A>) => fc.oneof(arbitrary, fc.constant(null));
const participant = fc.oneof(
  fc.record({ id: fc.string(), name: orNull(fc.string()), email: orNull(fc.string()) }, { requiredKeys: ['id'] }),
  fc.record({ id: orNull(fc.string()), username: fc.string(), is_owner: fc.boolean() }, { requiredKeys: ['id', 'username'] }),
  fc.record({ id: fc.anything(), name: fc.anything(), username: fc.anything(), is_owner: fc.anything() }, { requiredKeys: [] }),
);
const list = fc.oneof(fc.record({ data: fc.array(participant, { maxLength: 3 }) }), fc.anything());
const thread = fc.record(
  {
    id: fc.oneof(fc.string(), fc.anything()),
    updated_time: time,
    link: fc.oneof(fc.string(), fc.anything()),
    snippet: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
    message_count: fc.oneof(fc.integer(), fc.constant(undefined), fc.string(), fc.constant(null)),
    unread_count: fc.oneof(fc.integer(), fc.constant(undefined), fc.boolean(), fc.constant(null)),
    can_reply: orNull(fc.oneof(fc.boolean(), fc.string())),
    is_owner: orNull(fc.boolean()),
    participants: orNull(list),
    senders: list,
    some_future_field: fc.anything(),
    messages: fc.oneof(
      fc.record({
        data: fc.array(
          fc.record({
            id: fc.string(),
            message: orNull(fc.string()),
            created_time: time,
            attachments: orNull(fc.record({ data: fc.array(fc.record({ id: fc.string(), size: orNull(fc.integer()), name: orNull(fc.string()) }, { requiredKeys: ['id'] }), { maxLength: 2 }) })),
            shares: fc.record({ data: fc.array(fc.record({ link: fc.string(), description: orNull(fc.string()), id: orNull(fc.string()), picture: orNull(fc.string()) }), { maxLength: 2 }) }),
          }, { requiredKeys: ['id'] }),
        ),
        paging: orNull(fc.record({ next: orNull(fc.string()) }, { requiredKeys: [] })),
      }, { requiredKeys: ['data'] }),
      fc.anything(),
    ),
  },
  { requiredKeys: [] },
);
const fieldLists: ReadonlyArray<readonly ThreadFieldSpec[]> = [
  DEFAULT_THREAD_FIELDS,
  [],
  ['unread_count', 'message_count', 'snippet'],
  ['participants', 'senders', 'can_reply', 'link'],
  ['snippet', messagesField({ limit: 2, fields: ['message', 'created_time'] })],
  ['messages', 'unread_count'],
  ['is_owner', 'can_reply', messagesField({ fields: ['attachments', 'shares', 'message'] })],
];

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
    const codecs: t.Mixed[] = [Participant, ...Object.values(threadOptional), GraphDateTime, t.type({ a: t.union([t.undefined, t.string]) }), t.array(t.string), t.array(t.union([t.undefined, t.string]))];
    fc.assert(
      fc.property(fc.oneof(fc.anything(), participant, list, fc.record({ a: fc.constant(undefined) }), fc.constant({})), (value) => {
        for (const codec of codecs) expect(compileIs(codec)(value)).toBe(codec.is(value));
      }),
      { numRuns: 500 },
    );
    // eslint-disable-next-line no-sparse-arrays
    const sparse: unknown[] = [{ data: [, { id: '1' }] }, { data: [undefined, { id: '1' }] }, { data: [{ id: '1' }, ,] }, [, 'x'], [undefined]];
    for (const value of sparse) for (const codec of codecs) expect(compileIs(codec)(value)).toBe(codec.is(value));
  });
});
