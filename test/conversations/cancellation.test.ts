import { conversations$ } from '../../src/index';
import type { Emulator } from '../../src/testing/index';
import { useEmulator } from '../support/emulator';

let emulator: Emulator;
useEmulator((started) => (emulator = started));

describe('unsubscribing', () => {
  it('aborts the request in flight, as the server sees it', async () => {
    emulator.inject({ kind: 'hang' });
    const arrived = emulator.nextRequest();
    const subscription = conversations$('1001', { accessToken: emulator.accessToken, graphUrl: emulator.url }).subscribe();
    const request = await arrived;
    expect(request.state).toBe('pending');
    subscription.unsubscribe();
    const settled = await emulator.settled(request);
    expect(settled.state).toBe('aborted');
  });

  it('requests nothing more after unsubscribing mid-walk', async () => {
    // The second page hangs; we leave while it is in flight.
    emulator.inject({ kind: 'hang' }, { after: 1 });
    const values: string[] = [];
    const secondArrives = new Promise<void>((resolve) => {
      const first = emulator.nextRequest();
      void first.then(() => emulator.nextRequest()).then(() => resolve());
    });
    const subscription = conversations$('1001', { accessToken: emulator.accessToken, graphUrl: emulator.url, limit: 5 }).subscribe((t) => values.push(t.id));
    await secondArrives;
    subscription.unsubscribe();
    const second = emulator.requests[1];
    expect(second).toBeDefined();
    if (second) expect((await emulator.settled(second)).state).toBe('aborted');
    expect(values).toHaveLength(5);
    // Our own request after the abort: nothing from the walk arrives before it.
    await fetch(`${emulator.url}/v19.0/1001/conversations?limit=1`, { headers: { authorization: `Bearer ${emulator.accessToken}` } });
    expect(emulator.requests).toHaveLength(3);
  });
});
