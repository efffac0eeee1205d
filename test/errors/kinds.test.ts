import { GraphApiError, TransportError, type ErrorKind } from '../../src/index';
import { DOCUMENTED_CODES } from '../support/errorKinds';

// No `is_transient` unless a test gives one: Graph leaves it out of many bodies.
const apiError = (code: number, status = 400, isTransient?: boolean) =>
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

  it('lets is_transient decide retryability when Graph sends it: code 1 with is_transient false is not retried', () => {
    const permanent = new GraphApiError({ status: 400, code: 1, message: 'An unknown error occurred', isTransient: false, userTitle: 'Cannot load' });
    expect(permanent.kind).toBe('graph');
    expect(permanent.retryable).toBe(false);
    expect(apiError(2, 500, false).retryable).toBe(false);
    expect(apiError(9999, 500, false).kind).toBe('graph');
    expect(apiError(1).kind).toBe('server');
    expect(apiError(1, 400, true).retryable).toBe(true);
    // A code with a kind of its own keeps it: a rate limit is waited out whatever the flag says.
    expect(apiError(613, 400, false).kind).toBe('rate-limit');
    expect(apiError(190, 400, true).kind).toBe('auth');
  });

  it('decides by is_transient only when the body had it: an absent flag is not false', async () => {
    const { createServer } = await import('node:http');
    const { firstValueFrom } = await import('rxjs');
    const { conversations$ } = await import('../../src/index');
    const bodies = [
      { error: { message: 'An unknown error occurred', type: 'OAuthException', code: 1, is_transient: false, error_user_title: 'Cannot load' } },
      { error: { message: 'An unknown error occurred', type: 'OAuthException', code: 1 } },
    ];
    const server = createServer((_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify(bodies.shift()));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const graphUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
    try {
      const failure = (): Promise<unknown> => firstValueFrom(conversations$('1001', { accessToken: 'EAAB-kinds', graphUrl })).catch((error: unknown) => error);
      await expect(failure()).resolves.toMatchObject({ kind: 'graph', retryable: false, isTransient: false });
      await expect(failure()).resolves.toMatchObject({ kind: 'server', retryable: true, isTransient: false });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it.each([
    ['cross-fetch', undefined],
    ['node:http (the default on Node)', 'default' as const],
    ["Node's own fetch", (url: string, init?: object) => fetch(url, init)],
  ])('a refused connection is a network error that is not retried, said once and without the URL: %s', async (_name, fetchImpl) => {
    const { closedPort } = await import('../cli/cliProcess');
    const { lastValueFrom } = await import('rxjs');
    const { conversations$, retryOnRateLimit } = await import('../../src/index');
    const port = await closedPort();
    let calls = 0;
    const counting = async (url: string, init?: object) => {
      calls += 1;
      if (fetchImpl === 'default') {
        const { nodeHttpFetch } = await import('../../src/graph/nodeFetch');
        const transport = nodeHttpFetch(1 << 20);
        if (transport === undefined) throw new Error('node:http transport unavailable');
        return transport(url, init as never);
      }
      return (fetchImpl ?? (await import('cross-fetch')).default)(url, init as never);
    };
    const error: unknown = await lastValueFrom(
      conversations$('1001', { accessToken: 'EAAB-refused', graphUrl: `http://127.0.0.1:${port}`, fetch: counting as never }).pipe(retryOnRateLimit({ maxRetries: 5 })),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ kind: 'network', retryable: false, message: `Request failed: connection refused by 127.0.0.1:${port} (ECONNREFUSED)` });
    expect((error as TransportError).url).toContain(`127.0.0.1:${port}/v19.0/1001/conversations`);
    expect(calls).toBe(1);
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
