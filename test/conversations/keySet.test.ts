import fc from 'fast-check';
import { HashSet, KeySet } from '../../src/conversations/keySet';
import { keyHash } from '../../src/conversations/progress';

describe('HashSet and KeySet', () => {
  it('answers like a Set of the same hashes, through growth', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 400 }), (values) => {
        const compact = new HashSet();
        const plain = new Set<number>();
        for (const value of values) {
          const hash = value * 1_000_003; // large and small values, 0 included
          expect(compact.add(hash)).toBe(!plain.has(hash));
          plain.add(hash);
        }
        expect(compact.size).toBe(plain.size);
        for (const value of values) expect(compact.has(value * 1_000_003)).toBe(true);
        expect(compact.has(7)).toBe(plain.has(7));
        expect(new Set(compact)).toEqual(new Set([...plain].map((h) => (h === 0 ? 1 : h))));
      }),
    );
  });

  it('keeps at most 16 bytes per key: 200,000 keys in at most 3.2 MB of table', () => {
    const keys = new KeySet();
    for (let i = 0; i < 200_000; i++) keys.add(`t_mid.${1_709_245_490_719 + i}:44cdbd4c068f42db92`);
    expect(keys.size).toBeGreaterThan(199_990); // a collision is allowed (about 2e-6)
    const table = (keys as unknown as { hashes: { table: Float64Array } }).hashes.table;
    expect(table.byteLength / keys.size).toBeLessThanOrEqual(16);
  });

  it('a key is found by its hash', () => {
    const keys = new KeySet();
    expect(keys.add('t_1')).toBe(true);
    expect(keys.add('t_1')).toBe(false);
    expect(keys.has('t_1')).toBe(true);
    expect(keys.has('t_2')).toBe(false);
    expect(keyHash('t_1')).toBe(keyHash('t_1'));
  });
});
