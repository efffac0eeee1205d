// One rule for bad options, applied everywhere: streams and operators fail on subscribe
// with an InvalidInputError naming the option; builders of shared state throw at the call.
import { of, type Observable } from 'rxjs';
import {
  confirmRemovedThreads,
  conversations$,
  createUsageThrottle,
  mergeFolders,
  messages$,
  pollDiff,
  retryOnRateLimit,
} from '../../src/index';
import { redisUsageThrottle } from '../../src/redis/index';
import { flag, milliseconds, orThrow, percentage, wholeNumber } from '../../src/options/check';
import { settle } from '../support/walk';

const accessToken = 'EAAB-one-rule';
const bad = <T>(value: unknown) => value as T;
const unusedRedis = bad<Parameters<typeof redisUsageThrottle>[0]>({});

const onSubscribe: Array<[string, string, () => Observable<unknown>]> = [
  ['conversations$ limit', 'limit', () => conversations$('1001', { accessToken, limit: 0 })],
  ['conversations$ consistent', 'consistent', () => conversations$('1001', { accessToken, consistent: bad('yes') })],
  ['conversations$ perPage', 'perPage', () => conversations$('1001', { accessToken, perPage: bad(5) })],
  ['conversations$ timeoutMs', 'timeoutMs', () => conversations$('1001', { accessToken, timeoutMs: 0 })],
  ['conversations$ maxResponseBytes', 'maxResponseBytes', () => conversations$('1001', { accessToken, maxResponseBytes: 1.5 })],
  ['conversations$ onUsage', 'onUsage', () => conversations$('1001', { accessToken, onUsage: bad('log') })],
  ['messages$ maxRestarts', 'maxRestarts', () => messages$('t_1', { accessToken, maxRestarts: 101 })],
  ['confirmRemovedThreads concurrency', 'concurrency', () => confirmRemovedThreads({ accessToken, concurrency: 0 })(['t_1'])],
  ['mergeFolders folders', 'folders', () => mergeFolders(bad(['inbox', 'archive']), () => of())],
  ['mergeFolders factory', 'factory', () => mergeFolders(['inbox'], bad(undefined))],
  ['retryOnRateLimit maxRetries', 'maxRetries', () => of(1).pipe(retryOnRateLimit({ maxRetries: -1 }))],
  ['retryOnRateLimit onRetry', 'onRetry', () => of(1).pipe(retryOnRateLimit({ onRetry: bad('log') }))],
  ['retryOnRateLimit maxDelayMs below baseDelayMs', 'maxDelayMs', () => of(1).pipe(retryOnRateLimit({ baseDelayMs: 500, maxDelayMs: 100 }))],
  ['pollDiff fullScanEvery', 'fullScanEvery', () => of().pipe(pollDiff({ intervalMs: 10, fullScanEvery: 0 }))],
  ['pollDiff emitInitial', 'emitInitial', () => of().pipe(pollDiff({ intervalMs: 10, emitInitial: bad(1) }))],
  ['pollDiff onPollError', 'onPollError', () => of().pipe(pollDiff({ intervalMs: 10, onPollError: bad({}) }))],
];

describe('streams and operators fail on subscribe, naming the option', () => {
  it.each(onSubscribe)('%s', async (_, option, build) => {
    const source = build(); // building never throws
    const { error } = await settle(source);
    expect(error).toMatchObject({ kind: 'invalid-input', option });
  });
});

describe('builders of shared state throw at the call, naming the option', () => {
  it.each([
    ['createUsageThrottle threshold', 'threshold', () => createUsageThrottle({ threshold: 101 })],
    ['createUsageThrottle maxWaitMs', 'maxWaitMs', () => createUsageThrottle({ maxWaitMs: Number.POSITIVE_INFINITY })],
    ['redisUsageThrottle maxRequests', 'maxRequests', () => redisUsageThrottle(unusedRedis, { maxRequests: -1 })],
    ['redisUsageThrottle threshold', 'threshold', () => redisUsageThrottle(unusedRedis, { threshold: Number.NaN })],
  ])('%s', (_, option, build) => {
    expect(build).toThrow(expect.objectContaining({ kind: 'invalid-input', option }));
  });
});

describe('the checks', () => {
  it('number options show a rejected number, or only the type of anything else', () => {
    expect(orThrow(wholeNumber('limit', 5, { min: 1, max: 100 }))).toBe(5);
    expect(() => orThrow(wholeNumber('limit', 500, { min: 1, max: 100 }))).toThrow('Invalid limit: expected a whole number from 1 to 100, got 500');
    expect(() => orThrow(wholeNumber('limit', 'EAABsecret', { min: 1 }))).toThrow('Invalid limit: expected a whole number >= 1, got string');
    expect(() => orThrow(percentage('threshold', null))).toThrow('got null');
    expect(() => orThrow(milliseconds('intervalMs', -1))).toThrow(/got -1$/);
  });

  it('name and yes/no options quote what was given', () => {
    expect(orThrow(flag('consistent', undefined))).toBe(false);
    expect(() => orThrow(flag('consistent', 'yes'))).toThrow('Invalid consistent: expected true or false, got "yes"');
  });
});
