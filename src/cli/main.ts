#!/usr/bin/env node
/**
 * The `rx-graph-conversations` command: flags in, NDJSON out. The only module of the
 * command line that touches `process` (argv, env, stdio, signals, exit).
 */
import { Command, CommanderError, type OutputConfiguration } from 'commander';
import { tap, type Subscription } from 'rxjs';
import { DEFAULT_THREAD_FIELDS } from '../index';
import { createRedactor } from '../errors/redact';
import { askedWaitMs } from '../operators/retryDelay';
import { DEFAULT_PAGES, startEmulator } from '../testing/index';
import { DEFAULT_EMULATOR_PORT, emulatorBanner, parseEmulatorPort } from './emulatorCommand';
import { EXIT, exitCodeFor, exitCodesHelp, kindOf } from './exitCodes';
import { secretScrubber, writeNdjson } from './ndjson';
import {
  APP_SECRET_ENV,
  DEFAULT_MAX_RETRIES,
  DEFAULT_WATCH_SECONDS,
  GRAPH_URL_ENV,
  parseCliOptions,
  type RawCliOptions,
  secretsIn,
  TOKEN_ENV,
} from './options';
import { Progress } from './progress';
import { buildStream } from './run';

declare const __CLI_VERSION__: string | undefined;
const VERSION = typeof __CLI_VERSION__ === 'string' ? __CLI_VERSION__ : '0.0.0-dev';

// -------------------------------------------------------------------------------------
// messages
// -------------------------------------------------------------------------------------

const oneLine = (text: string): string => text.replace(/\s*[\r\n]+\s*/g, ' ').trim();

/** `error (auth): Graph API error 190 ... — The access token is invalid ...`: message and advice on one line. */
function describe(label: string, error: unknown): string {
  const kind = kindOf(error);
  if (kind === undefined) return `${label} (internal): ${oneLine(error instanceof Error ? error.message : String(error))}`;
  const { message, help } = error as { message?: unknown; help?: unknown };
  const advice = kind === 'invalid-input' ? 'see rx-graph-conversations --help' : typeof help === 'string' ? help : '';
  return `${label} (${kind}): ${oneLine(String(message))}${advice === '' ? '' : ` — ${advice}`}`;
}

const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

const HELP_AFTER = `
Output:
  stdout: one JSON object per line (NDJSON), nothing else; dates are ISO-8601 strings.
  A listing prints each thread once, also those that got a message while it ran: after
  the last page it reads the top again (typically one extra request).
  --watch lines are {"type":"added"|"updated"|"removed","thread":{...},"previous":{...}}:
  the first poll reports every thread as added, later polls only what changed.
  stderr: warnings (retries, failed polls), then on failure one "error (<kind>): ..." line;
  a progress line (pages, threads, rate) only when stderr is a terminal and stdout is not.

Environment:
  ${TOKEN_ENV.padEnd(20)} Page access token (used when --token is not given)
  ${GRAPH_URL_ENV.padEnd(20)} Graph origin (used when --graph-url is not given)
  ${APP_SECRET_ENV.padEnd(20)} app secret (used when --app-secret is not given)

${exitCodesHelp()}

Examples:
  $ export ${TOKEN_ENV}=EAAB...
  $ rx-graph-conversations 1234567890 --fields snippet,unread_count | jq -r '.snippet'
  $ rx-graph-conversations 1234567890 --all-folders --max 100 > threads.ndjson
  $ rx-graph-conversations 1234567890 --watch 60 | jq -c 'select(.type != "removed")'
  $ rx-graph-conversations emulator --port 5123    # then, in another terminal:
  $ GRAPH_URL=http://127.0.0.1:5123 ${TOKEN_ENV}=emulator-page-token rx-graph-conversations 1001
`;

/** What the command line was asked to do: list or watch a Page (the default), or run the emulator. */
type Chosen = { readonly run: 'threads' } | { readonly run: 'emulator'; readonly port: string | undefined };

function program(output: OutputConfiguration, choose: (chosen: Chosen) => void): Command {
  const command = new Command()
    .name('rx-graph-conversations')
    .description("Streams the threads of a Facebook Page's Messenger or Instagram inbox (Graph API /{page-id}/conversations) as NDJSON.")
    .argument('[page-id]', 'the Page id (or me, with a Page token)')
    .option('--folder <folder>', "inbox, other, page_done or spam (default: Graph's inbox)")
    .option('--all-folders', 'every folder at once; each thread gets a "folder" key')
    .option('--platform <platform>', 'MESSENGER (default) or INSTAGRAM')
    .option('--user <user-id>', "only this person's thread (Page-scoped user id)")
    .option('--fields <list>', `comma-separated thread fields; id and updated_time always come (default: ${DEFAULT_THREAD_FIELDS.join(',')})`)
    .option('--limit <n>', "page size, threads per request, 1-100 (default: Graph's 25)")
    .option('--max <n>', 'stop after n threads')
    .option('--watch [seconds]', `keep polling and print changes, every <seconds> (default ${DEFAULT_WATCH_SECONDS}); Ctrl-C stops`)
    .option('--max-retries <n>', `retries of a rate-limited or failed request before giving up (default ${DEFAULT_MAX_RETRIES}); a refused connection is not retried`)
    .option('--graph-url <url>', `Graph origin (default: https://graph.facebook.com, or ${GRAPH_URL_ENV})`)
    .option('--token <token>', `Page access token (prefer ${TOKEN_ENV}: flags show up in ps and shell history)`)
    .option('--app-secret <secret>', `app secret, when the app requires appsecret_proof (or ${APP_SECRET_ENV})`)
    .version(VERSION)
    .addHelpText('after', HELP_AFTER)
    .configureOutput(output)
    .exitOverride()
    .action(() => choose({ run: 'threads' }));
  // Created after the settings above, which a subcommand copies (output, exitOverride).
  command
    .command('emulator')
    .description('Starts a local Graph emulator with seeded Pages (1001, 1002) and prints its URL and token; Ctrl-C stops it.')
    .option('--port <n>', `TCP port on 127.0.0.1; 0 picks a free one (default ${DEFAULT_EMULATOR_PORT})`)
    .action((opts: { readonly port?: string }) => choose({ run: 'emulator', port: opts.port }));
  return command;
}

