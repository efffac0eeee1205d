/**
 * Every example a user reads, compiled the way a user's project would compile it: each
 * fenced `ts` block of README.md and docs/*.md as its own module, importing from the
 * package name; each TSDoc `@example` of the public entry points and of the example apps
 * (EXAMPLE_APPS) too. A guide's block must
 * be complete as written (imports, declared variables). A TSDoc example shows one symbol
 * in use, so it gets what the page it sits on gives a reader: the package's exports and
 * rxjs's, imported for it when it uses them, and a few documented givens
 * (`accessToken`, `pageId`, ...) declared for it when it uses them without declaring them.
 *
 * A guide block that shows a file of an example app says so on its first line
 * (`// examples/angular/app.config.ts`), or sits in the app's own README
 * (EXAMPLE_GUIDES), and is compiled in that folder, beside the example's files, so its relative imports (`./page-inbox.service`) resolve as they do in
 * the reader's app; APP_FILES holds the few files every such app has of its own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

export const ROOT = join(__dirname, '..', '..');

/** One example: where a reader finds it, and its code. */
export interface Snippet {
  readonly where: string;
  readonly code: string;
  /** TSDoc examples get the package's exports, rxjs's and the givens imported for them. */
  readonly kind: 'guide' | 'tsdoc';
  /** For a TSDoc example: the module it documents, whose exports it may use too. */
  readonly module?: string;
}

/** The package's entry points as a consumer imports them. */
export const ENTRY_POINTS: Readonly<Record<string, string>> = {
  'rx-graph-conversations': 'src/index.ts',
  'rx-graph-conversations/codecs': 'src/codecs/index.ts',
  'rx-graph-conversations/testing': 'src/testing/index.ts',
  'rx-graph-conversations/redis': 'src/redis/index.ts',
  'rx-graph-conversations/workers': 'src/workers/index.ts',
  'rx-graph-conversations/webhooks': 'src/webhooks/index.ts',
};

/**
 * Example apps whose TSDoc examples are compiled too, each in the app's folder (its own
 * files and APP_FILES resolve there, as in the reader's app).
 */
export const EXAMPLE_APPS: readonly string[] = ['examples/angular/index.ts', 'examples/angular/server/inbox-proxy.ts'];

/** The guides of the example apps: their blocks are compiled in the app's folder, beside its files. */
export const EXAMPLE_GUIDES: readonly string[] = ['examples/angular/README.md'];

/**
 * What a TSDoc example may use without declaring it: the values every page of the docs
 * talks about. Declared only for an example that uses one and does not declare it.
 */
const GIVENS: Readonly<Record<string, string>> = {
  accessToken: 'string',
  token: 'string',
  appSecret: 'string',
  secret: 'string',
  verifyToken: 'string',
  pageId: 'string',
  conversationId: 'string',
  threadId: 'string',
  opts: "import('rx-graph-conversations').ConversationsOptions",
  thread: "import('rx-graph-conversations').Thread",
  throttle: "import('rx-graph-conversations').UsageThrottle",
  emulator: "import('rx-graph-conversations/testing').Emulator",
  redis: "import('ioredis').Redis",
};

// -------------------------------------------------------------------------------------
// finding the examples
// -------------------------------------------------------------------------------------

const FENCE = /^```(ts|typescript)\s*$/;

/** The fenced `ts` blocks of a Markdown file. */
export function markdownSnippets(file: string): Snippet[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const out: Snippet[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    if (!FENCE.test(lines[i] ?? '')) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !(lines[end] ?? '').startsWith('```')) end += 1;
    out.push({ where: `${file}:${start + 1}`, code: lines.slice(start, end).join('\n'), kind: 'guide' });
    i = end;
  }
  return out;
}

/** README.md and every guide in docs/. */
export function guideSnippets(): Snippet[] {
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`);
  return ['README.md', ...docs, ...EXAMPLE_GUIDES].flatMap(markdownSnippets);
}

/**
 * The `@example` code blocks of one file's TSDoc comments: the first fenced `ts` block
 * after each `@example`, before the next tag. Read from the comment text, not from
 * TypeScript's JSDoc tags, which end an example at a line such as `@Component(...)`.
 */
function fileExamples(file: string, text: string): Snippet[] {
  const out: Snippet[] = [];
  for (const comment of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const firstLine = text.slice(0, comment.index).split('\n').length;
    const lines = comment[0].split('\n').map((line) => line.replace(/^\s*\/?\*+\/?\s?/, ''));
    for (let i = 0; i < lines.length; i += 1) {
      if (!(lines[i] ?? '').trimStart().startsWith('@example')) continue;
      let fence = i + 1;
      while (fence < lines.length && !(lines[fence] ?? '').startsWith('```') && !(lines[fence] ?? '').startsWith('@')) fence += 1;
      const open = /^```(ts|typescript)?\s*$/.exec(lines[fence] ?? '');
      if (open === null) continue; // prose only, or another language (html)
      let close = fence + 1;
      while (close < lines.length && !(lines[close] ?? '').startsWith('```')) close += 1;
      out.push({ where: `${file}:${firstLine + i}`, code: lines.slice(fence + 1, close).join('\n'), kind: 'tsdoc', module: file });
      i = close;
    }
  }
  return out;
}

