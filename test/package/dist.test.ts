import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Runs against the build that `npm test` makes first; the package imports itself by name
// through its exports map, as a user's code would.
const root = join(__dirname, '..', '..');
const node = (code: string, type: 'commonjs' | 'module') =>
  execFileSync(process.execPath, ['--input-type', type, '-e', code], { cwd: root, encoding: 'utf8' }).trim();

describe('the built package', () => {
  beforeAll(() => {
    if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does)');
  });

  it('loads as ESM with the public API', () => {
    const out = node(
      "import * as lib from 'rx-graph-conversations'; import * as testing from 'rx-graph-conversations/testing'; console.log(typeof lib.conversations$, typeof lib.GraphApiError, typeof testing.startEmulator)",
      'module',
    );
    expect(out).toBe('function function function');
  });

  it('loads as CommonJS with the public API', () => {
    const out = node(
      "const lib = require('rx-graph-conversations'); const codecs = require('rx-graph-conversations/codecs'); const testing = require('rx-graph-conversations/testing'); console.log(typeof lib.conversations$, typeof codecs.decodeThread, typeof testing.startEmulator)",
      'commonjs',
    );
    expect(out).toBe('function function function');
  });

  it('loads the redis entry in both formats without ioredis at run time', () => {
    // The adapters take the user's client: the entry must not require ioredis itself.
    const esm = node("import * as redis from 'rx-graph-conversations/redis'; console.log(Object.keys(redis).sort().join(' '))", 'module');
    const cjs = node("const redis = require('rx-graph-conversations/redis'); console.log(Object.keys(redis).sort().join(' '))", 'commonjs');
    expect(esm).toBe('redisPageSnapshotStore redisUsageThrottle');
    expect(cjs).toBe(esm);
    expect(readFileSync(join(root, 'dist', 'redis', 'index.js'), 'utf8')).not.toMatch(/from ['"]ioredis['"]/);
  });

  it('loads the workers entry in both formats; only it imports bullmq, and the root entry neither bullmq nor ioredis', () => {
    const esm = node("import * as workers from 'rx-graph-conversations/workers'; console.log(Object.keys(workers).sort().join(' '))", 'module');
    const cjs = node("const workers = require('rx-graph-conversations/workers'); console.log(Object.keys(workers).sort().join(' '))", 'commonjs');
    expect(esm).toBe('changes$ pollTrigger pollWorkers');
    expect(cjs).toBe(esm);
    expect(readFileSync(join(root, 'dist', 'workers', 'index.js'), 'utf8')).toMatch(/from ['"]bullmq['"]/);
    for (const file of ['index.js', 'index.cjs']) expect(readFileSync(join(root, 'dist', file), 'utf8')).not.toMatch(/['"](bullmq|ioredis)['"]/);
  });

  it('streams from the emulator when loaded as CommonJS', () => {
    const out = node(
      `const { conversations$ } = require('rx-graph-conversations');
       const { startEmulator } = require('rx-graph-conversations/testing');
       const { take, toArray, lastValueFrom } = require('rxjs');
       (async () => {
         const emulator = await startEmulator();
         const threads = await lastValueFrom(conversations$('1001', { accessToken: emulator.accessToken, graphUrl: emulator.url }).pipe(take(3), toArray()));
         console.log(threads.length, threads[0].updated_time instanceof Date);
         await emulator.close();
       })();`,
      'commonjs',
    );
    expect(out).toBe('3 true');
  });
});
