import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const root = join(__dirname, '..', '..');

describe('npm start', () => {
  it('streams every folder of the demo Page through the library and exits with --once', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'demo/start.ts', '--once', '--limit', '20'], { cwd: root });
    const summary = /(\d+) threads in (\d+) requests\./.exec(stdout);
    expect(summary).not.toBeNull();
    // Page 1001 has 90 Messenger threads over four folders (60, 10, 15, 5): 3 + 1 + 1 + 1 pages of 20.
    expect(summary?.slice(1)).toEqual(['90', '6']);
    expect(stdout).toMatch(/^inbox {5}\d{4}-\d{2}-\d{2}T/m);
    expect(stdout).toMatch(/^spam /m);
  });
});
