// Short previews (the 40-character body preview, the 60-character value cut in decode
// reports) are taken after scrubbing: a secret cut in half by the preview's edge leaves
// none of its characters behind.
import { isLeft } from 'fp-ts/lib/Either.js';
import { conversations$, GraphError } from '../../src/index';
import { decodeThread } from '../../src/codecs/index';
import { createRedactor } from '../../src/errors/redact';
import { startEmulator, type Emulator } from '../../src/testing/index';
import { settle } from '../support/walk';
import { errorSources, LEAK_APP_SECRET, LEAK_TOKEN } from './leakScan';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ accessToken: LEAK_TOKEN });
});
afterAll(() => emulator.close());

/** The longest prefix of `secret` (at least 6 characters) that any text contains. */
function longestPrefixIn(texts: readonly string[], secret: string): string {
  for (let n = secret.length; n >= 6; n -= 1) if (texts.some((text) => text.includes(secret.slice(0, n)))) return secret.slice(0, n);
  return '';
}

describe('no part of a secret survives a preview cut', () => {
  it.each([0, 10, 25, 35])('a non-JSON body with the token at offset %i', async (offset) => {
    const body = `${'x'.repeat(offset)}${LEAK_TOKEN} and more text after it, long enough`;
    const handle = emulator.inject({ kind: 'http-status', status: 404, body });
    const { error } = await settle(conversations$('1001', { accessToken: LEAK_TOKEN, graphUrl: emulator.url }));
    handle.cancel();
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({ kind: 'bad-response' });
    const texts = errorSources('preview', error).map((s) => s.text);
    expect(longestPrefixIn(texts, LEAK_TOKEN)).toBe('');
  });

  it.each([0, 20, 45, 55])('a decode report quoting a value with the app secret at offset %i', (offset) => {
    const redact = createRedactor([LEAK_TOKEN, LEAK_APP_SECRET]);
    const result = decodeThread({ id: 7, updated_time: `${'y'.repeat(offset)}${LEAK_APP_SECRET}${'z'.repeat(40)}` }, { redact });
    expect(isLeft(result)).toBe(true);
    if (!isLeft(result)) return;
    const texts = [...result.left.report, ...errorSources('report', result.left).map((s) => s.text)];
    expect(longestPrefixIn(texts, LEAK_APP_SECRET)).toBe('');
    expect(result.left.report.join('\n')).toContain('[red');
  });

  it('a decode error from a page quoting the token cut at the report edge', async () => {
    const handle = emulator.inject({ kind: 'raw', body: { data: [{ id: 't_1', updated_time: `${'y'.repeat(50)}${LEAK_TOKEN}` }] } });
    const { error } = await settle(conversations$('1001', { accessToken: LEAK_TOKEN, graphUrl: emulator.url }));
    handle.cancel();
    expect(error).toMatchObject({ kind: 'decode' });
    const texts = [...((error as { report?: string[] }).report ?? []), ...errorSources('decode', error).map((s) => s.text)];
    expect(longestPrefixIn(texts, LEAK_TOKEN)).toBe('');
  });
});
