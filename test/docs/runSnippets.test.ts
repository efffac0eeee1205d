// The guide examples that bring their own Graph (they start the emulator) are run as
// written, against the built package, as a reader would paste them into a file: they must
// print what their comments say and exit by themselves (every emulator closed).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { guideSnippets, ROOT, type Snippet } from './snippets';

jest.setTimeout(60_000);

/**
 * Self-contained: it starts its own emulator, names no fixed address (a webhook receiver
 * at 127.0.0.1:8080 is the reader's to run), and is a script (not a jest test file).
 */
const runnable = (snippet: Snippet): boolean => snippet.code.includes('startEmulator(') && !/https?:\/\//.test(snippet.code) && !snippet.code.includes('@jest/globals');

/** What a `console.log(...); // text` line says it prints, in order. */
function promisedOutput(code: string): string[] {
  return code
    .split('\n')
    .map((line) => /console\.log\(.*\);\s*\/\/\s*(.+)$/.exec(line)?.[1]?.trim())
    .filter((text): text is string => text !== undefined);
}

const snippets = guideSnippets().filter(runnable);

it('finds the self-contained examples (README and docs)', () => {
  expect(snippets.map((s) => s.where.split(':')[0])).toEqual(expect.arrayContaining(['README.md', 'docs/paging-and-cancellation.md']));
});

describe.each(snippets.map((snippet) => [snippet.where, snippet] as const))('the example at %s', (_where, snippet) => {
  it('runs as written: prints what its comments say and exits 0 on its own', () => {
    // Inside the package, so `rx-graph-conversations` resolves to the built package itself (its exports).
    const dir = mkdtempSync(join(ROOT, '.run-snippet-'));
    try {
      const file = join(dir, 'example.ts');
      writeFileSync(file, `${snippet.code}\nexport {};\n`);
      const run = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: ROOT, encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH ?? '' } });
      expect({ status: run.status, signal: run.signal, stderr: run.stderr }).toEqual({ status: 0, signal: null, stderr: '' });
      expect(run.stdout.trim().split('\n')).toEqual(promisedOutput(snippet.code));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