/** The `@example` blocks of every TSDoc comment in the files the entry points (and example apps) reach. */
export function tsdocSnippets(): Snippet[] {
  const program = ts.createProgram([...Object.values(ENTRY_POINTS), ...EXAMPLE_APPS].map((f) => join(ROOT, f)), { noEmit: true, skipLibCheck: true });
  return program
    .getSourceFiles()
    .map((source) => ({ file: relative(ROOT, source.fileName), text: source.text }))
    .filter(({ file }) => file.startsWith('src/') || file.startsWith('examples/'))
    .flatMap(({ file, text }) => fileExamples(file, text));
}

// -------------------------------------------------------------------------------------
// compiling them
// -------------------------------------------------------------------------------------

const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  types: ['node'],
  strict: true,
  noUncheckedIndexedAccess: true,
  esModuleInterop: true,
  skipLibCheck: true,
  noEmit: true,
  // As Angular projects compile (the only snippets with decorators are Angular's).
  experimentalDecorators: true,
  baseUrl: ROOT,
  paths: Object.fromEntries(Object.entries(ENTRY_POINTS).map(([name, file]) => [name, [file]])),
};

/**
 * The app's own files that an example app's snippets import, as a reader's app has them:
 * the environment `ng new` makes, and a service that holds the user's Page token.
 */
const APP_FILES: Readonly<Record<string, string>> = {
  'examples/angular/environments/environment.ts': "export const environment = { production: false, graphProxyUrl: '/graph' };\n",
  'examples/angular/app-settings.service.ts': "import { Injectable } from '@angular/core';\n@Injectable({ providedIn: 'root' })\nexport class AppSettings {\n  graphProxyUrl(): string {\n    return '/graph';\n  }\n}\n",
};

/**
 * Where a snippet is compiled: a guide block in the folder its first line names, a TSDoc
 * example of an example app in that app's folder, anything else on its own.
 */
const FILE_COMMENT = /^\/\/ (examples\/[\w./-]+)\/[\w.-]+\.ts\s*$/;
function snippetFile(snippet: Snippet, i: number): string {
  const guide = snippet.where.split(':')[0] ?? '';
  const named = snippet.kind === 'guide' ? (FILE_COMMENT.exec(snippet.code.split('\n')[0] ?? '')?.[1] ?? (EXAMPLE_GUIDES.includes(guide) ? dirname(guide) : undefined)) : undefined;
  const app = snippet.module?.startsWith('examples/') === true ? dirname(snippet.module) : undefined;
  return join(ROOT, named ?? app ?? '.snippets', `.snippet${i}.ts`);
}

/** The names a module declares or imports at its top level. */
function declaredNames(source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const bind = (name: ts.BindingName) => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bind(element.name);
  };
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement)) statement.declarationList.declarations.forEach((d) => bind(d.name));
    else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name !== undefined) names.add(statement.name.text);
    else if (ts.isImportDeclaration(statement) && statement.importClause !== undefined) {
      const clause = statement.importClause;
      if (clause.name !== undefined) names.add(clause.name.text);
      const bindings = clause.namedBindings;
      if (bindings !== undefined && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
      if (bindings !== undefined && ts.isNamedImports(bindings)) bindings.elements.forEach((e) => names.add(e.name.text));
    }
  }
  return names;
}

