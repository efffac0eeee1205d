import type { Emulator } from '../../src/testing/index';
import { type CliEnv, expectNoSecretsPrinted, LiveCli, stderrLines, useCliEmulator } from './cliProcess';

// `--watch`: pollDiff changes as NDJSON. Every wait is for a line, never a sleep; the
// short interval only makes the next poll come soon.
const TOKEN = 'EAAB-cli-watch-secret-c0ffee';
let emulator: Emulator;
let env: CliEnv;
let running: LiveCli | undefined;

useCliEmulator(
  TOKEN,
  (started, startedEnv) => {
    emulator = started;
    env = startedEnv;
  },
  false,
);
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

const watch = (args: readonly string[], extraEnv: Record<string, string> = {}) => (running = new LiveCli(args, { ...env, ...extraEnv }));
const threadOf = (line: Record<string, unknown>) => line.thread as Record<string, unknown>;

describe('rx-graph-conversations <page-id> --watch', () => {
  it('prints every thread as added, then a line for a new message, until stopped', async () => {
    const cli = watch(['1002', '--watch', '0.1', '--fields', 'snippet']);
    const initial = await cli.lines(8);
    expect(initial.map((line) => line.type)).toEqual(Array(8).fill('added'));
    expect(initial.map((line) => threadOf(line).id)).toEqual(emulator.threads('1002').map((t) => t.id));

    const [, second] = emulator.threads('1002');
    if (second === undefined) throw new Error('no seeded thread');
    const state = emulator.addMessage('1002', second.id, { text: 'Is it still available?' });
    const change = await cli.nextLine((line) => threadOf(line).id === second.id);
    expect(change).toEqual({
      type: 'updated',
      thread: { id: second.id, updated_time: new Date(state.updated_time.replace('+0000', 'Z')).toISOString(), snippet: 'Is it still available?' },
      previous: { updated_time: new Date(second.updated_time.replace('+0000', 'Z')).toISOString() },
    });

    const { code, stderr } = await cli.stop();
    expect({ code, stderr }).toEqual({ code: 143, stderr: '' });
  });

  it('with --all-folders polls each folder and tags changes with the folder', async () => {
    const cli = watch(['1001', '--all-folders', '--watch', '0.1', '--limit', '100', '--fields', 'snippet']);
    const messenger = emulator.threads('1001', { platform: 'MESSENGER' });
    const initial = await cli.lines(messenger.length);
    expect(initial.map((line) => `${String(threadOf(line).folder)} ${String(threadOf(line).id)}`).sort()).toEqual(messenger.map((t) => `${t.folder} ${t.id}`).sort());

    // A change in a small folder, behind the busy inbox: a quick poll over a plain merge would miss it.
    const [spam] = emulator.threads('1001', { folder: 'spam', platform: 'MESSENGER' });
    if (spam === undefined) throw new Error('no seeded thread');
    emulator.addMessage('1001', spam.id, { text: 'not spam, promise' });
    const change = await cli.nextLine((line) => threadOf(line).id === spam.id);
    expect(change).toMatchObject({ type: 'updated', thread: { folder: 'spam', snippet: 'not spam, promise' }, previous: { folder: 'spam' } });
  });

  it('warns on stderr about a poll that failed with a retryable error and goes on polling', async () => {
    const cli = watch(['1002', '--watch', '0.1', '--max-retries', '0', '--fields', 'snippet']);
    await cli.lines(8);
    emulator.inject({ kind: 'graph-error', code: 613 });
    const warning = await cli.nextErrorLine(/^warning/);
    expect(warning).toMatch(/^warning \(rate-limit\): Graph API error 613\b.*\(poll skipped, next in 0\.1 s\)$/);

    const [newest] = emulator.threads('1002');
    if (newest === undefined) throw new Error('no seeded thread');
    emulator.addMessage('1002', newest.id, { text: 'still there?' });
    expect(await cli.nextLine((line) => threadOf(line).id === newest.id)).toMatchObject({ type: 'updated', thread: { snippet: 'still there?' } });
  });

  it('ends with the exit code of an error no later poll can fix (auth: 3)', async () => {
    const cli = watch(['1002', '--watch', '0.1'], { GRAPH_ACCESS_TOKEN: 'EAAB-not-the-token' });
    const { code, stdout, stderr } = await cli.exit();
    expect({ code, stdout }).toEqual({ code: 3, stdout: '' });
    expect(stderrLines(stderr)).toEqual([expect.stringMatching(/^error \(auth\): /)]);
  });
});

test('no run printed the token', () => {
  expectNoSecretsPrinted([TOKEN, 'EAAB-not-the-token']);
});
