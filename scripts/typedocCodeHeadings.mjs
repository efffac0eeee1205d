// @ts-check
/**
 * A typedoc plugin: inline code in Markdown headings (`### \`conversations$(pageId, opts)\``)
 * keeps its text in the "On this page" list and in the heading's anchor. typedoc collects
 * a heading's text from its plain-text tokens only, so code spans vanished there
 * ("Live dashboard: ", "", " and Instagram"). Each code span of a heading becomes
 * `<code>`, its text, `</code>`: the same HTML, with the text where typedoc reads it.
 */
import { Application } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.on(Application.EVENT_BOOTSTRAP_END, () => {
    const previous = /** @type {(parser: any) => void} */ (app.options.getValue('markdownItLoader'));
    app.options.setValue('markdownItLoader', (/** @type {any} */ parser) => {
      previous(parser);
      parser.core.ruler.push('code-in-headings', (/** @type {any} */ state) => {
        const tokens = state.tokens;
        for (let i = 1; i < tokens.length; i += 1) {
          if (tokens[i - 1].type !== 'heading_open' || tokens[i].type !== 'inline') continue;
          tokens[i].children = tokens[i].children.flatMap((/** @type {any} */ child) => {
            if (child.type !== 'code_inline') return [child];
            const open = new state.Token('html_inline', '', 0);
            open.content = '<code>';
            const text = new state.Token('text', '', 0);
            text.content = child.content;
            const close = new state.Token('html_inline', '', 0);
            close.content = '</code>';
            return [open, text, close];
          });
        }
      });
    });
  });
}
