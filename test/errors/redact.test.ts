import { inspect } from 'node:util';
import { GraphApiError, TransportError, DecodeError } from '../../src/index';
import { createRedactor, safeUrl } from '../../src/errors/redact';

const TOKEN = 'EAABsecretTOKEN123';
const SECRET = 'app-secret-xyz';
const redact = createRedactor([TOKEN, SECRET]);

describe('redaction', () => {
  it('removes secrets and credential parameters from text', () => {
    const text = `GET /x?access_token=${TOKEN}&appsecret_proof=abc Authorization: Bearer ${TOKEN} key ${SECRET}`;
    const out = redact(text);
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain(SECRET);
    expect(out).not.toContain('abc');
  });

  it('strips tokens and user info from URLs kept on errors', () => {
    expect(safeUrl(`https://u:p@graph.facebook.com/v19.0/1/conversations?access_token=${TOKEN}&limit=2`)).toBe(
      'https://graph.facebook.com/v19.0/1/conversations?limit=2',
    );
  });

  it('keeps secrets out of every form of an error', () => {
    const errors = [
      new GraphApiError({
        status: 400,
        code: 190,
        message: `Invalid token ${TOKEN}`,
        userMessage: `token ${TOKEN}`,
        url: `https://graph.facebook.com/v19.0/1/conversations?access_token=${TOKEN}`,
        redact,
      }),
      new TransportError({ kind: 'network', message: `failed with secret ${SECRET}`, redact }),
      new DecodeError({ what: 'page', report: [`paging.next: got "https://x/?access_token=${TOKEN}"`], redact }),
    ];
    for (const error of errors) {
      const forms = [error.message, String(error), error.stack ?? '', JSON.stringify(error), inspect(error, { depth: 5 })];
      for (const form of forms) {
        expect(form).not.toContain(TOKEN);
        expect(form).not.toContain(SECRET);
      }
    }
  });
});