/** Every identifier a module mentions. */
function usedNames(source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node) => {
    if (ts.isIdentifier(node)) names.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

function isTypeOnlyExport(symbol: ts.Symbol): boolean {
  return (symbol.declarations ?? []).some((d) => ts.isExportSpecifier(d) && (d.isTypeOnly || d.parent.parent.isTypeOnly));
}

/** The names each module exports, for the imports a TSDoc example is given. */
function exportedNames(program: ts.Program, modules: readonly string[]): Map<string, string> {
  const checker = program.getTypeChecker();
  const owner = new Map<string, string>();
  const typeOnly = new Set<string>();
  for (const name of modules) {
    const file = ENTRY_POINTS[name] ?? name;
    const resolved = ts.resolveModuleName(name, join(ROOT, 'index.ts'), OPTIONS, ts.sys).resolvedModule?.resolvedFileName ?? join(ROOT, file);
    const source = program.getSourceFile(resolved);
    const symbol = source && checker.getSymbolAtLocation(source);
    if (symbol === undefined) throw new Error(`cannot read the exports of ${name}`);
    for (const exported of checker.getExportsOfModule(symbol)) {
      // The root entry exports some codecs as types only (`Thread`); an example that uses
      // one as a value imports it from the entry that exports the value.
      if (!owner.has(exported.name) || typeOnly.has(exported.name)) {
        owner.set(exported.name, name);
        if (isTypeOnlyExport(exported)) typeOnly.add(exported.name);
        else typeOnly.delete(exported.name);
      }
    }
  }
  return owner;
}

/** Namespaces a TSDoc example may use as the guides import them. */
const NAMESPACES: Readonly<Record<string, string>> = { t: 'io-ts' };

/**
 * A TSDoc example with what its page gives it, for each name it uses and does not
 * declare: the package's exports first, then those of the module it documents, then the
 * givens, then rxjs's exports.
 */
function withPrelude(code: string, own: Map<string, string>, exports: Map<string, string>): string {
  const source = ts.createSourceFile('example.ts', code, ts.ScriptTarget.ES2022, true);
  const declared = declaredNames(source);
  const imports = new Map<string, string[]>();
  const lines: string[] = [];
  const givens: string[] = [];
  for (const name of usedNames(source)) {
    if (declared.has(name)) continue;
    const fromPackage = exports.get(name);
    const from = fromPackage !== undefined && fromPackage !== 'rxjs' ? fromPackage : (own.get(name) ?? (GIVENS[name] === undefined ? fromPackage : undefined));
    if (from !== undefined) imports.set(from, [...(imports.get(from) ?? []), name]);
    else if (GIVENS[name] !== undefined) givens.push(`declare const ${name}: ${GIVENS[name]};`);
    else if (NAMESPACES[name] !== undefined) lines.push(`import * as ${name} from '${NAMESPACES[name]}';`);
  }
  lines.push(...[...imports].map(([from, names]) => `import { ${names.join(', ')} } from '${from}';`));
  return `${[...lines, ...givens].join('\n')}\n${code}\nexport {};\n`;
}

/** One compile error of one example, with where a reader finds it. */
export interface SnippetError {
  readonly where: string;
  readonly message: string;
}

/** Compiles every snippet as its own module in one program; returns the errors. */
export function compileSnippets(snippets: readonly Snippet[]): SnippetError[] {
  const base = ts.createProgram([...Object.values(ENTRY_POINTS), ...EXAMPLE_APPS].map((f) => join(ROOT, f)), OPTIONS);
  const exports = exportedNames(base, [...Object.keys(ENTRY_POINTS), 'rxjs']);
  const files = new Map<string, { snippet: Snippet; text: string; offset: number }>();
  const checker = base.getTypeChecker();
  const ownExports = (module: string | undefined, from: string): Map<string, string> => {
    const source = module === undefined ? undefined : base.getSourceFile(join(ROOT, module));
    const symbol = source && checker.getSymbolAtLocation(source);
    const path = `./${relative(dirname(from), join(ROOT, module ?? '')).replace(/\.ts$/, '')}`.replace(/^\.\/\.\.\//, '../');
    return new Map(symbol === undefined ? [] : checker.getExportsOfModule(symbol).map((e) => [e.name, path]));
  };
  snippets.forEach((snippet, i) => {
    const file = snippetFile(snippet, i);
    const text = snippet.kind === 'tsdoc' ? withPrelude(snippet.code, ownExports(snippet.module, file), exports) : `${snippet.code}\nexport {};\n`;
    const offset = snippet.kind === 'tsdoc' ? text.indexOf(snippet.code) : 0;
    files.set(file, { snippet, text, offset });
  });
  const appFiles = new Map(Object.entries(APP_FILES).map(([file, text]) => [join(ROOT, file), text]));
  const virtualText = (name: string) => files.get(name)?.text ?? appFiles.get(name);
  const host = ts.createCompilerHost(OPTIONS);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (name) => virtualText(name) !== undefined || fileExists.call(host, name);
  host.readFile = (name) => virtualText(name) ?? readFile.call(host, name);
  // Module resolution looks for a file's folder first, and an app file's folder may not exist.
  const { directoryExists } = host;
  host.directoryExists = (dir) => [...appFiles.keys()].some((file) => file.startsWith(`${dir}/`)) || (directoryExists?.call(host, dir) ?? true);
  host.getSourceFile = (name, version, onError, create) => {
    const text = virtualText(name);
    return text === undefined ? getSourceFile.call(host, name, version, onError, create) : ts.createSourceFile(name, text, version, true);
  };
  const program = ts.createProgram([...files.keys()], OPTIONS, host, base);
  const errors: SnippetError[] = [];
  const diagnostics = [...files.keys()].flatMap((name) => {
    const source = program.getSourceFile(name);
    return source === undefined ? [] : [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
  });
  for (const diagnostic of diagnostics) {
    const virtual = diagnostic.file === undefined ? undefined : files.get(diagnostic.file.fileName);
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (virtual === undefined) {
      errors.push({ where: diagnostic.file === undefined ? 'program' : relative(ROOT, diagnostic.file.fileName), message });
      continue;
    }
    const start = diagnostic.start ?? 0;
    const before = virtual.text.slice(virtual.offset, Math.max(virtual.offset, start));
    const line = before.split('\n').length - 1;
    const [file, first] = virtual.snippet.where.split(/:(?=\d+$)/);
    const at = virtual.snippet.kind === 'guide' ? `${file}:${Number(first) + line}` : `${virtual.snippet.where} (example line ${line + 1})`;
    errors.push({ where: at, message });
  }
  return errors;
}
