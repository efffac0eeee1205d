// A stale cursor (Graph code 2642) is the walk's own business: it starts again from the
// first page, a bounded number of times, and emits nothing twice. No operator needed.
import { conversations$, InvalidInputError, messages$, type PagePolicy } from '../../src/index';
import type { Observable } from 'rxjs';
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

  it('maxRestarts raises the bound for an inbox that churns: 5 stale cursors in one walk, every thread once', async () => {
    emulator.inject({ kind: 'invalid-cursor' }, { after: 1, times: 5 });
    const threads = await collect(conversations$('1001', { ...opts(), maxRestarts: 8 }));
    expect(threads.map((t) => t.id)).toEqual(inboxIds());
    // Page 1, five stale page-1-or-2 requests with a restart each, then the whole walk.
    expect(emulator.requests).toHaveLength(1 + 5 + 6);
  });

  it('maxRestarts: 0 passes the first stale cursor on', async () => {
    emulator.inject({ kind: 'invalid-cursor' }, { after: 1 });
    const { values, error } = await settle(conversations$('1001', { ...opts(), maxRestarts: 0 }));
    expect(error).toMatchObject({ kind: 'invalid-cursor' });
    expect(values).toHaveLength(10);
    expect(emulator.requests).toHaveLength(2);
  });

  it.each([-1, 1.5, Number.NaN, 101, '3'])('maxRestarts %p is refused before any request', async (maxRestarts) => {
    const walks: Array<Observable<unknown>> = [conversations$('1001', { ...opts(), maxRestarts: maxRestarts as number }), messages$('t_1', { ...opts(), maxRestarts: maxRestarts as number })];
    for (const walk of walks) {
      const { error } = await settle(walk);
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error).toMatchObject({ option: 'maxRestarts' });
    }
    expect(emulator.requests).toHaveLength(0);
  });
});
