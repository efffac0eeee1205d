import { GraphApiError, TransportError, type ErrorKind } from '../../src/index';
import { DOCUMENTED_CODES } from '../support/errorKinds';

const apiError = (code: number, status = 400, isTransient = false) =>
  new GraphApiError({ status, code, message: `(#${code}) test`, isTransient });

describe('Graph error kinds', () => {
  const table: ReadonlyArray<readonly [number, ErrorKind, boolean]> = [...DOCUMENTED_CODES, [1, 'server', true], [2, 'server', true]];
  it.each(table)('code %i is %s (retryable: %s)', (code, kind, retryable) => {
    const error = apiError(code);
    expect(error.kind).toBe(kind);
    expect(error.retryable).toBe(retryable);
  });

  it('treats unknown codes as server errors when 5xx or transient', () => {
    expect(apiError(9999, 500).kind).toBe('server');
    expect(apiError(9999, 400, true).kind).toBe('server');
    expect(apiError(9999, 400).kind).toBe('graph');
    expect(apiError(9999, 400).retryable).toBe(false);
  });

  it('keeps the code over the status: a 613 sent with 500 is a rate limit', () => {
    expect(apiError(613, 500).kind).toBe('rate-limit');
  });

  it('makes bad responses retryable only when a retry can help', () => {
    const bad = (status: number) => new TransportError({ kind: 'bad-response', status, message: 'x' });
    expect(bad(502).retryable).toBe(true);
    expect(bad(200).retryable).toBe(true);
    expect(bad(404).retryable).toBe(false);
    expect(new TransportError({ kind: 'network', message: 'reset' }).retryable).toBe(true);
  });

  it('gives every error advice in help', () => {
    expect(apiError(190).help).toMatch(/re-authenticate/);
  });
});
