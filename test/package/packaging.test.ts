import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

// Checks of the package as npm would publish it. They run on the build `npm test` makes.
const root = join(__dirname, '..', '..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const run = (command: string, args: string[]) => execFileSync(command, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('the published package', () => {
  it('passes publint in strict mode', () => {
    expect(run(bin('publint'), ['--strict'])).toContain('All good!');
  });

  it('has correct types for ESM and CommonJS consumers (arethetypeswrong)', () => {
    // node16 covers both resolution modes of Node. node10 predates `exports` and cannot
    // see subpaths at all, so its one finding (no ./testing) is expected.
    const report = JSON.parse(run(bin('attw'), ['--pack', '.', '--profile', 'node16', '--format', 'json'])) as {
      analysis: { problems: Array<{ kind: string; entrypoint: string; resolutionKind?: string }> };
    };
    expect(report.analysis.problems.filter((p) => p.resolutionKind !== 'node10')).toEqual([]);
  }, 60_000);

  it('packs only dist, README, LICENSE and package.json', () => {
    const [pack] = JSON.parse(run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'])) as Array<{ files: Array<{ path: string }> }>;
    const paths = (pack?.files ?? []).map((f) => f.path);
    expect(paths.length).toBeGreaterThan(4);
    const outside = paths.filter((p) => !p.startsWith('dist/') && !['README.md', 'LICENSE', 'package.json'].includes(p));
    expect(outside).toEqual([]);
  });

  it('tree-shakes: importing only conversations$ pulls neither the emulator nor the other operators', async () => {
    const bundle = async (code: string) => {
      const result = await build({
        stdin: { contents: code, resolveDir: root, loader: 'js' },
        bundle: true,
        write: false,
        format: 'esm',
        platform: 'browser',
        external: ['rxjs', 'io-ts', 'fp-ts', 'cross-fetch'],
        logLevel: 'silent',
      });
      return result.outputFiles[0]?.text ?? '';
    };
    const only = await bundle("import { conversations$ } from 'rx-graph-conversations'; console.log(conversations$);");
    const everything = await bundle("import * as lib from 'rx-graph-conversations'; console.log(lib);");
    expect(only).toContain('conversations');
    // The walk's own transport names node:http (taken from process.getBuiltinModule at run
    // time); the emulator's server is what must stay out: its createServer and start.
    for (const marker of ['startEmulator', 'createServer', 'fullScanEvery', 'INSTAGRAM_READABLE_MESSAGES', 'ioredis', 'redis.call']) {
      expect(only).not.toContain(marker);
    }
    expect(everything).toContain('fullScanEvery');
    expect(everything).not.toContain('redis.call'); // the Lua scripts live in the redis entry only
    expect(only.length).toBeLessThan(everything.length * 0.8);
  });

  it('says where it lives and where to report problems: repository, homepage, bugs, and a private channel in SECURITY.md', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { repository?: { url?: string }; homepage?: string; bugs?: { url?: string } };
    const repo = 'github.com/rx-graph-conversations/rx-graph-conversations';
    expect(pkg.repository?.url).toBe(`git+https://${repo}.git`);
    expect(pkg.homepage).toBe(`https://${repo}#readme`);
    expect(pkg.bugs?.url).toBe(`https://${repo}/issues`);
    const security = readFileSync(join(root, 'SECURITY.md'), 'utf8');
    expect(security).toContain(`https://${repo}/security/advisories/new`);
    expect(security).not.toMatch(/REPLACE|placeholder|@example\.|security@/i);
  });
});
