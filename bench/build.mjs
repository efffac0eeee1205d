// Bundles the bench (and the library's source with it) the way tsup builds the package:
// esbuild, target es2022, names not kept. Why not run the TypeScript through tsx: tsx
// compiles with esbuild's keepNames, which wraps every named function and arrow in a
// `__name()` call each time it is created; in the library's per-request closures that
// measured about 50 µs of CPU per page, a cost no user of the published package pays.
// The output sits next to the bench's sources, so the server scripts it forks resolve.
import { build } from 'esbuild';

// The bench, the walk's contender process (contenderProcess.ts), which the bench forks
// once per contender, and the instruction-count bench with its walker (instructions.ts).
const bundles = [
  ['./run.ts', './.run.mjs'],
  ['./contenderProcess.ts', './.contender.mjs'],
  ['./instructions.ts', './.instructions.mjs'],
  ['./instructionsWalker.ts', './.instructions-walker.mjs'],
];
for (const [entry, out] of bundles) {
  await build({
    entryPoints: [new URL(entry, import.meta.url).pathname],
    outfile: new URL(out, import.meta.url).pathname,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'es2022',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}
