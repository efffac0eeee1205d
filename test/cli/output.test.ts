import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Emulator } from '../../src/testing/index';
import { cliPath, expectNoSecretsPrinted, LiveCli, parseLines, root, runCli, type CliEnv, useCliEmulator } from './cliProcess';

// The built command line against an in-process emulator: what it prints on stdout.
const TOKEN = 'EAAB-cli-output-secret-7f3a9c';
let emulator: Emulator;
let env: CliEnv;

useCliEmulator(TOKEN, (started, startedEnv) => {
  emulator = started;
  env = startedEnv;
});

const conversationRequests = () => emulator.requests.filter((r) => r.path.endsWith('/conversations'));
const iso = (graphTime: string) => new Date(graphTime.replace(/\+0000$/, 'Z')).toISOString();

describe('rx-graph-conversations me', () => {
  it('lists the Page the token belongs to (the emulator resolves me to its first Page)', async () => {
    const { code, stdout, stderr } = await runCli(['me', '--fields', 'snippet'], env);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(parseLines(stdout).map((line) => line['id'])).toEqual(emulator.threads('1001', { folder: 'inbox', platform: 'MESSENGER' }).map((t) => t.id));
    expect(conversationRequests()[0]?.path).toBe('/v19.0/me/conversations');
  });
});

