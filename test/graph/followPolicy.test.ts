import fc from 'fast-check';
import { followable } from '../../src/graph/followPolicy';

// Queries as hostile servers may write them: encoded names, `+`, malformed escapes.
const part = fc.oneof(
  fc.constantFrom('access_token', 'access%5Ftoken', 'appsecret_proof', 'appsecret%5fproof', 'access+token', 'fields', 'a+b', '%41', '%E2%82%AC', '%', '%zz', '%C3', '=', '&', '+', '%2B', ',', ' '),
  fc.string({ maxLength: 4 }),
);
const query = fc.array(part, { maxLength: 12 }).map((parts) => parts.join(''));
const ORIGIN = 'https://graph.facebook.com';
const isSecret = (name: string) => name === 'access_token' || name === 'appsecret_proof';

describe('followable', () => {
  it('drops access_token and appsecret_proof however they are spelled, and keeps every other parameter as URLSearchParams reads it', () => {
    fc.assert(
      fc.property(query, fc.boolean(), (q, fragment) => {
        const target = `${ORIGIN}/v19.0/1/conversations?${q}${fragment ? '#top' : ''}`;
        const result = followable(target, ORIGIN);
        if (result._tag === 'Left') throw new Error(result.left);
        const expected = [...new URL(target).searchParams].filter(([name]) => !isSecret(name));
        expect([...result.right.searchParams]).toEqual(expected);
        expect(result.right.hash).toBe('');
        expect(result.right.pathname).toBe('/v19.0/1/conversations');
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps the server's own encoding of the other parameters", () => {
    const result = followable(`${ORIGIN}/v19.0/1/conversations?access_token=EAAB&fields=id%2Cupdated_time&after=QVFI%3D`, ORIGIN);
    expect(result._tag === 'Right' && result.right.toString()).toBe(`${ORIGIN}/v19.0/1/conversations?fields=id%2Cupdated_time&after=QVFI%3D`);
    // Not re-encoded the way URLSearchParams writes a query back (`,` as `%2C`, `%20` as `+`).
    const plain = followable(`${ORIGIN}/v19.0/1/conversations?fields=id,updated_time&q=a%20b&access%5Ftoken=EAAB&limit=25`, ORIGIN);
    expect(plain._tag === 'Right' && plain.right.toString()).toBe(`${ORIGIN}/v19.0/1/conversations?fields=id,updated_time&q=a%20b&limit=25`);
  });
});
