import type { Emulator } from '../../src/testing/index';
import { closedPort, type CliResult, expectNoSecretsPrinted, parseLines, runCli, stderrLines, type CliEnv, useCliEmulator } from './cliProcess';

// Failures of the built command line: exit code, one line on stderr, nothing on stdout,
// and never the token, whichever way it was given.
const TOKEN = 'EAAB-cli-errors-secret-4d2e81';
const WRONG_TOKEN = 'EAAB-cli-wrong-secret-90b1c3';
let emulator: Emulator;
let env: CliEnv;

useCliEmulator(TOKEN, (started, startedEnv) => {
  emulator = started;
  env = startedEnv;
});

/** Exit code and the single stderr line; stdout must be empty. */
function failure(result: CliResult): { code: number | null; line: string } {
  const lines = stderrLines(result.stderr);
  expect(lines).toHaveLength(1);
  expect(result.stdout).toBe('');
  return { code: result.code, line: lines[0] ?? '' };
}

describe('errors from Graph and the network', () => {
  it('auth: a wrong token exits 3 with one line that says to re-authenticate', async () => {
    const { code, line } = failure(await runCli(['1001'], { ...env, GRAPH_ACCESS_TOKEN: WRONG_TOKEN }));
    expect(code).toBe(3);
    expect(line).toMatch(/^error \(auth\): Graph API error 190\b.* — .*re-authenticate/);
  });

  it('auth: the same with the wrong token given as --token', async () => {
    const { code, line } = failure(await runCli(['1001', '--token', WRONG_TOKEN], { GRAPH_URL: emulator.url }));
    expect(code).toBe(3);
    expect(line).toMatch(/^error \(auth\): /);
  });

  it('permission: Graph error 200 exits 4 and names the permissions', async () => {
    emulator.inject({ kind: 'graph-error', code: 200 });
    const { code, line } = failure(await runCli(['1001'], env));
    expect(code).toBe(4);
    expect(line).toMatch(/^error \(permission\): Graph API error 200\b.* — .*pages_messaging/);
  });

  it('rate-limit: a 613 that does not go away exits 5 once the retries are spent', async () => {
    const throttled = emulator.inject({ kind: 'graph-error', code: 613 }, { times: Infinity });
    try {
      const { code, line } = failure(await runCli(['1001', '--max-retries', '0'], env));
      expect(code).toBe(5);
      expect(line).toMatch(/^error \(rate-limit\): Graph API error 613\b/);
      expect(emulator.requests).toHaveLength(1);
    } finally {
      throttled.cancel();
    }
  });

  it('rate-limit: a passing 613 mid-walk is retried, with a warning, and every thread is printed once', async () => {
    emulator.inject({ kind: 'graph-error', code: 613 }, { after: 1 });
    const result = await runCli(['1001', '--limit', '25', '--fields', 'snippet'], env);
    expect(result.code).toBe(0);
    const ids = parseLines(result.stdout).map((line) => line.id);
    expect(ids).toEqual(emulator.threads('1001', { folder: 'inbox', platform: 'MESSENGER' }).map((t) => t.id));
    expect(stderrLines(result.stderr)).toEqual([expect.stringMatching(/^warning \(rate-limit\): .*\(retry 1\/5 in [\d.]+ s\)$/)]);
  });

  it('network: a refused connection exits 6 at once, without retries, in one short line', async () => {
    const port = await closedPort();
    const result = await runCli(['1001', '--graph-url', `http://127.0.0.1:${port}`], { GRAPH_ACCESS_TOKEN: TOKEN });
    const { code, line } = failure(result);
    expect(code).toBe(6);
    expect(line).toMatch(/^error \(network\): .*connection refused by 127\.0\.0\.1:\d+ .*— /);
    expect(line.match(/ECONNREFUSED/g)).toHaveLength(1);
    expect(line).not.toContain('http://');
    expect(line.length).toBeLessThan(200);
  });

  it('network: nothing listening on the Graph URL exits 6', async () => {
    const port = await closedPort();
    const { code, line } = failure(await runCli(['1001', '--max-retries', '0', '--graph-url', `http://127.0.0.1:${port}`], { GRAPH_ACCESS_TOKEN: TOKEN }));
    expect(code).toBe(6);
    expect(line).toMatch(/^error \(network\): .*ECONNREFUSED.* — /);
  });

  it('response: a body that is not JSON exits 8', async () => {
    const broken = emulator.inject({ kind: 'malformed-json' }, { times: Infinity });
    try {
      const { code, line } = failure(await runCli(['1001', '--max-retries', '0'], env));
      expect(code).toBe(8);
      expect(line).toMatch(/^error \(bad-response\): /);
    } finally {
      broken.cancel();
    }
  });

  it('graph: an error message that quotes the token is printed without it', async () => {
    emulator.inject({ kind: 'graph-error', code: 100, message: `(#100) Invalid parameter near ${TOKEN} and access_token=${TOKEN}` });
    const { code, line } = failure(await runCli(['1001'], env));
    expect(code).toBe(7);
    expect(line).toMatch(/^error \(invalid-request\): .*\[redacted\]/);
  });

  it('data that quotes the token is printed without it', async () => {
    // Newer than anything the emulator holds (its clock starts now), as the first page of a real walk would be.
    emulator.inject({ kind: 'raw', body: { data: [{ id: 't_1', updated_time: '2099-03-01T12:00:00+0000', snippet: `my token is ${TOKEN}` }] } });
    const result = await runCli(['1001', '--fields', 'snippet'], env);
    expect(result.code).toBe(0);
    expect(parseLines(result.stdout)).toEqual([{ id: 't_1', updated_time: '2099-03-01T12:00:00.000Z', snippet: 'my token is [redacted]' }]);
  });
});