// -------------------------------------------------------------------------------------
// main
// -------------------------------------------------------------------------------------

function main(): void {
  const { stdout, stderr, env } = process;
  const argv = process.argv.slice(2);
  const redact = createRedactor(secretsIn(argv, env));
  const say = (line: string) => stderr.write(`${redact(line)}\n`);
  stderr.on('error', () => undefined); // a closed stderr must not crash the run

  // Exit once what was written is flushed (stdout may be asynchronous, e.g. pipes on macOS).
  const exitAfterFlush = (code: number) => {
    process.exitCode = code;
    if (stdout.writable) stdout.write('', () => process.exit(code));
    else process.exit(code);
  };

  let subscription: Subscription | undefined;
  let finished = false;
  let progress: Progress | undefined;
  const finish = (code: number, line?: string) => {
    if (finished) return;
    finished = true;
    subscription?.unsubscribe();
    progress?.done();
    if (line !== undefined) say(line);
    exitAfterFlush(code);
  };

  stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') return finish(EXIT.internal, describe('error', error));
    // The reader went away (`| head -1`): stop quietly, like any Unix filter.
    finished = true;
    subscription?.unsubscribe();
    process.exit(EXIT.ok);
  });
  process.once('SIGINT', () => finish(EXIT.interrupted));
  process.once('SIGTERM', () => finish(EXIT.terminated));

  let chosen = { run: 'threads' } as Chosen; // set by the command's action (commander calls it in parse)
  const command = program(
    {
      writeOut: (text) => stdout.write(text),
      writeErr: (text) => stderr.write(redact(text)),
      // Commander's own errors, as one line like every other error.
      outputError: (text, write) => write(`${oneLine(text.replace(/^error: /, 'error (usage): '))} — see rx-graph-conversations --help\n`),
    },
    (choice) => (chosen = choice),
  );
  try {
    command.parse(process.argv);
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    // --help and --version end here with 0; commander's usage errors (already printed) with 2.
    return exitAfterFlush(error.exitCode === 0 ? EXIT.ok : EXIT.usage);
  }
  if (chosen.run === 'emulator') return runEmulator(chosen.port, finish);

  const options = parseCliOptions(command.args[0], command.opts<RawCliOptions>(), env);
  if (options._tag === 'Left') return finish(EXIT.usage, describe('error', options.left));
  const opts = options.right;

  // Progress only when someone watches stderr on a terminal and stdout goes elsewhere:
  // NDJSON lines printed to the same terminal would tear the progress line apart.
  progress = new Progress(stderr, { unit: opts.watchMs === undefined ? 'threads' : 'changes', enabled: stdout.isTTY !== true });
  const shown = progress;
  const warn = (line: string) => {
    shown.clear();
    say(line);
  };
  const stream = buildStream(opts, {
    onPage: shown.enabled ? () => shown.page() : undefined,
    onRetry: ({ attempt, delayMs, error }) => warn(`${describe('warning', error)} (retry ${attempt}/${opts.maxRetries} in ${seconds(delayMs)})`),
    // pollDiff waits what Graph asked before the next poll when that is longer than the interval.
    onPollError: (error) => warn(`${describe('warning', error)} (poll skipped, next in ${seconds(Math.max(opts.watchMs ?? 0, askedWaitMs(error)))})`),
  });
  subscription = stream
    .pipe(
      writeNdjson(stdout, secretScrubber([opts.accessToken, ...(opts.appSecret === undefined ? [] : [opts.appSecret])])),
      tap(() => shown.item()),
    )
    .subscribe({
      error: (error: unknown) => finish(exitCodeFor(error), describe('error', error)),
      complete: () => finish(EXIT.ok),
    });
}

/**
 * `rx-graph-conversations emulator`: serves until Ctrl-C or SIGTERM (which `finish`
 * handles: it exits), printing its URL and token once it listens.
 */
function runEmulator(rawPort: string | undefined, finish: (code: number, line?: string) => void): void {
  const port = parseEmulatorPort(rawPort);
  if (port._tag === 'Left') return finish(EXIT.usage, describe('error', port.left));
  startEmulator({ port: port.right }).then(
    (emulator) => {
      process.stdout.write(emulatorBanner(emulator, DEFAULT_PAGES, 'npx rx-graph-conversations').map((line) => `${line}\n`).join(''));
      // Close the server before exiting, so a client sees the connection end, not a reset.
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.prependOnceListener(signal, () => void emulator.close());
    },
    (error: NodeJS.ErrnoException) => {
      const taken = error.code === 'EADDRINUSE' ? `port ${port.right} is in use: choose another with --port (0 picks a free one)` : oneLine(error.message);
      finish(EXIT.usage, `error (usage): cannot start the emulator: ${taken}`);
    },
  );
}

try {
  main();
} catch (error) {
  // Last resort: still one line, still without secrets.
  const redact = createRedactor(secretsIn(process.argv.slice(2), process.env));
  process.stderr.write(`${redact(describe('error', error))}\n`);
  process.exit(EXIT.internal);
}
