import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig([
  // The library: six entry points (main, codecs, testing, redis, workers, webhooks), two formats: ESM (.js) and CommonJS (.cjs), each with
  // its own declaration file so that both resolution modes see correct types.
  {
    entry: {
      index: 'src/index.ts',
      'testing/index': 'src/testing/index.ts',
      'redis/index': 'src/redis/index.ts',
      'codecs/index': 'src/codecs/index.ts',
      'workers/index': 'src/workers/index.ts',
      'webhooks/index': 'src/webhooks/index.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    // Both builds write to dist/ at the same time: this one must not delete the CLI.
    clean: ['!cli.cjs'],
    target: 'es2022',
    platform: 'neutral',
    splitting: true,
    treeshake: true,
    // ioredis: the redis entry only names its types; users bring their own client.
    // bullmq: the workers entry imports it; an optional peer, like ioredis.
    external: ['rxjs', 'cross-fetch', 'io-ts', 'fp-ts', 'ioredis', 'bullmq'],
  },
  // The command line (`bin`): one CommonJS file with its shebang kept from src/cli/main.ts.
  // commander is bundled, so the package's runtime dependencies stay the library's. Only
  // CommonJS: commander is CommonJS, and bundled into ESM its require() calls of Node
  // built-ins would fail at run time.
  {
    entry: { cli: 'src/cli/main.ts' },
    format: ['cjs'],
    sourcemap: false, // one-line errors, no stack traces: a map would only add weight to the package
    clean: false,
    target: 'es2022',
    platform: 'node',
    treeshake: true,
    external: ['rxjs', 'cross-fetch', 'io-ts', 'fp-ts'],
    noExternal: ['commander'],
    define: { __CLI_VERSION__: JSON.stringify(version) },
  },
]);
