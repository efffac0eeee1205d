import fc from 'fast-check';
import { readQuery } from '../../src/graph/queryNames';

const queryNames = (search: string) => readQuery(search)?.names;

// The walk reads a paging URL's query without URLSearchParams (see readQuery): whenever it
// answers, it must read names as URLSearchParams does, and drop exactly what was asked.
const part = fc.oneof(
  fc.constantFrom('access_token', 'access%5Ftoken', 'appsecret_proof', 'fields', 'a+b', '%41', '%E2%82%AC', '%', '%zz', '%C3', '=', '&', '?', '+', '%2B'),
  fc.string({ maxLength: 4 }),
);
const query = fc.array(part, { maxLength: 12 }).map((parts) => parts.join(''));

describe('readQuery', () => {
  it('reads names as URLSearchParams does, or leaves it to URLSearchParams', () => {
    fc.assert(
      fc.property(fc.boolean(), query, (question, q) => {
        const search = question ? `?${q}` : q;
        const names = queryNames(search);
        if (names === undefined) return;
        expect([...names].sort()).toEqual([...new Set(new URLSearchParams(search).keys())].sort());
      }),
      { numRuns: 2000 },
    );
  });

  it('finds an encoded access_token, and leaves a malformed escape to URLSearchParams', () => {
    expect(queryNames('?access%5Ftoken=x&fields=id%2Cname')).toEqual(new Set(['access_token', 'fields']));
    expect(queryNames('?%zz=1')).toBeUndefined();
    expect(queryNames('')).toEqual(new Set());
  });

  it('drops the parameters asked, however spelled, and keeps every other pair as URLSearchParams reads it', () => {
    const drop = new Set(['access_token', 'appsecret_proof']);
    fc.assert(
      fc.property(query, (q) => {
        const read = readQuery(q, drop);
        if (read === undefined) return;
        const expected = [...new URLSearchParams(q)].filter(([name]) => !drop.has(name));
        // As followable writes it back: after a `?` (URLSearchParams drops one leading `?`).
        expect([...new URLSearchParams(`?${read.kept}`)]).toEqual(expected);
        expect(read.dropped).toBe([...new URLSearchParams(q).keys()].some((name) => drop.has(name)));
        if (!read.dropped) expect(read.kept).toBe(q.startsWith('?') ? q.slice(1) : q);
      }),
      { numRuns: 2000 },
    );
  });
});
