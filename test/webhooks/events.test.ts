import fc from 'fast-check';
import { decodeDelivery } from '../../src/webhooks/events';

const item = fc.record(
  {
    sender: fc.oneof(fc.record({ id: fc.string() }), fc.anything()),
    recipient: fc.oneof(fc.record({ id: fc.string() }), fc.anything()),
    timestamp: fc.oneof(fc.integer(), fc.constant(null), fc.string()),
    message: fc.oneof(fc.record({ mid: fc.string(), text: fc.oneof(fc.string(), fc.constant(null)), is_echo: fc.oneof(fc.boolean(), fc.constant(null)) }), fc.anything()),
    read: fc.oneof(fc.record({ watermark: fc.integer() }), fc.anything()),
  },
  { requiredKeys: [] },
);
const body = fc.oneof(
  fc.jsonValue(),
  fc.record({ object: fc.constantFrom('page', 'instagram', 'user'), entry: fc.array(fc.record({ id: fc.oneof(fc.string(), fc.integer()), messaging: fc.oneof(fc.array(item), fc.constant(null), fc.anything()) }, { requiredKeys: ['id'] })) }),
);

describe('decoding webhook bodies', () => {
  it('never throws on any body, and every item is either an event or a problem line', () => {
    fc.assert(
      fc.property(body, (value) => {
        const { events, problems } = decodeDelivery(value);
        for (const event of events) {
          expect(typeof event.pageId).toBe('string');
          expect(typeof event.userId).toBe('string');
          expect(['message', 'echo', 'read', 'delivery', 'postback', 'other']).toContain(event.kind);
        }
        const shaped = (typeof value === 'object' && value !== null ? value : {}) as { object?: unknown; entry?: unknown };
        if ((shaped.object === 'page' || shaped.object === 'instagram') && Array.isArray(shaped.entry)) {
          const entries = shaped.entry as unknown[];
          const countOf = (entry: unknown) => {
            const e = (typeof entry === 'object' && entry !== null ? entry : {}) as { id?: unknown; messaging?: unknown };
            return typeof e.id === 'string' && Array.isArray(e.messaging) ? e.messaging.length : 0;
          };
          const items = entries.reduce((n: number, entry) => n + countOf(entry), 0);
          // Each item of a well-formed entry is an event or a problem, never silently lost.
          const itemProblems = problems.filter((line) => /^entry\.\d+\.messaging\.\d+:/.test(line)).length;
          expect(events.length + itemProblems).toBe(items);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reads null optional fields as absent', () => {
    const { events, problems } = decodeDelivery({
      object: 'page',
      entry: [{ id: '1', time: null, messaging: [{ sender: { id: '2' }, recipient: { id: '1' }, timestamp: null, message: { mid: 'm', text: null, is_echo: null } }] }],
    });
    expect(problems).toEqual([]);
    expect(events).toMatchObject([{ kind: 'message', userId: '2', timestamp: undefined }]);
  });
});
