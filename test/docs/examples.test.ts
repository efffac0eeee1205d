import { join } from 'node:path';
import ts from 'typescript';

// The public API promise: every export of the entry points has TSDoc with an @example.
const root = join(__dirname, '..', '..');
const entries = ['src/index.ts', 'src/testing/index.ts', 'src/redis/index.ts'].map((f) => join(root, f));

function exportsWithoutExamples(): string[] {
  const program = ts.createProgram(entries, { strict: true, moduleResolution: ts.ModuleResolutionKind.Bundler, module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const missing: string[] = [];
  for (const entry of entries) {
    const source = program.getSourceFile(entry);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`cannot read ${entry}`);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const hasExample = (target.declarations ?? []).some((declaration) =>
        ts.getJSDocTags(declaration).some((tag) => tag.tagName.text === 'example'),
      );
      if (!hasExample) missing.push(`${entry.slice(root.length + 1)}: ${exported.name}`);
    }
  }
  return missing;
}

describe('public API documentation', () => {
  it('gives every export an @example', () => {
    expect(exportsWithoutExamples()).toEqual([]);
  });
});
