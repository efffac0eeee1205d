import { GraphApiError, TransportError, type ErrorKind } from '../../src/index';

const apiError = (code: number, status = 400, isTransient = false) =>
  new GraphApiError({ status, code, message: `(#${code}) test`, isTransient });

describe('Graph error kinds', () => {
  const table: Array<[number, ErrorKind, boolean]> = [
    [4, 'rate-limit', true],
    [17, 'rate-limit', true],
    [32, 'rate-limit', true],
    [613, 'rate-limit', true],
    [80001, 'rate-limit', true],
    [80006, 'rate-limit', true],
    [80014, 'rate-limit', true],
    [190, 'auth', false],
    [200, 'permission', false],
    [230, 'permission', false],
    [10, 'permission', false],
    [100, 'invalid-request', false],
    [2500, 'invalid-request', false],
    [104, 'signature', false],
    [368, 'abusive', false],
    [2642, 'invalid-cursor', false],
    [1, 'server', true],
    [2, 'server', true],
  ];
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
