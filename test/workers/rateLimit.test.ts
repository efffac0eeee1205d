import { GraphApiError } from '../../src/errors/graphApiError';
import { TransportError } from '../../src/errors/transportError';
import { rateLimitWaitMs } from '../../src/workers/rateLimit';

const graphError = (code: number, retryAfterMs?: number) => new GraphApiError({ status: 400, code, message: 'limit', retryAfterMs });

describe('rateLimitWaitMs: how long every worker pauses after an error', () => {
  it('waits what Graph asked on 613 and 80006, in full', () => {
    expect(rateLimitWaitMs(graphError(613, 120_000), 60_000)).toBe(120_000);
    expect(rateLimitWaitMs(graphError(80006, 90_000), 1000)).toBe(90_000);
  });

  it('waits the fallback when Graph asks for nothing or for 0', () => {
    expect(rateLimitWaitMs(graphError(613), 60_000)).toBe(60_000);
    expect(rateLimitWaitMs(graphError(80006, 0), 5000)).toBe(5000);
  });

  it('leaves every other error to the job: no pause', () => {
    expect(rateLimitWaitMs(graphError(190), 60_000)).toBeUndefined();
    expect(rateLimitWaitMs(new Error('boom'), 60_000)).toBeUndefined();
    expect(rateLimitWaitMs(new TransportError({ kind: 'network', message: 'reset' }), 60_000)).toBeUndefined();
  });
});
