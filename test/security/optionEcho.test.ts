// A secret passed by mistake as another option is never echoed back by the rejection.
import { conversations$, messages$, type ConversationsOptions } from '../../src/index';
import { settle } from '../support/walk';
import { errorSources, expectNoLeaks, LEAK_APP_SECRET, LEAK_TOKEN } from './leakScan';

const base = { accessToken: LEAK_TOKEN, appSecret: LEAK_APP_SECRET, graphUrl: 'http://127.0.0.1:1' };

// Name options quote the rejected name, redacted; number options show only the type of a
// value that is not a number (src/options/check.ts).
const mistakes: Array<[string, string, Partial<ConversationsOptions>, string]> = [
  ['the token as folder', 'folder', { folder: LEAK_TOKEN as never }, '[redacted]'],
  ['the app secret as platform', 'platform', { platform: LEAK_APP_SECRET as never }, '[redacted]'],
  ['the token inside a field name', 'fields', { fields: [`snippet,${LEAK_TOKEN}`] as never }, '[redacted]'],
  ['the app secret as limit', 'limit', { limit: LEAK_APP_SECRET as never }, 'got string'],
  ['the token as userId (with a space, so not an id)', 'userId', { userId: `${LEAK_TOKEN} ` }, '[redacted]'],
];

describe('option errors never echo a configured secret', () => {
  it.each(mistakes)('conversations$: %s', async (_, option, mistake, shown) => {
    const { error } = await settle(conversations$('1001', { ...base, ...mistake }));
    expect(error).toMatchObject({ kind: 'invalid-input', option });
    expect((error as Error).message).toContain(shown);
    expectNoLeaks(errorSources(option, error));
  });

  it('conversations$: the token as the page id, with a slash', async () => {
    const { error } = await settle(conversations$(`${LEAK_TOKEN}/x`, base));
    expect(error).toMatchObject({ kind: 'invalid-input', option: 'pageId' });
    expectNoLeaks(errorSources('pageId', error));
  });

  it('messages$: the token as conversation id and the app secret as limit and field', async () => {
    for (const [id, extra] of [
      [`${LEAK_TOKEN}?`, {}],
      ['t_1', { limit: LEAK_APP_SECRET as never }],
      ['t_1', { fields: [LEAK_APP_SECRET] as never }],
      ['t_1', { historyLimit: LEAK_TOKEN as never }],
    ] as const) {
      const { error } = await settle(messages$(id, { ...base, ...extra }));
      expect(error).toMatchObject({ kind: 'invalid-input' });
      expectNoLeaks(errorSources(`messages$ ${id}`, error));
    }
  });

  it('the token as apiVersion or graphUrl (the client options themselves)', async () => {
    for (const extra of [{ apiVersion: LEAK_TOKEN }, { graphUrl: `ftp://x/${LEAK_APP_SECRET}` }, { graphUrl: `http://h/?${LEAK_TOKEN}` }]) {
      const { error } = await settle(conversations$('1001', { ...base, ...extra }));
      expect(error).toMatchObject({ kind: 'invalid-input' });
      expectNoLeaks(errorSources('client option', error));
    }
  });
});
