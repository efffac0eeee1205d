import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// shared/DESIGN.md's layer order, as the code has it: imports only point down.
// operators -> conversations -> graph -> codecs -> errors, with polling beside operators,
// scale-out and webhooks above them (the workers build on the redis adapters), and timing and options (one timer module, one options
// checker) and observables (RxJS plumbing made once, not per request) as bottom layers beside errors.
const SRC = join(__dirname, '..', '..', 'src');
const BOTTOM = ['errors', 'timing', 'options', 'observables'];
const BELOW: Readonly<Record<string, readonly string[]>> = {
  errors: [],
  observables: [],
  timing: ['errors'],
  options: ['errors', 'timing'],
  codecs: ['errors', 'options'],
  graph: ['codecs', ...BOTTOM],
  conversations: ['graph', 'codecs', ...BOTTOM],
  polling: ['conversations', 'graph', 'codecs', ...BOTTOM],
  operators: ['polling', 'conversations', 'graph', 'codecs', ...BOTTOM],
  webhooks: ['operators', 'polling', 'conversations', 'graph', 'codecs', ...BOTTOM],
  redis: ['webhooks', 'operators', 'polling', 'conversations', 'graph', 'codecs', ...BOTTOM],
  workers: ['redis', 'webhooks', 'operators', 'polling', 'conversations', 'graph', 'codecs', ...BOTTOM],
};
// Type-only imports that point up, each on purpose: a GraphApiError carries the usage
// report of its response, whose type is derived from the usage codec (written once).
const TYPE_ONLY_UP = new Set(['errors/graphApiError.ts -> codecs']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sources(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

const layerOf = (path: string) => relative(SRC, path).split('/')[0] ?? '';

interface Import {
  readonly file: string;
  readonly target: string;
  readonly typeOnly: boolean;
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const found: Import[] = [];
  for (const match of text.matchAll(/^(?:import|export)(\s+type)?\s[^;]*?from\s+'(\.[^']+)'/gms)) {
    const target = layerOf(resolve(dirname(file), match[2] ?? ''));
    found.push({ file: relative(SRC, file), target, typeOnly: match[1] !== undefined });
  }
  return found;
}

describe('layers', () => {
  const all = sources(SRC).flatMap(importsOf);

  it('every layer imports only the layers below it', () => {
    const wrong = all
      .filter(({ file, target }) => {
        const layer = layerOf(join(SRC, file));
        const allowed = BELOW[layer];
        return allowed !== undefined && target !== layer && !allowed.includes(target);
      })
      .filter(({ file, target, typeOnly }) => !(typeOnly && TYPE_ONLY_UP.has(`${file} -> ${target}`)))
      .map(({ file, target }) => `${file} -> ${target}`);
    expect(wrong).toEqual([]);
  });

  it('nothing but the testing entry and the CLI imports the emulator', () => {
    const wrong = all.filter(({ file, target }) => target === 'testing' && !['testing', 'cli'].includes(layerOf(join(SRC, file))));
    expect(wrong).toEqual([]);
  });

  it('the check sees the imports (it is not vacuous)', () => {
    expect(all.filter(({ file, target }) => file.startsWith('operators/') && target === 'polling').length).toBeGreaterThan(5);
  });
});
