/**
 * Pure: `rx-graph-conversations emulator [--port 5123]`, the Graph emulator on its own, to
 * try the command line (or any Graph client) without a Page or a token of Meta's. Its
 * flags checked, and what it prints once it listens.
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { showInput } from '../errors/showInput';
import { InvalidInputError } from '../index';
import type { PageSpec, Platform } from '../testing/index';
import { GRAPH_URL_ENV, TOKEN_ENV } from './options';

/** The port the README's examples use. */
export const DEFAULT_EMULATOR_PORT = 5123;

/** `--port 5123`, `--port 0` for a free one. */
export function parseEmulatorPort(value: string | undefined): Either<InvalidInputError, number> {
  if (value === undefined) return right(DEFAULT_EMULATOR_PORT);
  const port = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(port) || port < 0 || port > 65_535) {
    return left(new InvalidInputError('--port', `expected a TCP port from 0 (a free one) to 65535, got ${showInput(value)}`));
  }
  return right(port);
}

const threadCount = (page: PageSpec, platform: Platform): number => Object.values(page.threads[platform] ?? {}).reduce((sum, n) => sum + (n ?? 0), 0);

function describePage(page: PageSpec): string {
  const instagram = page.instagram === undefined ? '' : `, ${threadCount(page, 'INSTAGRAM')} Instagram (@${page.instagram.username})`;
  return `${page.id} (${page.name}: ${threadCount(page, 'MESSENGER')} Messenger threads${instagram})`;
}

/**
 * What the command prints when the emulator listens: its URL and token as environment
 * lines a shell can paste (the token is the emulator's own, not a secret), its Pages, and
 * a command to try. `self` is how the user ran this program.
 */
export function emulatorBanner(emulator: { readonly url: string; readonly accessToken: string }, pages: readonly PageSpec[], self: string): string[] {
  const first = pages[0]?.id ?? '1001';
  return [
    `Graph emulator listening on ${emulator.url} (Ctrl-C stops it)`,
    `${GRAPH_URL_ENV}=${emulator.url}`,
    `${TOKEN_ENV}=${emulator.accessToken}`,
    `Pages: ${pages.map(describePage).join('; ')}`,
    `Try, in another terminal: ${GRAPH_URL_ENV}=${emulator.url} ${TOKEN_ENV}=${emulator.accessToken} ${self} ${first} --max 5`,
  ];
}
