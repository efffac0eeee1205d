/**
 * Pure: the flags and environment of the command line, checked and turned into library
 * options. No I/O; every rejection is an `InvalidInputError` naming the flag.
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { showInput } from '../errors/showInput';
import { FOLDERS, InvalidInputError, PLATFORMS, type Folder, type Platform, type ThreadField } from '../index';
import { THREAD_FIELDS } from '../codecs/index';

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The flags as commander hands them over: strings, booleans, or absent. */
export interface RawCliOptions {
  readonly token?: string;
  readonly appSecret?: string;
  readonly graphUrl?: string;
  readonly folder?: string;
  readonly platform?: string;
  readonly user?: string;
  readonly fields?: string;
  readonly limit?: string;
  readonly max?: string;
  readonly allFolders?: boolean;
  /** `true` for a bare `--watch`, the seconds for `--watch 10`. */
  readonly watch?: string | boolean;
  readonly maxRetries?: string;
}

/** The environment variables the tool reads. */
export type CliEnv = Readonly<Record<string, string | undefined>>;

/** What the run needs, checked. */
export interface CliOptions {
  readonly pageId: string;
  readonly accessToken: string;
  readonly appSecret: string | undefined;
  /** `undefined`: the library's default, the real Graph API. */
  readonly graphUrl: string | undefined;
  readonly folder: Folder | undefined;
  readonly platform: Platform | undefined;
  readonly userId: string | undefined;
  /** `undefined`: the library's default fields. */
  readonly fields: readonly ThreadField[] | undefined;
  /** Page size; `undefined` is Graph's default (25). */
  readonly limit: number | undefined;
  /** Stop after this many threads. */
  readonly max: number | undefined;
  readonly allFolders: boolean;
  /** Poll interval of `--watch`; `undefined` without `--watch`. */
  readonly watchMs: number | undefined;
  readonly maxRetries: number;
}

export const TOKEN_ENV = 'GRAPH_ACCESS_TOKEN';
export const GRAPH_URL_ENV = 'GRAPH_URL';
export const APP_SECRET_ENV = 'GRAPH_APP_SECRET';
export const DEFAULT_WATCH_SECONDS = 30;
export const DEFAULT_MAX_RETRIES = 5;
const MAX_LIMIT = 100;

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

type Checked<A> = Either<InvalidInputError, A>;

const invalid = (flag: string, message: string): Checked<never> => left(new InvalidInputError(flag, message));

const given = (value: string | undefined): string | undefined => (value === undefined || value.trim() === '' ? undefined : value.trim());

function wholeNumber(flag: string, value: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): Checked<number | undefined> {
  if (value === undefined) return right(undefined);
  const n = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    return invalid(flag, `expected a whole number ${range}, got ${showInput(value)}`);
  }
  return right(n);
}

function folderOf(value: string | undefined): Checked<Folder | undefined> {
  if (value === undefined) return right(undefined);
  const folder = FOLDERS.find((f) => f === value.trim().toLowerCase());
  return folder === undefined ? invalid('--folder', `expected one of ${FOLDERS.join(', ')}, got ${showInput(value)}`) : right(folder);
}

function platformOf(value: string | undefined): Checked<Platform | undefined> {
  if (value === undefined) return right(undefined);
  const platform = PLATFORMS.find((p) => p === value.trim().toUpperCase());
  return platform === undefined ? invalid('--platform', `expected one of ${PLATFORMS.join(', ')}, got ${showInput(value)}`) : right(platform);
}

/**
 * `--fields snippet,unread_count` as a list of thread fields, each known, each once.
 * `id` and `updated_time` are added by the library anyway.
 */
export function parseFields(value: string | undefined): Checked<readonly ThreadField[] | undefined> {
  if (value === undefined) return right(undefined);
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) return invalid('--fields', `expected a comma-separated list such as snippet,unread_count; known fields: ${THREAD_FIELDS.join(', ')}`);
  const known: ReadonlySet<string> = new Set(THREAD_FIELDS);
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    const nested = unknown.some((name) => name.includes('.') || name.includes('{')) ? ' (nested selections are not supported here: use messages)' : '';
    // Bounded: a name may be 100,000 characters long, and there may be thousands of them.
    const shown = [...unknown.slice(0, 5).map(showInput), ...(unknown.length > 5 ? [`and ${unknown.length - 5} more`] : [])].join(', ');
    return invalid('--fields', `unknown thread field ${shown}${nested}; known fields: ${THREAD_FIELDS.join(', ')}`);
  }
  return right([...new Set(names)] as ThreadField[]);
}

