/**
 * Bundles the dashboard page (demo/web/main.ts, which imports the library from
 * '../../src/index') for the browser with esbuild, in memory, at start.
 */
import { join, relative } from 'node:path';
import { build } from 'esbuild';

export interface DashboardBundle {
  /** The page script, an ES module. */
  readonly js: string;
  /** Its source map (served next to it). */
  readonly map: string;
  /** Every file that went into the bundle, relative to the project root (`src/graph/client.ts`, `node_modules/rxjs/...`). */
  readonly inputs: readonly string[];
}

/** The modules that must never reach the browser: the emulator and Node's built-ins. */
export function forbiddenInputs(inputs: readonly string[]): string[] {
  return inputs.filter((input) => input.startsWith('src/testing/') || input.startsWith('node:') || /(^|\/)node_modules\/(tsx|esbuild)\//.test(input));
}

/** Builds the bundle; fails when an input is one {@link forbiddenInputs} names. */
export async function bundleDashboard(root: string): Promise<DashboardBundle> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: [join(root, 'demo', 'web', 'main.ts')],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: ['es2020'],
    outfile: join(root, 'demo-dist', 'app.js'),
    write: false,
    metafile: true,
    sourcemap: 'linked',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const js = result.outputFiles.find((file) => file.path.endsWith('.js'));
  const map = result.outputFiles.find((file) => file.path.endsWith('.js.map'));
  if (js === undefined || map === undefined) throw new Error('esbuild produced no app.js');
  const inputs = Object.keys(result.metafile.inputs).map((input) => relative(root, join(root, input)).split('\\').join('/'));
  const forbidden = forbiddenInputs(inputs);
  if (forbidden.length > 0) throw new Error(`The dashboard bundle must not include ${forbidden.join(', ')}`);
  return { js: js.text, map: map.text, inputs };
}
