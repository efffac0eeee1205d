/**
 * The exit codes of the command line, one per thing a script does about a failure.
 * Decided by the error's `kind`, never by its message.
 */
import type { ErrorKind } from '../index';

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** Exit codes by name. */
export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  auth: 3,
  permission: 4,
  rateLimit: 5,
  network: 6,
  graph: 7,
  response: 8,
  interrupted: 130,
  terminated: 143,
} as const;

/** One row of the documented table: the code, a short name, what it means. */
export interface ExitCodeRow {
  readonly code: number;
  readonly name: string;
  readonly meaning: string;
  /** Error kinds that end with this code. */
  readonly kinds: readonly ErrorKind[];
}

/** The table shown by `--help` and in the README. */
export const EXIT_CODES: readonly ExitCodeRow[] = [
  { code: EXIT.ok, name: 'ok', meaning: 'every thread was written (or the reader of stdout went away)', kinds: [] },
  { code: EXIT.internal, name: 'internal', meaning: 'unexpected failure (a bug: please report it)', kinds: [] },
  { code: EXIT.usage, name: 'usage', meaning: 'bad flags or arguments, or no token; nothing was requested', kinds: ['invalid-input'] },
  { code: EXIT.auth, name: 'auth', meaning: 'token invalid or expired (190), or a wrong app secret (104)', kinds: ['auth', 'signature'] },
  { code: EXIT.permission, name: 'permission', meaning: 'the token lacks a permission or Page task (10, 200-299)', kinds: ['permission'] },
  { code: EXIT.rateLimit, name: 'rate-limit', meaning: 'throttled (613, 80006, 4, 17, 32, ...) after --max-retries retries, or blocked (368)', kinds: ['rate-limit', 'abusive'] },
  { code: EXIT.network, name: 'network', meaning: 'connection refused (at once: nothing listens there, so no retry), or reset, or no response in time, after retries', kinds: ['network', 'timeout'] },
  { code: EXIT.graph, name: 'graph', meaning: 'any other Graph error (bad parameter 100, stale cursor, 5xx after retries)', kinds: ['invalid-request', 'invalid-cursor', 'history-limit', 'server', 'graph'] },
  { code: EXIT.response, name: 'response', meaning: 'a response the tool refuses: not Graph JSON, unexpected shape, unsafe paging', kinds: ['bad-response', 'decode', 'unsafe-paging', 'paging-loop'] },
  { code: EXIT.interrupted, name: 'interrupted', meaning: 'stopped by Ctrl-C (SIGINT), e.g. to end --watch', kinds: [] },
  { code: EXIT.terminated, name: 'terminated', meaning: 'stopped by SIGTERM', kinds: [] },
];

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const BY_KIND: ReadonlyMap<string, number> = new Map(EXIT_CODES.flatMap((row) => row.kinds.map((kind) => [kind, row.code] as const)));

/** The kind of a library error, or `undefined` for anything else. */
export function kindOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('kind' in error)) return undefined;
  return typeof error.kind === 'string' ? error.kind : undefined;
}

/** The exit code for an error that ended the run: by kind; 1 for anything that is not a library error. */
export function exitCodeFor(error: unknown): number {
  const kind = kindOf(error);
  return (kind === undefined ? undefined : BY_KIND.get(kind)) ?? EXIT.internal;
}

/** The table as `--help` prints it. */
export function exitCodesHelp(): string {
  return ['Exit codes:', ...EXIT_CODES.map((row) => `  ${String(row.code).padStart(3)}  ${row.name.padEnd(12)} ${row.meaning}`)].join('\n');
}
