import fc from 'fast-check';
import { queryNames } from '../../src/graph/queryNames';

// The walk reads a paging URL's parameter names without URLSearchParams (see queryNames):
// whenever it answers, it must read them as URLSearchParams does.
const part = fc.oneof(
  fc.constantFrom('access_token', 'access%5Ftoken', 'appsecret_proof', 'fields', 'a+b', '%41', '%E2%82%AC', '%', '%zz', '%C3', '=', '&', '?', '+', '%2B'),
  fc.string({ maxLength: 4 }),
);
const query = fc.array(part, { maxLength: 12 }).map((parts) => parts.join(''));

describe('queryNames', () => {
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
});