describe('invalid input: exit 2, one line, no request', () => {
  const cases: ReadonlyArray<readonly [string, readonly string[], Record<string, string> | undefined, RegExp]> = [
    ['an unknown folder', ['1001', '--folder', 'archive'], undefined, /^error \(invalid-input\): Invalid --folder: expected one of inbox, other, page_done, spam/],
    ['an unknown field', ['1001', '--fields', 'snippet,colour'], undefined, /^error \(invalid-input\): Invalid --fields: unknown thread field "colour"; known fields: id, /],
    ['a page size over 100', ['1001', '--limit', '500'], undefined, /^error \(invalid-input\): Invalid --limit: expected a whole number from 1 to 100/],
    ['an unsafe page id', ['1001/../me'], undefined, /^error \(invalid-input\): Invalid pageId: /],
    ['a bad --watch interval', ['1001', '--watch', 'soon'], undefined, /^error \(invalid-input\): Invalid --watch: /],
    ['--folder with --all-folders', ['1001', '--folder', 'spam', '--all-folders'], undefined, /^error \(invalid-input\): Invalid --folder: give either/],
    ['no token', ['1001'], { GRAPH_ACCESS_TOKEN: '' }, /^error \(invalid-input\): Invalid --token: no access token: set GRAPH_ACCESS_TOKEN/],
    ['an unknown flag (with the token on the command line)', ['1001', '--token', TOKEN, '--foldr', 'spam'], { GRAPH_ACCESS_TOKEN: '' }, /^error \(usage\): unknown option '--foldr' \(Did you mean --folder\?\)/],
    ['a missing flag value (with the token on the command line)', ['1001', `--token=${TOKEN}`, '--limit'], { GRAPH_ACCESS_TOKEN: '' }, /^error \(usage\): option '--limit <n>' argument missing/],
    ['a missing page id', ['--watch', '5'], undefined, /^error \(invalid-input\): Invalid page-id: missing: .*put the page id first/],
    ['a field name 100,000 characters long', ['1001', '--fields', `snippet,${'a'.repeat(100_000)}`], undefined, /^error \(invalid-input\): Invalid --fields: unknown thread field a string of 100000 characters; known fields: id, /],
    // 40,000 deep is what one argument can hold (Linux caps each at 128 KiB); the library takes any depth.
    ['a field nested 40,000 deep', ['1001', '--fields', `${'a{'.repeat(40_000)}a${'}'.repeat(40_000)}`], undefined, /^error \(invalid-input\): Invalid --fields: unknown thread field a string of 120001 characters \(nested selections/],
  ];

  // The cases make no request, so they can run side by side: one process each, at once.
  const results = new Map<string, Promise<CliResult>>();
  beforeAll(() => {
    emulator.clearRequests();
    for (const [name, args, overrides] of cases) results.set(name, runCli(args, { ...env, ...overrides }));
  });

  it.each(cases)('%s', async (name, _args, _overrides, expected) => {
    const result = results.get(name);
    if (result === undefined) throw new Error(`no run for ${name}`);
    const { code, line } = failure(await result);
    expect(code).toBe(2);
    expect(line).toMatch(expected);
    expect(line.length).toBeLessThan(400);
    expect(emulator.requests).toHaveLength(0);
  });
});

test('no run printed the token or the wrong token', () => {
  expectNoSecretsPrinted([TOKEN, WRONG_TOKEN]);
});
