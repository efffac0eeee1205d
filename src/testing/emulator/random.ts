/**
 * Deterministic randomness. The emulator's data must be the same for the same seed on
 * every run, and per-message values are derived on demand (never stored), so besides a
 * sequential generator we need a stateless mix of integers.
 */

// Module-level aliases: seeding makes millions of these calls, and under a VM sandbox
// (jest's test environment) every lookup of a global such as `Math` is ~10x slower.
const { floor, imul } = Math;

/** A generator of floats in [0, 1). */
export type Random = () => number;

/** mulberry32: tiny and fast, plenty for test data (not for anything secret). */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Stateless 32-bit mix of two integers (murmur3 finaliser over a combined word). */
export function mix32(a: number, b: number): number {
  let h = (a ^ imul(b + 0x9e3779b9, 0x85ebca6b)) >>> 0;
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a of a string, to derive seeds from ids. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Integer in [min, max]. */
export function intBetween(random: Random, min: number, max: number): number {
  return min + floor(random() * (max - min + 1));
}

/** `length` lower-case hex digits. */
export function hexDigits(random: Random, length: number): string {
  let out = '';
  while (out.length < length) out += floor(random() * 0x100000000).toString(16).padStart(8, '0');
  return out.slice(0, length);
}

/** `length` decimal digits, the first one non-zero (ids never start with 0). */
export function decimalDigits(random: Random, length: number): string {
  // Chunks of 8 digits: few draws and few string operations (seeding makes 200k ids).
  let out = `${10_000_000 + floor(random() * 90_000_000)}`;
  while (out.length < length) out += `${floor(random() * 100_000_000)}`.padStart(8, '0');
  return out.length === length ? out : out.slice(0, length);
}

/** An element of a non-empty list, chosen by an unsigned integer. */
export function pickBy<T>(list: readonly [T, ...T[]], n: number): T {
  // The modulo keeps the index in range, so the lookup always succeeds.
  return list[n % list.length] as T;
}

const TRACE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** A random-looking but deterministic fbtrace id (11 characters, like Graph's). */
export function traceId(seed: number, seq: number): string {
  const random = mulberry32(mix32(seed, seq));
  let out = 'A';
  for (let i = 0; i < 10; i += 1) out += TRACE_ALPHABET[floor(random() * TRACE_ALPHABET.length)] ?? 'A';
  return out;
}
