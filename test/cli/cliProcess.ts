/**
 * Runs the built command line (`dist/cli.cjs`, which `npm test` builds first) as a child
 * process, as a user would. The child gets a clean environment: no token, Graph URL or
 * proxy settings leak in from the test runner, so it can only reach what a test gives
 * it (the emulator on 127.0.0.1).
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type Emulator, startEmulator } from '../../src/testing/index';

export const root = join(__dirname, '..', '..');
export const cliPath = join(root, 'dist', 'cli.cjs');

export function assertBuilt(): void {
  if (!existsSync(cliPath)) throw new Error('dist/cli.cjs is missing: run `npm run build` (npm test does)');
}

export interface CliResult {
  readonly args: readonly string[];
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Every run of this test file, for the final scan for secrets. */
export const recorded: CliResult[] = [];

export type CliEnv = Readonly<Record<string, string>>;

function start(args: readonly string[], env: CliEnv): ChildProcessWithoutNullStreams {
  // GRAPH_URL is required: without it the tool would talk to the real Graph API.
  if (env.GRAPH_URL === undefined && !args.some((a) => a.startsWith('--graph-url'))) {
    if (!args.some((a) => a === '--help' || a === '--version')) throw new Error('runCli: give GRAPH_URL or --graph-url (127.0.0.1 only)');
  }
  return spawn(process.execPath, [cliPath, ...args], { cwd: root, env: { PATH: process.env.PATH ?? '', ...env } });
}

/** Runs to completion and records the result. */
export function runCli(args: readonly string[], env: CliEnv): Promise<CliResult> {
  const child = start(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const result = { args, code, signal, stdout, stderr };
      recorded.push(result);
      resolve(result);
    });
  });
}

/** The NDJSON lines of stdout, parsed (a line that is not JSON fails the test). */
export function parseLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The lines of stderr. */
export const stderrLines = (stderr: string): string[] => stderr.split('\n').filter((line) => line !== '');

/**
 * A long-running child (`--watch`): wait for lines with an explicit condition, then
 * stop it. Never sleeps: every wait ends on a line or on the child's exit.
 */
export class LiveCli {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly out: string[] = [];
  private readonly err: string[] = [];
  private partial = { out: '', err: '' };
  private outRead = 0;
  private errRead = 0;
  private exited: Promise<CliResult>;
  private listeners = new Set<() => void>();
  private closed = false;

  constructor(
    private readonly args: readonly string[],
    env: CliEnv,
  ) {
    this.child = start(args, env);
    const feed = (which: 'out' | 'err', into: string[]) => (chunk: string) => {
      const parts = (this.partial[which] + chunk).split('\n');
      this.partial[which] = parts.pop() ?? '';
      into.push(...parts);
      this.notify();
    };
    this.child.stdout.setEncoding('utf8').on('data', feed('out', this.out));
    this.child.stderr.setEncoding('utf8').on('data', feed('err', this.err));
    this.exited = new Promise((resolve) => {
      this.child.on('close', (code, signal) => {
        this.closed = true;
        const result = { args: this.args, code, signal, stdout: this.stdoutText(), stderr: this.stderrText() };
        recorded.push(result);
        this.notify();
        resolve(result);
      });
    });
  }

  stdoutText(): string {
    return this.out.map((l) => `${l}\n`).join('') + this.partial.out;
  }

  stderrText(): string {
    return this.err.map((l) => `${l}\n`).join('') + this.partial.err;
  }

  /** Resolves with the next stdout line (after those already returned) that matches. */
  nextLine(matches: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    return this.waitFor(() => {
      while (this.outRead < this.out.length) {
        const parsed = JSON.parse(this.out[this.outRead++] ?? '') as Record<string, unknown>;
        if (matches(parsed)) return parsed;
      }
      return undefined;
    }, 'stdout line');
  }

  /** Resolves with the next `count` stdout lines. */
  async lines(count: number): Promise<Record<string, unknown>[]> {
    const got: Record<string, unknown>[] = [];
    while (got.length < count) got.push(await this.nextLine(() => true));
    return got;
  }

  /** Resolves with the next stderr line that matches. */
  nextErrorLine(matches: RegExp): Promise<string> {
    return this.waitFor(() => {
      while (this.errRead < this.err.length) {
        const line = this.err[this.errRead++] ?? '';
        if (matches.test(line)) return line;
      }
      return undefined;
    }, `stderr line matching ${String(matches)}`);
  }

  /** Waits for the child to exit on its own. */
  exit(): Promise<CliResult> {
    return this.exited;
  }

  /** Closes our end of the child's stdout, as `| head -1` does once it has its line. */
  closeStdout(): void {
    this.child.stdout.destroy();
  }

  /** Sends SIGTERM and waits for the exit. */
  stop(): Promise<CliResult> {
    if (!this.closed) this.child.kill('SIGTERM');
    return this.exited;
  }

  private waitFor<A>(check: () => A | undefined, what: string): Promise<A> {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        const found = check();
        if (found !== undefined) {
          this.listeners.delete(attempt);
          resolve(found);
        } else if (this.closed) {
          this.listeners.delete(attempt);
          reject(new Error(`the CLI exited before a ${what}; stderr: ${this.stderrText()}`));
        }
      };
      this.listeners.add(attempt);
      attempt();
    });
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

/** A port on 127.0.0.1 where nothing listens (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Asserts that no recorded run printed any of the secrets, on stdout or stderr. */
export function expectNoSecretsPrinted(secrets: readonly string[]): void {
  expect(recorded.length).toBeGreaterThan(0);
  for (const run of recorded) {
    for (const secret of secrets) {
      expect({ args: run.args, stdout: run.stdout.includes(secret), stderr: run.stderr.includes(secret) }).toEqual({
        args: run.args,
        stdout: false,
        stderr: false,
      });
    }
  }
}

/**
 * One emulator per test file that accepts `token`, started after checking the build and
 * closed after the file; `use` receives it and the env that points the CLI at it.
 * The request log is cleared before each test unless `clearEach` is false.
 */
export function useCliEmulator(token: string, use: (emulator: Emulator, env: CliEnv) => void, clearEach = true): void {
  let started: Emulator | undefined;
  beforeAll(async () => {
    assertBuilt();
    started = await startEmulator({ accessToken: token });
    use(started, { GRAPH_URL: started.url, GRAPH_ACCESS_TOKEN: token });
  });
  afterAll(() => started?.close());
  if (clearEach) beforeEach(() => started?.clearRequests());
}
