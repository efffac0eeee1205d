import { inspect } from 'node:util';
import fc from 'fast-check';
import { GraphApiError, TransportError, DecodeError } from '../../src/index';
import { createRedactor, redactCredentials, safeUrl, REDACTED } from '../../src/errors/redact';
import { secretSpellings } from '../../src/errors/secretPattern';
import { spellingsOf } from '../security/spellings';

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

  it('finds the secrets as the spellings pattern does, whichever way it looks (indexOf when no escape could spell one)', () => {
    const secrets = ['EAABsecretTOKEN/42%x', 'app-secret-0a1b', 'app-secret-0a1b-longer'];
    const redactor = createRedactor(secrets);
    const spellings = secretSpellings(secrets);
    // The pattern over the whole text, then the credential parameters: what redact did before it looked with indexOf.
    const reference = (text: string) => redactCredentials(spellings === undefined ? text : text.replace(spellings, REDACTED));
    const piece = fc.oneof(
      fc.constantFrom(...secrets.flatMap((secret) => spellingsOf(secret).map(([, spelled]) => spelled))),
      fc.constantFrom('\\/', '\\u00e9', '%2C', '%', '%2F', '\\', '\\u0025', '\\"', 'access_token=', '&fields=id%2Cname', 'EAAB', 'app-', 'secret'),
      fc.string({ unit: fc.constantFrom('a', 'E', '4', '/', '-', '%', 'x', '0', '\\', 'u') }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (parts) => {
        const text = parts.join('');
        expect(redactor(text)).toBe(reference(text));
      }),
      { numRuns: 2000 },
    );
  });
});
