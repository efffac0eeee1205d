// The scrubbing parser takes a fast way when a body can hold a secret only as is (cut out
// of the raw text before JSON.parse) and the slow way otherwise (parse, then scrub every
// string). Whatever way it takes, the result must be what the slow way gives.
import fc from 'fast-check';
import { secretSpellings } from '../../src/errors/secretPattern';
import { scrubbingParser } from '../../src/graph/parseScrubbed';
import { SecretSet } from '../../src/errors/secretScan';
import { spellingsOf } from '../security/spellings';

const TOKEN = 'EAABsecretTOKEN/42%x';
const SECRET = 'app-secret-0a1b';
/** The slow way, written plainly: parse, then replace every spelling of `secrets` in every string (keys too). */
function slowWay(secrets: readonly string[]): (text: string) => unknown {
  const spellings = secretSpellings(secrets);
  const scrub = (s: string) => (spellings === undefined ? s : s.replace(spellings, '[redacted]'));
  const visit = (value: unknown): unknown => {
    if (typeof value === 'string') return scrub(value);
    if (Array.isArray(value)) return value.map(visit);
    if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [scrub(k), visit(v)]));
    return value;
  };
  return (text) => visit(JSON.parse(text));
}

const reference = slowWay([TOKEN, SECRET]);

// String pieces a Graph body is made of, secrets in every spelling among them.
const piece = fc.oneof(
  fc.constantFrom(...spellingsOf(TOKEN).map(([, spelled]) => spelled), ...spellingsOf(SECRET).map(([, spelled]) => spelled)),
  fc.constantFrom('\\/', '\\u00e9', '%2C', '%', '\\\\', '\\u0025', '\\"', 'access_token=', '&fields=id%2Cname', 'EAAB', 'app-'),
  fc.string({ unit: fc.constantFrom('a', 'E', '4', '/', '-', '%', 'x') }),
);
const jsonString = fc.array(piece, { maxLength: 6 }).map((parts) => parts.join(''));
const items = fc.array(fc.tuple(jsonString, jsonString), { maxLength: 4 }).map((entries) => entries.map(([k, v]) => `{"${k}":"${v}","next":"https://graph.facebook.com/x?access_token=${v}"}`));
// Graph's own shape too: the secrets in the paging URLs of the page (and only there, often).
const paging = fc.option(
  fc.tuple(jsonString, jsonString, fc.boolean()).map(([next, cursor, previous]) => `"paging":{"cursors":{"after":"${cursor}"},"next":"https://graph.facebook.com/x?access_token=${next}"${previous ? `,"previous":"${next}${cursor}"` : ''}}`),
  { nil: undefined },
);
const body = fc.tuple(items, paging).map(([data, page]) => `{"data":[${data.join(',')}]${page === undefined ? '' : `,${page}`}}`);

