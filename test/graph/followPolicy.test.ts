import fc from 'fast-check';
import { followable, parsedFollowable, plainFollowable } from '../../src/graph/followPolicy';

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

describe('plainFollowable (the check without new URL)', () => {
  // Every character class the URL parser treats apart: dots and dot segments, escapes
  // (good, bad, encoded dots), what paths and queries percent-encode, whitespace it strips,
  // backslashes, fragments, user info, ports.
  const piece = fc.oneof(
    fc.constantFrom('/', '.', '..', '/.', '/..', '%2e', '%2E', '%', '%zz', '%41', '?', '#', '@', ':', ':443', "'", '"', '<', '>', '`', '{', '}', '^', '|', '[', ']', '\\', ' ', '\t', '\n', '&', '=', '+', ',', 'access_token=EAAB', 'access%5Ftoken=x', 'after=QVFI', 'é', 'v19.0', '1001', 'conversations'),
    fc.string({ maxLength: 3 }),
  );
  const rest = fc.array(piece, { maxLength: 14 }).map((parts) => parts.join(''));
  const origins = fc.constantFrom(ORIGIN, 'http://127.0.0.1:18555');

  it('answers exactly what parsing would, whenever it answers', () => {
    fc.assert(
      fc.property(origins, rest, (origin, tail) => {
        const target = `${origin}${tail}`;
        const plain = plainFollowable(target, origin);
        if (plain !== undefined) expect(plain).toEqual(parsedFollowable(target, origin));
      }),
      { numRuns: 5000 },
    );
  });

  it("answers for Graph's own paging URLs, and steps aside for the odd ones", () => {
    const next = `${ORIGIN}/v19.0/1001/conversations?access_token=EAAB&fields=id%2Cupdated_time%2Cparticipants&limit=100&after=QVFIUmx1WkJ3eXFPX2xv-_Mzk%3D&platform=MESSENGER`;
    const plain = plainFollowable(next, ORIGIN);
    expect(plain).toEqual({ _tag: 'Right', right: { href: `${ORIGIN}/v19.0/1001/conversations?fields=id%2Cupdated_time%2Cparticipants&limit=100&after=QVFIUmx1WkJ3eXFPX2xv-_Mzk%3D&platform=MESSENGER`, names: new Set(['fields', 'limit', 'after', 'platform']) } });
    expect(plainFollowable(`${ORIGIN}/v19.0/1001/conversations`, ORIGIN)).toEqual({ _tag: 'Right', right: { href: `${ORIGIN}/v19.0/1001/conversations`, names: new Set() } });
    for (const odd of ['/v19.0/../1001', '/v19.0/1001?a=1#top', '/v19.0/%2e%2e/x', "/a?b='c'", '/a b', '\\evil.example/x']) expect(plainFollowable(`${ORIGIN}${odd}`, ORIGIN)).toBeUndefined();
    for (const elsewhere of [`${ORIGIN}.evil.example/x`, `${ORIGIN}:443/x`, `${ORIGIN}@evil.example/x`, 'https://evil.example/x']) expect(plainFollowable(elsewhere, ORIGIN)).toBeUndefined();
  });
});
