import fc from 'fast-check';
import * as t from 'io-ts';
import { DEFAULT_THREAD_FIELDS } from '../../src/index';
import { decoderFor, threadCodecFor } from '../../src/codecs/index';
import { Connection } from '../../src/codecs/connection';
import { pageDecoder } from '../../src/conversations/edgeWalk';
import { fieldLists, orNull, plainThread, thread } from '../support/threadArbitraries';

// The walk decodes the bodies it parsed in place. That must be invisible: for any body,
// the same value (same keys in the same order) or the same errors as the io-ts page
// codec, and a body it does not take whole is left as it was.
const fullDecoderOf = (specs: (typeof fieldLists)[number]) => decoderFor(Connection(threadCodecFor(specs) as unknown as t.Mixed), 'page', { salvage: true });
/** What a walk holds: a value fresh from JSON.parse. */
const owned = (value: unknown): unknown => JSON.parse(JSON.stringify(value) ?? 'null');

const page = fc.oneof(
  fc.record(
    {
      data: fc.oneof(fc.array(plainThread, { maxLength: 4 }), fc.array(fc.oneof(plainThread, thread), { maxLength: 4 }), fc.anything()),
      paging: orNull(fc.oneof(fc.record({ next: orNull(fc.string()), cursors: fc.record({ after: orNull(fc.string()) }) }, { requiredKeys: [] }), fc.anything())),
      extra: fc.anything(),
    },
    { requiredKeys: ['data'] },
  ),
  fc.anything(),
);

describe('the walk decodes its own bodies in place', () => {
  it.each(fieldLists.map((fields, i) => [i, fields] as const))('as the io-ts page codec decodes them: field list %d', (_i, fields) => {
    const inPlace = pageDecoder(threadCodecFor(fields), 'page');
    const full = fullDecoderOf(fields);
    fc.assert(
      fc.property(page, (input) => {
        const body = owned(input);
        const before = owned(body);
        const expected = full(owned(body));
        const result = inPlace(body);
        expect(result._tag).toBe(expected._tag);
        if (result._tag === 'Right' && expected._tag === 'Right') {
          expect(result.right).toEqual(expected.right);
          expect(result.right.data.map((item) => Object.keys(item))).toEqual(expected.right.data.map((item) => Object.keys(item)));
        }
        if (result._tag === 'Left' && expected._tag === 'Left') {
          expect(result.left.message).toBe(expected.left.message);
          // Nothing was changed on the way to finding the page not plain.
          expect(body).toEqual(before);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('changes no item when a later item sends the page the long way', () => {
    const body = owned({
      data: [
        { id: 't_1', updated_time: '2024-03-01T12:30:05+0000' },
        { id: 't_2', updated_time: '2024-03-01T12:30:04+0000' },
        { id: 't_3', updated_time: 'not a time' },
      ],
    });
    const result = pageDecoder(threadCodecFor(DEFAULT_THREAD_FIELDS), 'page')(body);
    expect(result._tag).toBe('Left');
    expect(body).toEqual({
      data: [
        { id: 't_1', updated_time: '2024-03-01T12:30:05+0000' },
        { id: 't_2', updated_time: '2024-03-01T12:30:04+0000' },
        { id: 't_3', updated_time: 'not a time' },
      ],
    });
  });

  it('emits the parsed objects themselves: no copy per thread', () => {
    const body = owned({ data: [{ id: 't_1', updated_time: '2024-03-01T12:30:05+0000', snippet: 'hi' }], paging: { next: 'https://graph.facebook.com/x' } }) as { data: object[] };
    const item = body.data[0];
    const result = pageDecoder(threadCodecFor(['snippet', 'unread_count']), 'page')(body);
    expect(result._tag === 'Right' && result.right.data[0]).toBe(item);
    expect(item).toEqual({ id: 't_1', updated_time: new Date(Date.UTC(2024, 2, 1, 12, 30, 5)), snippet: 'hi', unread_count: 0 });
  });
});
