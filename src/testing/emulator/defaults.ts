/**
 * Default Pages and option values of the emulator.
 */
import type { PageSpec } from './types';

/**
 * The Pages seeded when `pages` is not given: '1001' "Acme Bikes" (linked to Instagram
 * account '17841400000001001' @acme.bikes; Messenger inbox 60, other 10, page_done 15,
 * spam 5; Instagram inbox 30, other 5) and '1002' "Corner Cafe" (Messenger inbox 8).
 *
 * @example
 * ```ts
 * const emulator = await startEmulator({ pages: [...DEFAULT_PAGES, { id: '1003', name: 'Big', threads: { MESSENGER: { inbox: 100_000 } } }] });
 * ```
 */
export const DEFAULT_PAGES: readonly PageSpec[] = [
  {
    id: '1001',
    name: 'Acme Bikes',
    instagram: { id: '17841400000001001', username: 'acme.bikes' },
    threads: {
      MESSENGER: { inbox: 60, other: 10, page_done: 15, spam: 5 },
      INSTAGRAM: { inbox: 30, other: 5 },
    },
  },
  { id: '1002', name: 'Corner Cafe', threads: { MESSENGER: { inbox: 8 } } },
];

export const DEFAULTS = {
  port: 0,
  host: '127.0.0.1',
  seed: 1,
  accessToken: 'emulator-page-token',
  latencyMs: 0,
  budgetCode: 613,
} as const;

/**
 * A fixed start for deterministic tests (the emulator's clock otherwise starts at the real
 * current time): `startEmulator({ now: FIXED_NOW })`.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator({ now: FIXED_NOW }); // the same times on every run
 * ```
 */
export const FIXED_NOW = '2024-03-01T12:00:00+0000';
