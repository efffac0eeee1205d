// The token and app secret never leave the library: not in any form of any error kind,
// not in emitted values, stored or requested URLs, usage reports, retry reports or
// pollDiff snapshots, even when a hostile server echoes them everywhere it can.
import { createServer } from 'node:net';
import { take } from 'rxjs';
import {
  conversations$,
  GraphError,
  messages$,
  messagesField,
  retryOnRateLimit,
  type ConversationsOptions,
  type ErrorKind,
  type FetchLike,
} from '../../src/index';
import { startEmulator, type Emulator, type Fault } from '../../src/testing/index';
import { settle } from '../support/walk';
import { errorSources, expectNoLeaks, LEAK_APP_SECRET, LEAK_TOKEN, pollLeakSources, valueSources, type LeakSource } from './leakScan';
import { clearBetweenTests } from '../support/emulator';

let emulator: Emulator;
let opts: ConversationsOptions;
const requested: string[] = [];
const recordingFetch: FetchLike = (url, init) => {
  requested.push(url);
  return globalThis.fetch(url, init);
};

beforeAll(async () => {
  emulator = await startEmulator({ accessToken: LEAK_TOKEN, appSecret: LEAK_APP_SECRET });
  opts = { accessToken: LEAK_TOKEN, appSecret: LEAK_APP_SECRET, graphUrl: emulator.url, fetch: recordingFetch, limit: 5, timeoutMs: 300 };
});
afterAll(() => emulator.close());
clearBetweenTests(() => emulator);