describe('scrubbingParser', () => {
  const parse = scrubbingParser(new SecretSet([TOKEN, SECRET]));

  it('gives what parsing and then scrubbing every string gives, for any spelling', () => {
    fc.assert(
      fc.property(body, (text) => {
        expect(parse(text)).toEqual(reference(text));
      }),
      { numRuns: 1000 },
    );
  });

  it('cuts the secrets out of a plain page, and keeps the rest of each string', () => {
    const text = `{"paging":{"next":"https://graph.facebook.com/v19.0/1/conversations?access_token=${TOKEN}&fields=id%2Cname&after=QVFI"},"data":[{"id":"t_1","snippet":"${SECRET} and ${TOKEN}${TOKEN}"}]}`;
    expect(parse(text)).toEqual({
      paging: { next: 'https://graph.facebook.com/v19.0/1/conversations?access_token=[redacted]&fields=id%2Cname&after=QVFI' },
      data: [{ id: 't_1', snippet: '[redacted] and [redacted][redacted]' }],
    });
  });

  it('cuts the secrets out of the paging URLs of a parsed page, and out of anywhere else as well', () => {
    const next = `https://graph.facebook.com/v19.0/1/conversations?access_token=${TOKEN}&after=QVFI`;
    const onlyPaging = `{"data":[{"id":"t_1","snippet":"hi"}],"paging":{"cursors":{"after":"QVFI"},"next":"${next}","previous":"${next}&before=${SECRET}"}}`;
    expect(parse(onlyPaging)).toEqual({
      data: [{ id: 't_1', snippet: 'hi' }],
      paging: {
        cursors: { after: 'QVFI' },
        next: 'https://graph.facebook.com/v19.0/1/conversations?access_token=[redacted]&after=QVFI',
        previous: 'https://graph.facebook.com/v19.0/1/conversations?access_token=[redacted]&after=QVFI&before=[redacted]',
      },
    });
    const alsoInData = `{"data":[{"id":"t_1","snippet":"${TOKEN}"}],"paging":{"next":"${next}"}}`;
    expect(parse(alsoInData)).toEqual({ data: [{ id: 't_1', snippet: '[redacted]' }], paging: { next: 'https://graph.facebook.com/v19.0/1/conversations?access_token=[redacted]&after=QVFI' } });
  });

  it('takes overlapping secrets leftmost first, like the slow way', () => {
    const overlapping = ['abcdEF', 'EFgh99'];
    const text = '{"a":"xabcdEFgh99y","b":"EFgh99abcdEF"}';
    const expected = { a: 'x[redacted]gh99y', b: '[redacted][redacted]' };
    expect(scrubbingParser(new SecretSet(overlapping))(text)).toEqual(expected);
  });

  it('throws like JSON.parse on bad JSON', () => {
    expect(() => parse('{"data":')).toThrow(SyntaxError);
    expect(() => parse(`{"a":"${TOKEN}"`)).toThrow(SyntaxError);
  });
});

describe('scrubbingParser, a Page token (no `%` or `/` of its own) and pages written as Graph writes JSON', () => {
  // Graph writes `\/`, non-ASCII as `\u00e9`, and a paging URL's `%` as `\u0025` (`id\u00252Cname`):
  // none of those can spell this token, so the fast way must give what the slow way gives.
  const PAGE_TOKEN = `EAAB${'x7Kq9ZdE'.repeat(6)}`;
  const parseWith = scrubbingParser(new SecretSet([PAGE_TOKEN]));
  const scrubbed = slowWay([PAGE_TOKEN]);
  const graphPiece = fc.oneof(
    fc.constantFrom(...spellingsOf(PAGE_TOKEN).map(([, spelled]) => spelled)),
    // Its first character as `%45`, the `%` and one digit JSON-escaped: each escape alone spells no character of it.
    fc.constantFrom(`\\u0025\\u00345${PAGE_TOKEN.slice(1)}`, `\\u00254\\u0035${PAGE_TOKEN.slice(1)}`, `%\\u00345${PAGE_TOKEN.slice(1)}`),
    fc.constantFrom('\\/', '\\u00e9', '\\u00252C', '\\u00257C', '\\u0025', '\\u002545', '\\u00254', '\\u0034', '5', '%2C', '%45', '%', 'access_token=', 'EAAB', 'x7Kq'),
    fc.string({ unit: fc.constantFrom('a', 'E', '4', '5', '%', 'x', '\\u0025') }),
  );
  const graphString = fc.array(graphPiece, { maxLength: 6 }).map((parts) => parts.join(''));
  const graphBody = fc
    .tuple(fc.array(graphString, { maxLength: 4 }), graphString)
    .map(([snippets, next]) => `{"data":[${snippets.map((s) => `{"snippet":"${s}"}`).join(',')}],"paging":{"next":"https:\\/\\/graph.facebook.com\\/v19.0\\/1\\/conversations?fields=id\\u00252Cname&access_token=${next}"}}`);

  it('gives what parsing and then scrubbing every string gives', () => {
    fc.assert(
      fc.property(graphBody, (text) => {
        expect(parseWith(text)).toEqual(scrubbed(text));
      }),
      { numRuns: 2000 },
    );
  });
});