describe('rx-graph-conversations <page-id>', () => {
  it('prints every thread of a folder as one JSON line each, equal to the emulator state', async () => {
    const { code, stdout, stderr } = await runCli(['1001', '--folder', 'other', '--limit', '4'], env);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const expected = emulator.threads('1001', { folder: 'other', platform: 'MESSENGER' }).map((t) => ({
      id: t.id,
      updated_time: iso(t.updated_time),
      link: t.link,
      snippet: t.snippet,
      message_count: t.message_count,
      unread_count: t.unread_count,
      participants: { data: t.participants },
    }));
    const lines = parseLines(stdout);
    expect(lines.map(({ can_reply: _ignored, ...rest }) => rest)).toEqual(expected);
    expect(stdout.endsWith('\n')).toBe(true);
    // 10 threads, 4 per page: three requests, each with the page size, and the consistent
    // listing's re-read of the top.
    expect(conversationRequests().map((r) => [r.query.folder, r.query.limit])).toEqual([
      ['other', '4'],
      ['other', '4'],
      ['other', '4'],
      ['other', '4'],
    ]);
  });

  it('--fields narrows every line to id, updated_time and the fields asked for', async () => {
    const { code, stdout } = await runCli(['1002', '--fields', 'snippet, unread_count'], env);
    expect(code).toBe(0);
    const lines = parseLines(stdout);
    expect(lines).toHaveLength(8);
    for (const line of lines) expect(Object.keys(line).sort()).toEqual(['id', 'snippet', 'unread_count', 'updated_time']);
    expect(conversationRequests()[0]?.query.fields?.split(',').sort()).toEqual(['id', 'snippet', 'unread_count', 'updated_time']);
  });

  it('--all-folders covers every folder and tags each thread with its folder', async () => {
    const { code, stdout } = await runCli(['1001', '--all-folders', '--fields', 'snippet', '--limit', '100'], env);
    expect(code).toBe(0);
    const got = parseLines(stdout).map((line) => `${String(line.folder)} ${String(line.id)}`);
    const expected = emulator.threads('1001', { platform: 'MESSENGER' }).map((t) => `${t.folder} ${t.id}`);
    expect(got.sort()).toEqual(expected.sort());
    expect(new Set(conversationRequests().map((r) => r.query.folder))).toEqual(new Set(['inbox', 'other', 'page_done', 'spam']));
  });

  it('--platform INSTAGRAM lists the Instagram inbox', async () => {
    const { code, stdout } = await runCli(['1001', '--platform', 'instagram', '--fields', 'participants', '--limit', '100'], env);
    expect(code).toBe(0);
    const ids = parseLines(stdout).map((line) => line.id);
    expect(ids).toEqual(emulator.threads('1001', { folder: 'inbox', platform: 'INSTAGRAM' }).map((t) => t.id));
    expect(conversationRequests()[0]?.query.platform).toBe('INSTAGRAM');
  });

  it('--limit sets the page size and --max stops after that many threads, requesting no more pages', async () => {
    const paged = await runCli(['1001', '--limit', '7', '--max', '10'], env);
    expect(parseLines(paged.stdout)).toHaveLength(10);
    expect(conversationRequests().map((r) => r.query.limit)).toEqual(['7', '7']);

    emulator.clearRequests();
    const few = await runCli(['1001', '--max', '3'], env);
    expect(parseLines(few.stdout).map((l) => l.id)).toEqual(emulator.threads('1001', { folder: 'inbox', platform: 'MESSENGER' }).slice(0, 3).map((t) => t.id));
    expect(conversationRequests().map((r) => r.query.limit)).toEqual(['3']);
  });

  it('--user lists only the thread of that person', async () => {
    const target = emulator.threads('1001', { folder: 'inbox', platform: 'MESSENGER' })[5];
    if (target === undefined) throw new Error('no seeded thread');
    const { code, stdout } = await runCli(['1001', '--user', target.user.id], env);
    expect(code).toBe(0);
    expect(parseLines(stdout).map((line) => line.id)).toEqual([target.id]);
    expect(conversationRequests()[0]?.query.user_id).toBe(target.user.id);
  });

  it('prints nested messages without the token Graph puts in their paging URLs', async () => {
    const { code, stdout } = await runCli(['1001', '--max', '2', '--fields', 'snippet,messages'], env);
    expect(code).toBe(0);
    const lines = parseLines(stdout);
    expect(lines.map((line) => Array.isArray((line.messages as { data?: unknown } | undefined)?.data))).toEqual([true, true]);
    expect(stdout).not.toContain(TOKEN);
  });

  it('takes the token from --token and the Graph URL from --graph-url as well', async () => {
    const { code, stdout } = await runCli(['1002', '--token', TOKEN, '--graph-url', emulator.url, '--max', '1'], {});
    expect(code).toBe(0);
    expect(parseLines(stdout)).toHaveLength(1);
    expect(conversationRequests()[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('exits quietly with 0 when the reader of stdout goes away (| head -1), and stops requesting', async () => {
    emulator.setLatency(20);
    try {
      const cli = new LiveCli(['1001', '--limit', '1', '--fields', 'snippet'], env);
      await cli.nextLine(() => true);
      cli.closeStdout();
      const { code, stderr } = await cli.exit();
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      expect(conversationRequests().length).toBeLessThan(60);
    } finally {
      emulator.setLatency(0);
    }
  });
});

describe('the built command', () => {
  it('--help documents the flags, the environment and the exit codes', async () => {
    const { code, stdout, stderr } = await runCli(['--help'], {});
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    for (const text of ['--all-folders', '--watch [seconds]', 'GRAPH_ACCESS_TOKEN', 'GRAPH_URL', 'Exit codes:', '3  auth', '5  rate-limit', '6  network']) {
      expect(stdout).toContain(text);
    }
  });

  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    const { code, stdout } = await runCli(['--version'], {});
    expect({ code, stdout }).toEqual({ code: 0, stdout: `${version}\n` });
  });

  it('is the package bin, runnable by node, and the library bundles stay free of commander', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string>; dependencies: Record<string, string> };
    expect(pkg.bin).toEqual({ 'rx-graph-conversations': './dist/cli.cjs' });
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['cross-fetch', 'fp-ts', 'io-ts']);
    expect(readFileSync(cliPath, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    for (const file of ['index.js', 'index.cjs']) expect(readFileSync(join(root, 'dist', file), 'utf8')).not.toContain('commander');
  });
});

test('no run printed the access token', () => {
  expectNoSecretsPrinted([TOKEN]);
});
