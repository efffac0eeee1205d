// The pattern of every spelling of the secrets is large for a Page token (a dozen
// alternatives per character of ~200): building it cost ~1.6 ms per client, so per walk
// and per poll, while only a text with an escape that could spell a secret needs it.
import { createGraphClient } from '../../src/graph/client';

const TOKEN = `EAAB${'x7Kq'.repeat(49)}`;

describe('the spellings pattern of a client', () => {
  let built: jest.SpyInstance;
  beforeEach(() => {
    built = jest.spyOn(globalThis, 'RegExp');
  });
  afterEach(() => built.mockRestore());

  it('is not built for plain pages and plain text, the token cut from them all the same', () => {
    const client = createGraphClient({ accessToken: TOKEN, appSecret: 'app-secret-0a1b' });
    if (client._tag === 'Left') throw client.left;
    const page = client.right.parse(`{"data":[{"id":"t_1"}],"paging":{"next":"https://graph.facebook.com/v19.0/1/conversations?access_token=${TOKEN}&after=QVFI"}}`);
    expect(page).toEqual({ data: [{ id: 't_1' }], paging: { next: 'https://graph.facebook.com/v19.0/1/conversations?access_token=[redacted]&after=QVFI' } });
    expect(client.right.redact(`token ${TOKEN} and app-secret-0a1b`)).toBe('token [redacted] and [redacted]');
    expect(built).not.toHaveBeenCalled();
  });

  it("is not built for a page written the way Graph writes JSON: `\\/`, non-ASCII as `\\u00e9`, a paging URL's `%` as `\\u0025`", () => {
    // As in captured Graph responses: "next":"https:\/\/graph.facebook.com\/v12.0\/...?fields=id\u00252Cretailer_id&...".
    const client = createGraphClient({ accessToken: TOKEN });
    if (client._tag === 'Left') throw client.left;
    const next = `https:\\/\\/graph.facebook.com\\/v19.0\\/1\\/conversations?fields=id\\u00252Cupdated_time&access_token=${TOKEN}&after=QVFI`;
    const page = client.right.parse(`{"data":[{"id":"t_1","snippet":"Ol\\u00e1 Jos\\u00e9"}],"paging":{"next":"${next}"}}`);
    expect(page).toEqual({ data: [{ id: 't_1', snippet: 'Olá José' }], paging: { next: 'https://graph.facebook.com/v19.0/1/conversations?fields=id%2Cupdated_time&access_token=[redacted]&after=QVFI' } });
    expect(built).not.toHaveBeenCalled();
  });

  it('is built once, when a text could spell a secret through an escape', () => {
    const client = createGraphClient({ accessToken: TOKEN });
    if (client._tag === 'Left') throw client.left;
    const escaped = `\\u0045${TOKEN.slice(1)}`;
    expect(client.right.parse(`{"snippet":"${escaped}"}`)).toEqual({ snippet: '[redacted]' });
    expect(client.right.redact(`%45${TOKEN.slice(1)}`)).toBe('[redacted]');
    expect(client.right.parse(`{"snippet":"${escaped}"}`)).toEqual({ snippet: '[redacted]' });
    // One pattern for the client: its redactor and its parser share it.
    expect(built).toHaveBeenCalledTimes(1);
  });
});
