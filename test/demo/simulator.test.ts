import { act, seededRandom, startSimulator, type SimulatorAction } from '../../demo/simulator';
import { type Emulator, startEmulator } from '../../src/testing/index';

describe('the dashboard simulator', () => {
  let emulator: Emulator;
  beforeEach(async () => {
    emulator = await startEmulator();
  });
  afterEach(() => emulator.close());

  it('makes the same seeded mix of messages, replies, new threads and moves', () => {
    const run = () => {
      const random = seededRandom(7);
      return Array.from({ length: 40 }, () => act(emulator, '1001', random)?.type);
    };
    const kinds = run();
    expect(new Set(kinds)).toEqual(new Set(['message', 'reply', 'thread', 'move']));
    expect(emulator.threads('1001', { platform: 'MESSENGER' }).length).toBeGreaterThan(90);
  });

  it('injects a rate limit now and then, and does nothing once stopped', async () => {
    const actions: SimulatorAction[] = [];
    const simulator = startSimulator(emulator, { pageId: '1001', everyMs: 10, rateLimitEveryMs: 60, retryAfterSeconds: 2, onAction: (a) => actions.push(a) });
    await new Promise((resolve) => setTimeout(resolve, 150));
    simulator.stop();
    const count = actions.length;
    expect(actions.filter((a) => a.type === 'rate-limit')).toContainEqual({ type: 'rate-limit', retryAfterSeconds: 2 });
    expect(count).toBeGreaterThan(3);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(actions).toHaveLength(count);

    const response = await fetch(`${emulator.url}/v19.0/1001/conversations`, { headers: { authorization: `Bearer ${emulator.accessToken}` } });
    expect(response.status).toBe(400);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(((await response.json()) as { error: { code: number } }).error.code).toBe(613);
  });
});
