// `npm run bench:compare -- <rev> [--rounds 30] [--server static|emulator] [--prefetch]`: see compare.ts.
// Extracts `src/` of <rev> (git archive) into a temporary directory, bundles compare.ts
// with that copy and the working tree's, runs it, and removes the copy.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rounds: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '4' },
    threads: { type: 'string', default: '20000' },
    limit: { type: 'string', default: '100' },
    server: { type: 'string', default: 'static' },
    prefetch: { type: 'boolean', default: false },
  },
});
const rev = positionals[0] ?? 'HEAD';
if (values.server !== 'static' && values.server !== 'emulator') throw new Error(`--server: static or emulator, got ${values.server}`);
const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..');
const copy = mkdtempSync(join(tmpdir(), 'rxgc-compare-'));
const entry = join(here, '.compare-entry.ts');
try {
  const sha = execFileSync('git', ['rev-parse', '--verify', `${rev}^{commit}`], { cwd: root, encoding: 'utf8' }).trim();
  execFileSync('sh', ['-c', `git archive ${sha} src | tar -x -C "${copy}"`], { cwd: root });
  const options = { rev: `${rev} (${sha.slice(0, 7)})`, rounds: Number(values.rounds), warmup: Number(values.warmup), threads: Number(values.threads), limit: Number(values.limit), server: values.server, prefetch: values.prefetch };
  writeFileSync(
    entry,
    [
      `import { conversations$ as before } from ${JSON.stringify(join(copy, 'src/index.ts'))};`,
      `import { conversations$ as after } from '../src/index';`,
      `import { compare } from './compare';`,
      `compare(before as never, after as never, ${JSON.stringify(options)}).then(() => process.exit(0), (error) => { console.error(error); process.exit(1); });`,
    ].join('\n'),
  );
  // Next to the bench's sources, so the server scripts it forks resolve; bare imports
  // (rxjs, io-ts) resolve to this checkout's node_modules for both copies.
  const outfile = join(here, '.compare.mjs');
  await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', target: 'es2022', packages: 'external', logLevel: 'warning' });
  const run = spawnSync(process.execPath, [outfile], { stdio: 'inherit' });
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(entry, { force: true });
  rmSync(copy, { recursive: true, force: true });
}
