/**
 * Sets of item keys at a few bytes each: what a dedupe over a long stream keeps.
 * A `Set<string>` of thread ids costs 70-80 bytes per thread (the id string it keeps
 * alive, plus the entry); these keep only the key's 53-bit hash ({@link keyHash}) in one
 * `Float64Array` with open addressing, at most 16 bytes per key (the table is grown by
 * half once three quarters full, so it is between half and three quarters full).
 *
 * The price of a hash: two different keys with the same hash count as one. For n keys
 * the chance that any two collide is about n²/2⁵⁴: 6·10⁻⁹ for 10,000 threads, 6·10⁻⁵
 * for a million. Where a collision makes a dedupe hold back an item, the user-facing
 * docs say so.
 */
import { keyHash } from './progress';

const EMPTY = 0;
const MIN_CAPACITY = 16;
const MAX_LOAD = 0.75;
const TWO_TO_MINUS_53 = 2 ** -53;

/**
 * The home slot of a hash in a table of `capacity` slots, from its top bits:
 * `floor(hash / 2⁵³ × capacity)`, taken as `hash × (capacity × 2⁻⁵³)`: the same product
 * (scaling by a power of two is exact) with two multiplies instead of a division, which
 * takes a few times a multiply's latency. Why not `hash % capacity` or `(hash >>> 0) % capacity`: both go through
 * a slow path for numbers past 32 bits, and these are 53-bit (measured: the set's adds took
 * twice as long).
 */
function homeSlot(hash: number, capacity: number): number {
  // A product that rounds up to `capacity` (hashes just under 2⁵³) belongs in the last slot.
  return Math.min(Math.floor(hash * (capacity * TWO_TO_MINUS_53)), capacity - 1);
}

/** A set of 53-bit hashes (non-negative safe integers), 8 bytes a slot. */
export class HashSet {
  private table: Float64Array;
  private count = 0;

  constructor(capacity = MIN_CAPACITY) {
    this.table = new Float64Array(Math.max(MIN_CAPACITY, Math.ceil(capacity)));
  }

  get size(): number {
    return this.count;
  }

  /** Adds `hash`; true when it was not there. */
  add(hash: number): boolean {
    if (this.count + 1 > this.table.length * MAX_LOAD) this.grow();
    const stored = hash === EMPTY ? 1 : hash; // 0 marks a free slot
    const table = this.table;
    const capacity = table.length;
    for (let slot = homeSlot(stored, capacity); ; slot = slot + 1 === capacity ? 0 : slot + 1) {
      const held = table[slot] as number;
      if (held === stored) return false;
      if (held === EMPTY) {
        table[slot] = stored;
        this.count += 1;
        return true;
      }
    }
  }

  has(hash: number): boolean {
    const stored = hash === EMPTY ? 1 : hash;
    const table = this.table;
    const capacity = table.length;
    for (let slot = homeSlot(stored, capacity); ; slot = slot + 1 === capacity ? 0 : slot + 1) {
      const held = table[slot] as number;
      if (held === stored) return true;
      if (held === EMPTY) return false;
    }
  }

  *[Symbol.iterator](): IterableIterator<number> {
    for (const held of this.table) if (held !== EMPTY) yield held;
  }

  /** A table half as large again, every hash moved to it (all distinct: no lookups needed). */
  private grow(): void {
    const old = this.table;
    const capacity = Math.ceil(old.length * 1.5);
    const table = new Float64Array(capacity);
    for (let i = 0; i < old.length; i++) {
      const held = old[i] as number;
      if (held === EMPTY) continue;
      let slot = homeSlot(held, capacity);
      while (table[slot] !== EMPTY) slot = slot + 1 === capacity ? 0 : slot + 1;
      table[slot] = held;
    }
    this.table = table;
  }
}

/** A set of string keys, kept as their hashes: see the module's note on collisions. */
export class KeySet {
  private readonly hashes = new HashSet();

  /** Adds `key`; true when it (or a key with the same hash) was not there. */
  add(key: string): boolean {
    return this.hashes.add(keyHash(key));
  }

  has(key: string): boolean {
    return this.hashes.has(keyHash(key));
  }

  get size(): number {
    return this.hashes.size;
  }
}