/** Everything a hostile server can put in an error envelope, each field echoing the secrets. */
const echo = `token ${LEAK_TOKEN} secret ${LEAK_APP_SECRET} url ?access_token=${LEAK_TOKEN}&client_secret=${LEAK_APP_SECRET} Bearer ${LEAK_TOKEN}`;
const hostileEnvelope = (code: number, status: number): Fault => ({
  kind: 'raw',
  status,
  headers: {
    'x-fb-trace-id': LEAK_TOKEN,
    'retry-after': '0',
    'x-app-usage': JSON.stringify({ call_count: 100, note: LEAK_TOKEN }),
    // Keys and type strings are server text too (err.usage, JSON.stringify(err), onUsage).
    'x-business-use-case-usage': JSON.stringify({ [LEAK_TOKEN]: [{ type: 'messenger', call_count: 1 }], '1001': [{ type: `${LEAK_APP_SECRET}%45`, call_count: 100 }] }),
  },
  body: {
    error: {
      message: echo,
      type: `OAuthException ${LEAK_TOKEN}`,
      code,
      error_subcode: 1,
      // is_transient decides server vs graph: the 5xx cases are the transient ones.
      is_transient: status >= 500,
      error_user_title: echo,
      error_user_msg: echo,
      fbtrace_id: `${LEAK_TOKEN}${LEAK_APP_SECRET}`,
    },
  },
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 1;
}

/** Runs a walk that must fail, and returns the error it failed with. */
async function failWith(options: Partial<ConversationsOptions> = {}): Promise<GraphError> {
  const { error } = await settle(conversations$('1001', { ...opts, ...options }));
  expect(error).toBeInstanceOf(GraphError);
  return error as GraphError;
}

const CODES: ReadonlyArray<[number, number]> = [
  [4, 400], [17, 400], [32, 400], [613, 400], [80001, 400], [80006, 400], [80014, 400],
  [190, 400], [10, 403], [200, 403], [230, 403], [100, 400], [2500, 400], [2642, 400],
  [104, 400], [368, 400], [1, 500], [2, 503], [9999, 400],
];

describe('no error kind carries a secret, in any of its forms', () => {
  const seenKinds = new Set<ErrorKind>();
  afterAll(() => {
    // Every kind the library can raise was produced and scanned.
    expect([...seenKinds].sort()).toEqual(
      ['abusive', 'auth', 'bad-response', 'decode', 'graph', 'invalid-cursor', 'invalid-input', 'invalid-request', 'network', 'paging-loop', 'permission', 'rate-limit', 'server', 'signature', 'timeout', 'unsafe-paging'].sort(),
    );
  });
  const check = (name: string, error: GraphError, extra: LeakSource[] = []) => {
    seenKinds.add(error.kind);
    expectNoLeaks([...errorSources(name, error), ...extra]);
  };

  it.each(CODES)('Graph error code %i (HTTP %i) echoing the secrets in every field', async (code, status) => {
    // 4 times: a walk meets 2642 once and again after each of its 3 restarts.
    const handle = emulator.inject(hostileEnvelope(code, status), { times: 4 });
    const error = await failWith();
    handle.cancel();
    expect(error.name).toBe('GraphApiError');
    check(`code ${code}`, error);
  });

  const transport: Array<[string, Fault, Partial<ConversationsOptions>]> = [
    ['reset', { kind: 'reset' }, {}],
    ['hang (timeout)', { kind: 'hang' }, {}],
    ['trickle (timeout while reading)', { kind: 'trickle', intervalMs: 10 }, {}],
    ['HTML page', { kind: 'html', status: 502 }, {}],
    ['non-JSON body echoing the token', { kind: 'http-status', status: 404, body: `${LEAK_TOKEN} ${LEAK_APP_SECRET} not found` }, {}],
    ['200 with non-JSON body echoing the token', { kind: 'raw', body: `${LEAK_TOKEN}{{` }, {}],
    ['truncated JSON', { kind: 'truncated-json' }, {}],
    ['malformed JSON', { kind: 'malformed-json' }, {}],
    ['body over maxResponseBytes', { kind: 'huge', announce: false, bytes: 1_000_000 }, { maxResponseBytes: 10_000 }],
  ];
  it.each(transport)('transport failure: %s', async (name, fault, options) => {
    const handle = emulator.inject(fault);
    const error = await failWith(options);
    handle.cancel();
    expect(error.name).toBe('TransportError');
    check(name, error);
  });

  it('transport failure: connection refused', async () => {
    const port = await closedPort();
    const error = await failWith({ graphUrl: `http://127.0.0.1:${port}` });
    expect(error.kind).toBe('network');
    check('connection refused', error);
  });

  it('decode error quoting values that contain the secrets', async () => {
    const handle = emulator.inject({ kind: 'raw', body: { data: [{ id: 5, updated_time: echo, snippet: 7 }, { id: LEAK_TOKEN, updated_time: LEAK_APP_SECRET }] } });
    const error = await failWith();
    handle.cancel();
    expect(error.kind).toBe('decode');
    check('decode', error, valueSources('decode report', (error as unknown as { report: unknown }).report));
  });

  it('unsafe-paging: a next with the secrets as user info, on another host', async () => {
    const handle = emulator.inject({
      kind: 'raw',
      body: { data: [], paging: { next: `http://${LEAK_TOKEN}:${LEAK_APP_SECRET}@evil.test/v19.0/1001/conversations?access_token=${LEAK_TOKEN}&s=${LEAK_APP_SECRET}` } },
    });
    const error = await failWith();
    handle.cancel();
    expect(error.kind).toBe('unsafe-paging');
    check('unsafe-paging', error);
  });

  it('paging-loop: a next back to itself that carries the secrets', async () => {
    const handle = emulator.inject(
      { kind: 'raw', body: (ctx) => ({ data: [{ id: 't_1', updated_time: '2024-03-01T12:30:05+0000' }], paging: { next: `${ctx.url}/v19.0/1001/conversations?access_token=${ctx.token ?? ''}&after=loop&x=${LEAK_APP_SECRET}` } }) },
      { times: Infinity },
    );
    const error = await failWith();
    handle.cancel();
    expect(error.kind).toBe('paging-loop');
    check('paging-loop', error);
  });

  it('invalid-input errors, with the secrets in the options', async () => {
    for (const bad of [{ folder: 'bogus' }, { limit: 1000 }, { fields: ['nope'] }, { timeoutMs: -1 }, { apiVersion: LEAK_TOKEN }] as Array<Partial<ConversationsOptions>>) {
      const error = await failWith(bad);
      expect(error.kind).toBe('invalid-input');
      check(`invalid-input ${Object.keys(bad).join()}`, error);
    }
    const { error } = await settle(conversations$('1001', opts).pipe(retryOnRateLimit({ maxRetries: -1 })));
    check('invalid-input retryOnRateLimit', error as GraphError);
  });
});

describe('no secret in what the library hands out or stores', () => {
  it('emitted threads (nested messages paging included), messages, usage reports and requested URLs', async () => {
    requested.length = 0;
    const sources: LeakSource[] = [];
    const usageUrls: string[] = [];
    const withUsage = { ...opts, onUsage: (usage: unknown, source: { url: string }) => void (usageUrls.push(source.url), sources.push(...valueSources('usage', usage))) };
    const threads = await settle(conversations$('1001', { ...withUsage, fields: ['snippet', 'link', messagesField({ limit: 2, fields: ['message', 'from'] })] }));
    expect(threads.error).toBeUndefined();
    expect(threads.values.length).toBeGreaterThan(5);
    const first = threads.values[0];
    const messageOpts = { accessToken: LEAK_TOKEN, appSecret: LEAK_APP_SECRET, graphUrl: emulator.url, fetch: recordingFetch, onUsage: withUsage.onUsage, limit: 3 };
    const messages = first === undefined ? { values: [] } : await settle(messages$(first.id, messageOpts).pipe(take(7)));
    sources.push(...valueSources('threads', threads.values), ...valueSources('messages', messages.values));
    sources.push({ name: 'requested URLs', text: requested.join('\n') }, { name: 'usage source URLs', text: usageUrls.join('\n') });
    expectNoLeaks(sources);
    // The token travels only in the header; the emulator saw no access_token parameter.
    expect(emulator.requests.every((r) => r.query['access_token'] === undefined && r.headers['authorization'] === `Bearer ${LEAK_TOKEN}`)).toBe(true);
  });

  it('retry reports and pollDiff snapshots and changes', async () => {
    emulator.inject(hostileEnvelope(613, 400), { after: 1, times: 2 });
    const sources = await pollLeakSources(conversations$('1001', opts));
    expect(sources.filter((s) => s.name.startsWith('onRetry')).length).toBeGreaterThan(0);
    expectNoLeaks(sources);
  });
});
