import { compileSnippets, guideSnippets, tsdocSnippets } from './snippets';

// Each list of errors names where a reader finds the example (file:line), so a failure
// says which snippet to fix. One program compiles all snippets of a kind: fast enough.
describe('examples a user reads', () => {
  it('every fenced ts block of README.md and docs/*.md compiles as written, importing from the package name', () => {
    expect(compileSnippets(guideSnippets())).toEqual([]);
  });

  it('every TSDoc @example compiles', () => {
    expect(compileSnippets(tsdocSnippets())).toEqual([]);
  });
});
