import { defer, NEVER, of } from 'rxjs';
import { createUsageThrottle, InvalidInputError, pollDiff, throttleByUsage, type PollableThread } from '../../src/index';
import type { RedisClient } from '../../src/redis/client';
import { redisUsageThrottle } from '../../src/redis/index';
import { changes$, pollWorkers } from '../../src/workers/index';
import type { Redis } from 'ioredis';
import { milliseconds } from '../../src/options/check';
import { MAX_TIMER_MS } from '../../src/timing/limits';
import { settle } from '../support/walk';

const THIRTY_DAYS = 30 * 24 * 3_600_000;
const unrepresentable = [THIRTY_DAYS, MAX_TIMER_MS + 1, Number.POSITIVE_INFINITY, Number.NaN, -1];
// The option checks run before any command: a client that fails every call proves nothing was sent.
const unusedRedis = new Proxy({}, { get: () => () => Promise.reject(new Error('no command expected')) }) as unknown as RedisClient;

describe('options no timer can hold are an InvalidInputError before anything runs', () => {
  it.each(unrepresentable)('pollDiff intervalMs %p', async (intervalMs) => {
    let walks = 0;
    const source = defer(() => ((walks += 1), of<PollableThread>()));
    const { error } = await settle(source.pipe(pollDiff({ intervalMs })));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ option: 'intervalMs' });
    expect(walks).toBe(0);
  });

  it.each(unrepresentable)('pollWorkers intervalMs %p', async (intervalMs) => {
    const calls: string[] = [];
    const { error } = await settle(pollWorkers(['1001'], { connection: unusedRedis as unknown as Redis, intervalMs, source: (id) => (calls.push(id), NEVER) }));
    expect(error).toMatchObject({ option: 'intervalMs' });
    expect(calls).toEqual([]);
  });

  it.each(unrepresentable)('changes$ claimIdleMs %p', async (claimIdleMs) => {
    const { error } = await settle(changes$(unusedRedis, { group: 'g', consumer: 'c', claimIdleMs }));
    expect(error).toMatchObject({ option: 'claimIdleMs' });
  });

  it.each([
    ['maxDelayMs', { maxDelayMs: THIRTY_DAYS }],
    ['maxDelayMs', { maxDelayMs: Number.NaN }],
    ['maxWaitMs', { maxWaitMs: THIRTY_DAYS }],
    ['maxWaitMs', { maxWaitMs: -1 }],
  ])('createUsageThrottle %s: %p', (option, config) => {
    expect(() => createUsageThrottle(config)).toThrow(expect.objectContaining({ kind: 'invalid-input', option }));
  });

  it('throttleByUsage passes the same error on subscribe', async () => {
    const { error } = await settle(of({ usage: undefined }).pipe(throttleByUsage({ maxDelayMs: THIRTY_DAYS })));
    expect(error).toMatchObject({ option: 'maxDelayMs' });
  });

  it.each([
    ['maxDelayMs', { maxDelayMs: THIRTY_DAYS }],
    ['windowMs', { windowMs: THIRTY_DAYS }],
    ['windowMs', { windowMs: Number.POSITIVE_INFINITY }],
    ['maxWaitMs', { maxWaitMs: MAX_TIMER_MS + 1 }],
  ])('redisUsageThrottle %s: %p', (option, options) => {
    expect(() => redisUsageThrottle(unusedRedis, options)).toThrow(expect.objectContaining({ kind: 'invalid-input', option }));
  });
});

describe('milliseconds (the check of every timer option)', () => {
  const error = (checked: ReturnType<typeof milliseconds>) => (checked._tag === 'Left' ? checked.left : undefined);
  it('accepts 0 to 2^31-1 ms and names the option otherwise, without echoing strings', () => {
    expect(milliseconds('intervalMs', 0)).toEqual({ _tag: 'Right', right: 0 });
    expect(milliseconds('intervalMs', MAX_TIMER_MS)).toEqual({ _tag: 'Right', right: MAX_TIMER_MS });
    expect(error(milliseconds('timeoutMs', 0, { min: 0, aboveMin: true }))).toMatchObject({ option: 'timeoutMs' });
    expect(error(milliseconds('leaseMs', 29, { min: 30 }))?.message).toMatch(/>= 30/);
    const secretLooking = error(milliseconds('intervalMs', 'EAABsecretsecret'));
    expect(secretLooking?.message).not.toContain('EAAB');
    expect(secretLooking?.message).toContain('got string');
  });
});
