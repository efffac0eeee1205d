// A stale cursor (Graph code 2642) is the walk's own business: it starts again from the
// first page, a bounded number of times, and emits nothing twice. No operator needed.
import { conversations$, type PagePolicy } from '../../src/index';
import type { Emulator } from '../../src/testing/index';
import { useEmulator } from '../support/emulator';
import { collect, settle } from '../support/walk';

let emulator: Emulator;
useEmulator((started) => (emulator = started));

const opts = () => ({ accessToken: emulator.accessToken, graphUrl: emulator.url, limit: 10 });
const inboxIds = () => emulator.threads('1001', { folder: 'inbox', platform: 'MESSENGER' }).map((t) => t.id);

describe('a walk after a stale cursor', () => {
  it('starts again from the first page and delivers every thread once, with no retry operator', async () => {
    emulator.inject({ kind: 'invalid-cursor' }, { after: 3 });
    const threads = await collect(conversations$('1001', opts()));
    expect(threads.map((t) => t.id)).toEqual(inboxIds());
    expect(emulator.requests).toHaveLength(4 + 6);
  });

  it('gives up after 3 restarts with the invalid-cursor error, having emitted each thread once', async () => {
    const fault = emulator.inject({ kind: 'invalid-cursor' }, { after: 1, times: Infinity });
    const { values, error } = await settle(conversations$('1001', opts()));
    fault.cancel();
    expect(error).toMatchObject({ kind: 'invalid-cursor', code: 2642 });
    expect(values.map((t) => t.id)).toEqual(inboxIds().slice(0, 10));
    // Page 1, then the stale page 2; each of the 3 restarts fails at once.
    expect(emulator.requests).toHaveLength(2 + 3);
  });

  it('sends the pages of a restart through perPage too', async () => {
    emulator.inject({ kind: 'invalid-cursor' }, { after: 3 });
    let seen = 0;
    const perPage: PagePolicy = (request) => ((seen += 1), request);
    await collect(conversations$('1001', { ...opts(), perPage }));
    expect(seen).toBe(4 + 6);
  });
});
