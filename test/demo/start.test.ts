import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

describe('npm start', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('prints the dashboard URL, serves it, and stops cleanly on Ctrl-C', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'demo/start.ts', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const found = /Inbox dashboard for Page 1001: (http:\/\/127\.0\.0\.1:\d+)[\s\S]*Ctrl-C to stop/.exec(out);
        if (found?.[1] !== undefined) resolve(found[1]);
      });
      child.once('exit', () => reject(new Error(`npm start exited early:\n${out}`)));
    });
    expect(out).toContain('with simulated activity');
    // The emulator's URL and token, to point other clients (the CLI) at the same inbox.
    const emulator = /Graph emulator: (http:\/\/127\.0\.0\.1:\d+), token (\S+);/.exec(out);
    expect(emulator?.[2]).toBe('emulator-page-token');
    const threads = await fetch(`${emulator?.[1] ?? ''}/v19.0/1001/conversations?limit=1`, { headers: { authorization: `Bearer ${emulator?.[2] ?? ''}` } });
    expect(threads.status).toBe(200);
    const config = (await (await fetch(`${url}/config.json`)).json()) as { pageId: string };
    expect(config.pageId).toBe('1001');
    const exited = once(child, 'exit');
    child.kill('SIGINT');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
  });

  // npm start with arguments it refuses: its exit code and what it printed on stderr.
  const refused = async (args: readonly string[], env: NodeJS.ProcessEnv = process.env) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'demo/start.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env });
    children.push(child);
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    return { code, err };
  };

  it('refuses a Graph url without a token, with the usage', async () => {
    const { code, err } = await refused(['--graph-url', 'http://127.0.0.1:9'], { ...process.env, GRAPH_ACCESS_TOKEN: '' });
    expect(code).toBe(2);
    expect(err).toContain('--graph-url needs a token');
    expect(err).toContain('Usage: npm start');
  });

  it('refuses an unknown --platform, with the usage', async () => {
    const { code, err } = await refused(['--platform', 'constructor']);
    expect(code).toBe(2);
    expect(err).toContain('--platform expects messenger, instagram or both, got "constructor"');
  });
});