/** `--watch` alone means the default interval; `--watch 2.5` polls every 2.5 s. */
export function parseWatch(value: string | boolean | undefined): Checked<number | undefined> {
  if (value === undefined || value === false) return right(undefined);
  if (value === true) return right(DEFAULT_WATCH_SECONDS * 1000);
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds <= 0 || seconds > 86_400) {
    return invalid('--watch', `expected seconds between polls, more than 0 and at most 86400, got ${showInput(value)}`);
  }
  return right(Math.round(seconds * 1000));
}

// -------------------------------------------------------------------------------------
// parse
// -------------------------------------------------------------------------------------

/**
 * Checks the flags and the environment and merges them: a flag wins over its
 * environment variable. The page id itself is checked by the library (no request is
 * made for a bad one either).
 */
export function parseCliOptions(pageId: string | undefined, raw: RawCliOptions, env: CliEnv): Checked<CliOptions> {
  if (given(pageId) === undefined) {
    const hint = typeof raw.watch === 'string' ? ` (--watch takes optional seconds: put the page id first, e.g. rx-graph-conversations 1234567890 --watch)` : '';
    return invalid('page-id', `missing: give the Page id as the first argument, e.g. rx-graph-conversations 1234567890${hint}`);
  }
  const accessToken = given(raw.token) ?? given(env[TOKEN_ENV]);
  if (accessToken === undefined) return invalid('--token', `no access token: set ${TOKEN_ENV} (preferred: flags show up in ps and shell history) or pass --token`);
  if (raw.allFolders === true && raw.folder !== undefined) return invalid('--folder', 'give either --folder or --all-folders, not both');
  if (raw.max !== undefined && raw.watch !== undefined && raw.watch !== false) return invalid('--max', '--max stops a listing; it does not apply to --watch');

  const folder = folderOf(raw.folder);
  if (folder._tag === 'Left') return folder;
  const platform = platformOf(raw.platform);
  if (platform._tag === 'Left') return platform;
  const fields = parseFields(raw.fields);
  if (fields._tag === 'Left') return fields;
  const limit = wholeNumber('--limit', raw.limit, 1, MAX_LIMIT);
  if (limit._tag === 'Left') return limit;
  const max = wholeNumber('--max', raw.max, 1);
  if (max._tag === 'Left') return max;
  const maxRetries = wholeNumber('--max-retries', raw.maxRetries, 0, 100);
  if (maxRetries._tag === 'Left') return maxRetries;
  const watchMs = parseWatch(raw.watch);
  if (watchMs._tag === 'Left') return watchMs;
  const userId = raw.user === undefined ? undefined : given(raw.user);
  if (raw.user !== undefined && userId === undefined) return invalid('--user', 'expected a Page-scoped user id, got an empty value');

  return right({
    pageId: (pageId ?? '').trim(),
    accessToken,
    appSecret: given(raw.appSecret) ?? given(env[APP_SECRET_ENV]),
    graphUrl: given(raw.graphUrl) ?? given(env[GRAPH_URL_ENV]),
    folder: folder.right,
    platform: platform.right,
    userId,
    fields: fields.right,
    // With --max alone, ask for no more than needed: --max 5 is one request of 5.
    limit: limit.right ?? (max.right === undefined ? undefined : Math.min(max.right, MAX_LIMIT)),
    max: max.right,
    allFolders: raw.allFolders === true,
    watchMs: watchMs.right,
    maxRetries: maxRetries.right ?? DEFAULT_MAX_RETRIES,
  });
}

/**
 * The secrets to keep out of every line the tool prints, found before any parsing so
 * that even a usage error cannot echo them: `--token`, `--app-secret` (either spelling)
 * and their environment variables.
 */
export function secretsIn(argv: readonly string[], env: CliEnv): string[] {
  const secrets = [env[TOKEN_ENV], env[APP_SECRET_ENV]];
  argv.forEach((arg, i) => {
    for (const flag of ['--token', '--app-secret']) {
      if (arg === flag) secrets.push(argv[i + 1]);
      else if (arg.startsWith(`${flag}=`)) secrets.push(arg.slice(flag.length + 1));
    }
  });
  return secrets.filter((s): s is string => typeof s === 'string' && s.trim() !== '').flatMap((s) => [s, s.trim()]);
}
