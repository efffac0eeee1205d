// A server may spell the token or app secret any way JSON and URLs allow. Whatever the
// spelling, nothing the library hands out (threads, messages, snapshots, changes,
// errors, callback arguments) contains either secret once decoded.
import { conversations$, messages$, messagesField, type ConversationsOptions } from '../../src/index';
import { startEmulator, type Emulator } from '../../src/testing/index';
import { settle } from '../support/walk';
import { errorSources, expectNoLeaks, LEAK_APP_SECRET, LEAK_TOKEN, pollLeakSources, valueSources, type LeakSource } from './leakScan';
import { spellingsOf } from './spellings';

let emulator: Emulator;
let opts: ConversationsOptions;
beforeAll(async () => {
  emulator = await startEmulator({ accessToken: LEAK_TOKEN, appSecret: LEAK_APP_SECRET });
  opts = { accessToken: LEAK_TOKEN, appSecret: LEAK_APP_SECRET, graphUrl: emulator.url, timeoutMs: 2000 };
});
afterAll(() => emulator.close());

/** A raw page whose every string field carries `spelled` (written between JSON quotes as is). */
const hostilePage = (spelled: string) =>
  `{"data":[{"id":"t_${spelled}","updated_time":"2024-03-01T12:30:05+0000","snippet":"hi ${spelled}",` +
  `"participants":{"data":[{"id":"1","name":"${spelled}","email":"${spelled}@facebook.com"}]},` +
  `"messages":{"data":[{"id":"m_${spelled}","created_time":"2024-03-01T12:30:05+0000","message":"${spelled} said","from":{"id":"1","name":"${spelled}"}}]},` +
  `"${spelled}":"unknown field named after it"}]}`;

const fields = ['snippet', 'participants', messagesField({ fields: ['message', 'from'] })] as const;

describe.each([
  ['token', LEAK_TOKEN],
  ['app secret', LEAK_APP_SECRET],
])('the %s', (_, secret) => {
  it.each(spellingsOf(secret))('spelled %s: not in emitted threads', async (__, spelled) => {
    const handle = emulator.inject({ kind: 'raw', body: hostilePage(spelled) });
    const { values, error } = await settle(conversations$('1001', { ...opts, fields }));
    handle.cancel();
    expect(error).toBeUndefined();
    expect(values).toHaveLength(1);
    expectNoLeaks(valueSources('threads', values));
    // The rest of each string is kept: only the secret goes.
    expect(values[0]?.snippet).toBe('hi [redacted]');
  });

  it.each(spellingsOf(secret))('spelled %s: not in a Graph error, nor in the usage given to onUsage', async (__, spelled) => {
    const usage: LeakSource[] = [];
    const handle = emulator.inject({
      kind: 'raw',
      status: 400,
      headers: { 'x-business-use-case-usage': `{"1001":[{"type":"${spelled}","call_count":5}]}`, 'x-fb-trace-id': spelled },
      body: `{"error":{"message":"bad ${spelled}","type":"OAuthException","code":100,"error_user_title":"${spelled}","error_user_msg":"${spelled}","fbtrace_id":"${spelled}"}}`,
    });
    const { error } = await settle(conversations$('1001', { ...opts, onUsage: (u, source) => usage.push(...valueSources('onUsage', [u, source])) }));
    handle.cancel();
    expect(error).toMatchObject({ kind: 'invalid-request' });
    expect(usage.length).toBeGreaterThan(0);
    expectNoLeaks([...errorSources('error', error), ...usage]);
  });

  it.each(spellingsOf(secret))('spelled %s: not in messages', async (__, spelled) => {
    const handle = emulator.inject({
      kind: 'raw',
      body: `{"data":[{"id":"m_1","created_time":"2024-03-01T12:30:05+0000","message":"${spelled}","from":{"id":"1","name":"${spelled}"}}]}`,
    });
    const { values, error } = await settle(messages$('t_1', { ...opts, fields: ['message', 'from'] }));
    handle.cancel();
    expect(error).toBeUndefined();
    expect(values).toHaveLength(1);
    expectNoLeaks(valueSources('messages', values));
  });
});

it('JSON-escaped secrets reach neither pollDiff snapshots and changes nor onRetry', async () => {
  const escaped = spellingsOf(LEAK_TOKEN)[1]?.[1] ?? '';
  emulator.inject({ kind: 'raw', status: 400, body: `{"error":{"message":"(#613) ${escaped}","code":613,"type":"${escaped}"}}` }, { times: 1 });
  emulator.inject({ kind: 'raw', body: hostilePage(escaped) }, { times: 2 });
  const sources = await pollLeakSources(conversations$('1001', { ...opts, fields }));
  expect(sources.some((s) => s.name.startsWith('onRetry'))).toBe(true);
  expect(sources.some((s) => s.name.startsWith('change'))).toBe(true);
  expectNoLeaks(sources);
});
