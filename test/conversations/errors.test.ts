import {
  conversations$,
  DecodeError,
  GraphApiError,
  TransportError,
  type ConversationsOptions,
  type GraphUsage,
} from '../../src/index';
import { startEmulator, type Emulator } from '../../src/testing/index';
import { DOCUMENTED_CODES } from '../support/errorKinds';
import { expectNoSecrets } from '../support/secrets';
import { collect, settle } from '../support/walk';
import { clearBetweenTests } from '../support/emulator';

const APP_SECRET = 'emulator-app-secret-for-errors';
let emulator: Emulator;
let opts: ConversationsOptions;

beforeAll(async () => {
  emulator = await startEmulator({ appSecret: APP_SECRET });
  opts = { accessToken: emulator.accessToken, graphUrl: emulator.url, appSecret: APP_SECRET };
});
afterAll(() => emulator.close());
clearBetweenTests(() => emulator);

async function failure(options: ConversationsOptions = opts): Promise<unknown> {
  const { error } = await settle(conversations$('1001', options));
  expect(error).toBeDefined();
  expectNoSecrets(error, [emulator.accessToken, APP_SECRET]);
  return error;
}

describe('Graph error bodies become GraphApiError', () => {
  it.each(DOCUMENTED_CODES)('code %i → %s (retryable %s)', async (code, kind, retryable) => {
    // Enough for 2642 too, which the walk meets 1 + 3 times (it restarts on a stale cursor).
    const fault = emulator.inject({ kind: 'graph-error', code, subcode: 1996, userTitle: 'Title', userMessage: 'Message' }, { times: 4 });
    const error = await failure();
    fault.cancel();
    expect(error).toBeInstanceOf(GraphApiError);
    expect(error).toMatchObject({ code, kind, retryable, subcode: 1996, userTitle: 'Title', userMessage: 'Message' });
    expect((error as GraphApiError).fbtraceId).toEqual(expect.any(String));
    expect((error as GraphApiError).type).toEqual(expect.any(String));
    expect((error as GraphApiError).message).toContain(`${code}`);
  });

  it('an error body with null members (absent values, as Graph writes them) is still the Graph error it names', async () => {
    const body = { error: { message: '(#613) Calls to this api have exceeded the rate limit.', type: 'OAuthException', code: 613, error_subcode: null, is_transient: null, error_user_title: null, error_user_msg: null, fbtrace_id: null } };
    emulator.inject({ kind: 'raw', status: 400, body: JSON.stringify(body) });
    const error = await failure();
    expect(error).toBeInstanceOf(GraphApiError);
    expect(error).toMatchObject({ code: 613, kind: 'rate-limit', retryable: true, type: 'OAuthException', subcode: undefined, userTitle: undefined, userMessage: undefined });
  });

  it('5xx and is_transient errors are retryable server errors', async () => {
    emulator.inject({ kind: 'graph-error', code: 1, status: 500 });
    expect(await failure()).toMatchObject({ kind: 'server', retryable: true, status: 500 });
    emulator.inject({ kind: 'graph-error', code: 9999, isTransient: true });
    expect(await failure()).toMatchObject({ kind: 'server', retryable: true, isTransient: true });
  });

  it('a wrong token is an auth error that says to re-authenticate', async () => {
    const error = await failure({ ...opts, accessToken: 'EAAB-wrong-token-value' });
    expect(error).toMatchObject({ kind: 'auth', code: 190 });
    expect((error as GraphApiError).help).toMatch(/re-authenticate/);
    expectNoSecrets(error, ['EAAB-wrong-token-value']);
  });

  it('a server that echoes the token in its error does not leak it', async () => {
    emulator.inject({ kind: 'graph-error', code: 190, message: `Token ${emulator.accessToken} expired`, userMessage: `Bad ${emulator.accessToken}` });
    await failure();
  });

  it('rate-limit errors carry the usage headers of the failing response', async () => {
    const throttled = await startEmulator({ budget: { calls: 2, windowMs: 60_000, code: 80006 } });
    try {
      const { error } = await settle(conversations$('1001', { accessToken: throttled.accessToken, graphUrl: throttled.url, limit: 5 }));
      expect(error).toMatchObject({ kind: 'rate-limit', code: 80006 });
      const usage = (error as GraphApiError).usage;
      expect(usage).toBeDefined();
      expect(Math.max(usage?.app?.call_count ?? 0, usage?.page?.call_count ?? 0)).toBeGreaterThanOrEqual(100);
      expect(throttled.requests).toHaveLength(3);
    } finally {
      await throttled.close();
    }
  });
});

