import fc from 'fast-check';
import { DEFAULT_THREAD_FIELDS, messagesField, type ThreadFieldSpec } from '../../src/index';

// Thread-like inputs for the decoders' property tests: valid threads in Graph's shapes,
// Graph's null-as-absent, and anything else in every field.
export const time = fc.oneof(
  fc.constant('2024-03-01T12:30:05+0000'),
  fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2200, 0, 1)), noInvalidDate: true }).map((d) => `${d.toISOString().slice(0, 19)}+0000`),
  fc.constantFrom('2024-03-01T12:30:05Z', '2024-03-01T12:30:05+01:00', '2024-03-01T12:30:05.123-0130', '2024-02-31T24:00:00+0000', '2024-02-31T12:30:05+0000', '2023-02-29T00:00:00+0000', '2024-13-01T00:00:00+0000', '0050-01-01T00:00:00+0000', 'yesterday', ''),
  fc.anything(),
);
// Graph's null-as-absent, in optional and required places alike.
export const orNull = <A>(arbitrary: fc.Arbitrary<A>) => fc.oneof(arbitrary, fc.constant(null));
export const participant = fc.oneof(
  fc.record({ id: fc.string(), name: orNull(fc.string()), email: orNull(fc.string()) }, { requiredKeys: ['id'] }),
  fc.record({ id: orNull(fc.string()), username: fc.string(), is_owner: fc.boolean() }, { requiredKeys: ['id', 'username'] }),
  fc.record({ id: fc.anything(), name: fc.anything(), username: fc.anything(), is_owner: fc.anything() }, { requiredKeys: [] }),
);
export const list = fc.oneof(fc.record({ data: fc.array(participant, { maxLength: 3 }) }), fc.anything());
export const thread = fc.record(
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

/** Field lists that cover the fast paths and the fallbacks (nested messages are transformed). */
export const fieldLists: ReadonlyArray<readonly ThreadFieldSpec[]> = [
  DEFAULT_THREAD_FIELDS,
  [],
  ['unread_count', 'message_count', 'snippet'],
  ['participants', 'senders', 'can_reply', 'link'],
  ['snippet', messagesField({ limit: 2, fields: ['message', 'created_time'] })],
  ['messages', 'unread_count'],
  ['is_owner', 'can_reply', messagesField({ fields: ['attachments', 'shares', 'message'] })],
];


/** A thread as Graph sends it for the default fields: what a decoder's fast path takes. */
export const plainThread = fc.record(
  {
    id: fc.string(),
    updated_time: fc.date({ min: new Date(Date.UTC(1970, 0, 1)), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true }).map((d) => `${d.toISOString().slice(0, 19)}+0000`),
    link: fc.string(),
    snippet: fc.string(),
    message_count: fc.nat(),
    unread_count: fc.nat(),
    can_reply: fc.boolean(),
    participants: fc.record({ data: fc.array(fc.record({ id: fc.string(), name: fc.string(), email: fc.string() }, { requiredKeys: ['id'] }), { maxLength: 3 }) }),
    some_future_field: fc.jsonValue(),
  },
  { requiredKeys: ['id', 'updated_time'] },
);
