// The API reference as `npm run docs` writes it (npm test builds it before jest): modules
// named as users import them, guides rendered as pages, readable signatures, and headings
// that keep their code.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENTRY_POINTS, ROOT } from './snippets';

const api = join(ROOT, 'docs', 'api');
const text = (html: string) =>
  html
    .replace(/<wbr\/>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
const page = (path: string) => readFileSync(join(api, path), 'utf8');

beforeAll(() => {
  if (!existsSync(join(api, 'index.html'))) throw new Error('docs/api is missing: run `npm run docs` (npm test does)');
});

describe('the API reference', () => {
  it('names each module after its entry point, as users import it', () => {
    const modules = readdirSync(join(api, 'modules')).sort();
    expect(modules).toEqual(Object.keys(ENTRY_POINTS).map((name) => `${name.replace('/', '_')}.html`).sort());
  });

  it('renders the guides as pages of their own, copying no raw Markdown', () => {
    const documents = readdirSync(join(api, 'documents'));
    expect(documents).toEqual(expect.arrayContaining(['docs_rate-limits.html', 'docs_polling.html', 'docs_scaling.html', 'docs_paging-and-cancellation.html', 'docs_testing-with-the-emulator.html', 'examples_angular_README.html', 'SECURITY.html', 'CONTRIBUTING.html']));
    expect(readdirSync(join(api, 'media')).filter((file) => file.endsWith('.md'))).toEqual([]);
    // The README's links lead to those pages.
    expect(page('index.html')).toContain('href="documents/docs_rate-limits.html"');
  });

  it("shows conversations$'s return type by name, not expanded", () => {
    const signature = /<div class="tsd-signature[^"]*"[^>]*>([\s\S]*?)<\/div>/.exec(page('functions/rx-graph-conversations.conversations_.html'))?.[1] ?? '';
    expect(text(signature)).toMatch(/\): ThreadStream<S>$/);
  });

  it('keeps the code of headings in the page navigation', () => {
    const navigation = /tsd-page-navigation[\s\S]*?<\/details>/.exec(page('index.html'))?.[0] ?? '';
    expect(text(navigation)).toContain('Live dashboard: npm start');
    expect(text(navigation)).toContain('conversations$(pageId, opts)');
  });
});
