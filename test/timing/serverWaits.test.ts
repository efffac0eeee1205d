import { conversations$, GraphApiError, InvalidInputError, retryOnRateLimit, type ConversationsOptions, type RetryInfo } from '../../src/index';
import { MAX_TIMER_MS } from '../../src/timing/limits';
import type { Emulator } from '../../src/testing/index';
import { useEmulator } from '../support/emulator';
import { settle } from '../support/walk';

let emulator: Emulator;
useEmulator((started) => (emulator = started));
const opts = (): ConversationsOptions => ({ accessToken: emulator.accessToken, graphUrl: emulator.url, limit: 100 });

// What Graph answered, as headers of a 613; what retryOnRateLimit did about it.
async function throttledBy(headers: Record<string, string>) {
  emulator.inject({ kind: 'graph-error', code: 613, headers }, { path: '/conversations' });
  const retries: RetryInfo[] = [];
  // random() = 0: without a trusted hint the backoff is 0 ms, so an ignored hint retries at once.
  const result = await settle(conversations$('1001', opts()).pipe(retryOnRateLimit({ random: () => 0, onRetry: (info) => retries.push(info) })));
  return { ...result, retries, requests: emulator.requests.length };
}

describe('a wait Graph asks for that no timer can hold', () => {
  it('Retry-After: 1e12 seconds ends the walk with the 613 itself after one request, carrying the asked wait', async () => {
    const { error, retries, requests } = await throttledBy({ 'retry-after': '1e12' });
    expect(error).toBeInstanceOf(GraphApiError);
    expect(error).toMatchObject({ code: 613, retryAfterMs: 1e15 });
    expect(retries).toEqual([]);
    expect(requests).toBe(1);
  });

  it('estimated_time_to_regain_access: 36000 minutes ends it the same way, the wait carried as retryAfterMs', async () => {
    const { error, retries, requests } = await throttledBy({ 'x-page-usage': '{"call_count":100,"estimated_time_to_regain_access":36000}' });
    expect(error).toMatchObject({ code: 613, retryAfterMs: 36000 * 60_000 });
    expect(retries).toEqual([]);
    expect(requests).toBe(1);
  });

  it('an HTTP date in year 9999 ends it too, with the wait until that date', async () => {
    const before = Date.now();
    const { error, requests } = await throttledBy({ 'retry-after': 'Fri, 31 Dec 9999 23:59:59 GMT' });
    const asked = (error as GraphApiError).retryAfterMs ?? 0;
    expect(asked).toBeGreaterThan(MAX_TIMER_MS);
    expect(asked).toBeLessThanOrEqual(Date.parse('Fri, 31 Dec 9999 23:59:59 GMT') - before);
    expect(requests).toBe(1);
  });

  it('1e400 (Infinity) in Retry-After or in the usage headers is ignored, not trusted: an ordinary backoff, then the walk goes on', async () => {
    const { values, error, retries, requests } = await throttledBy({ 'retry-after': '1e400', 'x-page-usage': '{"call_count":100,"estimated_time_to_regain_access":1e400}' });
    expect(error).toBeUndefined();
    expect(values.length).toBeGreaterThan(0);
    expect(retries.map((r) => r.delayMs)).toEqual([0]);
    expect(requests).toBeGreaterThanOrEqual(2);
  });

  it('a negative Retry-After is ignored', async () => {
    const { error, retries } = await throttledBy({ 'retry-after': '-30' });
    expect(error).toBeUndefined();
    expect(retries.map((r) => r.delayMs)).toEqual([0]);
  });

  it('a wait under maxWaitMs is waited in full', async () => {
    emulator.inject({ kind: 'graph-error', code: 613, headers: { 'retry-after': '0.05' } }, { path: '/conversations' });
    const retries: RetryInfo[] = [];
    const { error } = await settle(conversations$('1001', opts()).pipe(retryOnRateLimit({ random: () => 0, onRetry: (info) => retries.push(info) })));
    expect(error).toBeUndefined();
    expect(retries.map((r) => r.delayMs)).toEqual([50]);
  });
});

describe('a timeout no timer can hold', () => {
  it('timeoutMs of 30 days is an InvalidInputError before any request', async () => {
    const { error } = await settle(conversations$('1001', { ...opts(), timeoutMs: 30 * 24 * 3_600_000 }));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ option: 'timeoutMs' });
    expect(emulator.requests).toHaveLength(0);
  });

  it.each([Number.POSITIVE_INFINITY, Number.NaN, -1, 0, MAX_TIMER_MS + 1])('timeoutMs %p is refused', async (timeoutMs) => {
    const { error } = await settle(conversations$('1001', { ...opts(), timeoutMs }));
    expect(error).toMatchObject({ option: 'timeoutMs' });
    expect(emulator.requests).toHaveLength(0);
  });
});
