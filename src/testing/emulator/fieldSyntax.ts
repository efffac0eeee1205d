/**
 * Graph field-expansion syntax: `participants,messages.limit(5){message,from}`.
 * A small recursive-descent parser (pure) and the matching serialiser, used to read the
 * `fields` parameter and to repeat nested selections in paging URLs.
 *
 * Grammar (whitespace between tokens is ignored):
 *   list     := field (',' field)*
 *   field    := name modifier* ('{' list '}')? modifier*
 *   modifier := '.' name '(' argument ')'
 *   name     := [A-Za-z_][A-Za-z0-9_]*
 */

/** One selected field, with its modifiers (`limit`, `after`...) and nested selection. */
export interface FieldNode {
  readonly name: string;
  readonly modifiers: Readonly<Record<string, string>>;
  readonly children?: readonly FieldNode[];
}

/** Outcome of parsing: the selection, or Graph's syntax error text and position. */
export type ParseResult =
  | { readonly ok: true; readonly fields: readonly FieldNode[] }
  | { readonly ok: false; readonly message: string; readonly position: number };

class SyntaxFailure {
  constructor(
    readonly expected: string,
    readonly position: number,
  ) {}
}

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;

class Parser {
  private pos = 0;

  constructor(private readonly text: string) {}

  parseAll(): FieldNode[] {
    const fields = this.list();
    this.skipSpaces();
    if (this.pos < this.text.length) throw new SyntaxFailure('end of string', this.pos);
    return fields;
  }

  private list(): FieldNode[] {
    const fields = [this.field()];
    while (this.peek(',')) {
      this.pos += 1;
      fields.push(this.field());
    }
    return fields;
  }

  private field(): FieldNode {
    const name = this.name();
    const modifiers: Record<string, string> = {};
    this.modifiers(modifiers);
    let children: FieldNode[] | undefined;
    if (this.peek('{')) {
      this.pos += 1;
      children = this.list();
      this.expect('}');
      this.modifiers(modifiers);
    }
    return children === undefined ? { name, modifiers } : { name, modifiers, children };
  }

  private modifiers(into: Record<string, string>): void {
    while (this.peek('.')) {
      this.pos += 1;
      const name = this.name();
      this.expect('(');
      const start = this.pos;
      while (this.pos < this.text.length && this.text[this.pos] !== ')' && this.text[this.pos] !== '(') this.pos += 1;
      const argument = this.text.slice(start, this.pos).trim();
      this.expect(')');
      into[name] = argument;
    }
  }

  private name(): string {
    this.skipSpaces();
    const start = this.pos;
    if (!NAME_START.test(this.text[this.pos] ?? '')) throw new SyntaxFailure('a field name', this.pos);
    while (NAME_PART.test(this.text[this.pos] ?? '')) this.pos += 1;
    return this.text.slice(start, this.pos);
  }

  private peek(char: string): boolean {
    this.skipSpaces();
    return this.text[this.pos] === char;
  }

  private expect(char: string): void {
    if (!this.peek(char)) throw new SyntaxFailure(`"${char}"`, this.pos);
    this.pos += 1;
  }

  private skipSpaces(): void {
    while (this.text[this.pos] === ' ') this.pos += 1;
  }
}

/**
 * Parses a `fields` value. Errors carry Graph's wording:
 * `Syntax error "Expected "}" instead of end of string." at character 24: ...`.
 */
export function parseFields(text: string): ParseResult {
  try {
    return { ok: true, fields: new Parser(text).parseAll() };
  } catch (error) {
    if (!(error instanceof SyntaxFailure)) throw error;
    const found = text[error.position];
    const instead = found === undefined ? 'end of string' : `"${found}"`;
    return {
      ok: false,
      position: error.position,
      message: `Syntax error "Expected ${error.expected} instead of ${instead}." at character ${error.position}: ${text}`,
    };
  }
}

/** Writes a selection back in Graph syntax (modifiers before the nested list). */
export function serializeFields(fields: readonly FieldNode[]): string {
  return fields
    .map((field) => {
      const modifiers = Object.entries(field.modifiers)
        .map(([name, argument]) => `.${name}(${argument})`)
        .join('');
      const children = field.children === undefined ? '' : `{${serializeFields(field.children)}}`;
      return `${field.name}${modifiers}${children}`;
    })
    .join(',');
}
