import fc from 'fast-check';
import { HashSet, KeySet } from '../../src/conversations/keySet';
import { keyHash } from '../../src/conversations/progress';

describe('HashSet and KeySet', () => {
  // Whole 53-bit range (what keyHash gives), the edges (0, and the top slot where probes
  // wrap around), and small values that all share the first home slot.
  const hashArb = fc.oneof(
    fc.maxSafeNat(),
    fc.constantFrom(0, 2, 2 ** 53 - 1, 2 ** 53 - 2, 2 ** 53 - 3),
    fc.integer({ min: 0, max: 5000 }).map((value) => value * 1_000_003),
    fc.integer({ min: 0, max: 5000 }).map((value) => 2 ** 53 - 1 - value),
  );

  it('answers like a Set of the same hashes, through growth', () => {
    fc.assert(
      fc.property(fc.array(hashArb, { maxLength: 400 }), fc.maxSafeNat(), (hashes, other) => {
        const compact = new HashSet();
        const plain = new Set<number>();
        for (const hash of hashes) {
          expect(compact.add(hash)).toBe(!plain.has(hash === 0 ? 1 : hash)); // 0 is kept as 1
          plain.add(hash === 0 ? 1 : hash);
        }
        expect(compact.size).toBe(plain.size);
        for (const hash of hashes) expect(compact.has(hash)).toBe(true);
        expect(compact.has(other)).toBe(plain.has(other === 0 ? 1 : other));
        expect(new Set(compact)).toEqual(plain);
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

  it('keyHash is cyrb53 (seed 0): its published value, and pinned ones a change would move', () => {
    expect(keyHash('a')).toBe(7929297801672961);
    expect(keyHash('')).toBe(3338908027751811);
    expect(keyHash('t_1')).toBe(2164407234106749);
    expect(keyHash('t_100000000000001')).toBe(837670918592725);
    expect(keyHash('é😀')).toBe(402108947828814);
    expect(keyHash('x'.repeat(200))).toBe(7305973691363844);
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
