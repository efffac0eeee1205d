// `rx-graph-conversations emulator`: the README's "against the emulator" lines, run as written
// through the built command line.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { assertBuilt, cliPath, parseLines, root, runCli } from './cliProcess';

const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
beforeAll(assertBuilt);

/** Starts `rx-graph-conversations emulator ...args`; resolves with its banner once it printed the token line. */
function startEmulatorCommand(args: readonly string[]): Promise<{ child: ChildProcessWithoutNullStreams; lines: string[] }> {
  const child = spawn(process.execPath, [cliPath, 'emulator', ...args], { cwd: root, env: { PATH: process.env.PATH ?? '' } });
  children.push(child);
  const lines: string[] = [];
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      if (line.startsWith('Try, in another terminal:')) resolve({ child, lines });
    });
    child.once('exit', (code) => reject(new Error(`the emulator command exited with ${String(code)}: ${lines.join('\n')}${stderr}`)));
  });
}

describe('rx-graph-conversations emulator', () => {
  it('prints its URL and token; the listing then works against it as the README shows; SIGTERM stops it', async () => {
    const { child, lines } = await startEmulatorCommand(['--port', '0']);
    expect(lines[0]).toMatch(/^Graph emulator listening on http:\/\/127\.0\.0\.1:\d+ \(Ctrl-C stops it\)$/);
    const url = /^GRAPH_URL=(http:\/\/127\.0\.0\.1:\d+)$/.exec(lines[1] ?? '')?.[1] ?? '';
    const token = /^GRAPH_ACCESS_TOKEN=(\S+)$/.exec(lines[2] ?? '')?.[1] ?? '';
    expect(url).not.toBe('');
    expect(token).toBe('emulator-page-token');
    expect(lines[3]).toContain('1001 (Acme Bikes: 90 Messenger threads, 35 Instagram (@acme.bikes))');

    // GRAPH_URL=http://127.0.0.1:5123 npx rx-graph-conversations 1001, with the printed token exported.
    const listing = await runCli(['1001', '--max', '3'], { GRAPH_URL: url, GRAPH_ACCESS_TOKEN: token });
    expect({ code: listing.code, stderr: listing.stderr }).toEqual({ code: 0, stderr: '' });
    expect(parseLines(listing.stdout)).toHaveLength(3);

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    expect(await exited).toEqual([143, null]);
  });

  it('refuses a port out of range with a usage error, starting nothing', async () => {
    const run = await runCli(['emulator', '--port', '70000'], { GRAPH_URL: 'http://127.0.0.1:9' });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringContaining('--port: expected a TCP port from 0 (a free one) to 65535, got "70000"')]);
  });

  it('says so in one line when the port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const address = taken.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      const run = await runCli(['emulator', '--port', String(port)], { GRAPH_URL: 'http://127.0.0.1:9' });
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`error (usage): cannot start the emulator: port ${port} is in use: choose another with --port (0 picks a free one)\n`);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });
});
