import { MAX_TIMER_MS } from '../../src/timing/limits';
import type { Emulator } from '../../src/testing/index';
import { useEmulator } from '../support/emulator';
import { untilRequests } from '../support/requests';

let emulator: Emulator;
useEmulator((started) => (emulator = started));

describe('the emulator never hands a timer more than it can hold', () => {
  it('a latency fault of 3e9 ms is a long wait, not an answer after 1 ms', async () => {
    const delays: number[] = [];
    const spy = jest.spyOn(globalThis, 'setTimeout');
    emulator.inject({ kind: 'latency', ms: 3e9 }, { path: '/conversations' });
    const controller = new AbortController();
    const answered = fetch(`${emulator.url}/v19.0/1001/conversations`, { headers: { Authorization: `Bearer ${emulator.accessToken}` }, signal: controller.signal }).catch(() => 'aborted');
    try {
      // The emulator logs a request and schedules its answer in one synchronous step: by now the timer is set.
      await untilRequests(emulator, 1);
      delays.push(...spy.mock.calls.map((call) => Number(call[1] ?? 0)));
      expect(delays.length).toBeGreaterThan(0);
      expect(Math.max(...delays)).toBeLessThanOrEqual(MAX_TIMER_MS);
      expect(emulator.requests[0]?.state).toBe('pending');
    } finally {
      spy.mockRestore();
      controller.abort();
      await answered;
    }
  });
});
