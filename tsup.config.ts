import { defineConfig } from 'tsup';

// Two entry points, two formats: ESM (.js) and CommonJS (.cjs), each with its own
// declaration file so that both resolution modes see correct types.
export default defineConfig({
  entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  splitting: true,
  treeshake: true,
  external: ['rxjs', 'cross-fetch', 'io-ts', 'fp-ts'],
});