describe('transport failures become TransportError', () => {
  it('an HTML error page', async () => {
    emulator.inject({ kind: 'html', status: 502 });
    const error = await failure();
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ kind: 'bad-response', status: 502, retryable: true });
    expect((error as Error).message).toContain('HTML');
  });

  it('a connection reset', async () => {
    emulator.inject({ kind: 'reset' });
    expect(await failure()).toMatchObject({ kind: 'network', retryable: true });
  });

  it('truncated and malformed JSON', async () => {
    emulator.inject({ kind: 'truncated-json' });
    expect(await failure()).toMatchObject({ kind: 'bad-response', status: 200, retryable: true });
    emulator.inject({ kind: 'malformed-json' });
    expect(await failure()).toMatchObject({ kind: 'bad-response', retryable: true });
  });

  it('a response that does not come within timeoutMs', async () => {
    emulator.inject({ kind: 'hang' });
    const arrived = emulator.nextRequest();
    const error = await failure({ ...opts, timeoutMs: 50 });
    expect(error).toMatchObject({ kind: 'timeout', retryable: true });
    expect((await emulator.settled(await arrived)).state).toBe('aborted');
  });

  it('a 4xx page without a Graph body is not retryable', async () => {
    emulator.inject({ kind: 'http-status', status: 404, body: '{"message":"not here"}', contentType: 'application/json' });
    expect(await failure()).toMatchObject({ kind: 'bad-response', status: 404, retryable: false });
  });
});

describe('responses the library refuses', () => {
  it('a payload that fails the codec is a DecodeError with paths', async () => {
    emulator.inject({ kind: 'raw', body: { data: [{ id: 't_1', updated_time: '2024-03-01T12:30:05+0000' }, { id: 5, updated_time: 'soon' }] } });
    const error = await failure();
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as DecodeError).report).toEqual([
      'data.1.id: expected string, got 5',
      'data.1.updated_time: expected a Graph timestamp like 2024-03-01T12:30:05+0000, got "soon"',
    ]);
  });

  it('a next URL on another origin is refused and never requested', async () => {
    const requested: string[] = [];
    const recordingFetch: typeof fetch = (url, init) => {
      requested.push(String(url));
      return fetch(url, init);
    };
    emulator.inject({
      kind: 'raw',
      body: (ctx) => ({
        data: [{ id: 't_evil', updated_time: '2024-03-01T12:30:05+0000' }],
        paging: { next: `http://localhost:1/v19.0/1001/conversations?access_token=${ctx.token ?? ''}&after=x` },
      }),
    });
    const { values, error } = await settle(conversations$('1001', { ...opts, fetch: recordingFetch }));
    expect(values.map((t) => t.id)).toEqual(['t_evil']);
    expect(error).toMatchObject({ kind: 'unsafe-paging', retryable: false });
    expect(requested).toHaveLength(1);
    expect(requested.every((u) => u.startsWith(emulator.url))).toBe(true);
    expectNoSecrets(error, [emulator.accessToken, APP_SECRET]);
  });

  it('an empty page with next continues the walk', async () => {
    emulator.inject({
      kind: 'raw',
      body: (ctx) => ({ data: [], paging: { next: `${ctx.url}/v19.0/1001/conversations?access_token=${ctx.token ?? ''}&limit=25` } }),
    });
    const threads = await collect(conversations$('1001', opts));
    expect(threads.map((t) => t.id)).toEqual(emulator.threads('1001', { folder: 'inbox', platform: 'MESSENGER' }).map((t) => t.id));
  });
});

describe('usage headers', () => {
  it('reach onUsage for every response', async () => {
    const seen: GraphUsage[] = [];
    await collect(conversations$('1001', { ...opts, limit: 20, onUsage: (usage) => seen.push(usage) }));
    expect(seen).toHaveLength(emulator.requests.length);
    expect(seen.every((u) => u.app?.call_count !== undefined && u.page !== undefined && u.businessUseCase?.['1001'] !== undefined)).toBe(true);
  });
});
