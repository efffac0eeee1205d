import { parseFields, serializeFields } from '../../../src/testing/emulator/fieldSyntax';

describe('Graph field-expansion syntax', () => {
  it('reads a flat comma list', () => {
    expect(parseFields('id,snippet,updated_time')).toEqual({
      ok: true,
      fields: [
        { name: 'id', modifiers: {} },
        { name: 'snippet', modifiers: {} },
        { name: 'updated_time', modifiers: {} },
      ],
    });
  });

  it('reads nested selections with modifiers, before or after the braces', () => {
    const parsed = parseFields('participants,messages.limit(5){message,from{name}},senders{id}.limit(2)');
    expect(parsed).toEqual({
      ok: true,
      fields: [
        { name: 'participants', modifiers: {} },
        {
          name: 'messages',
          modifiers: { limit: '5' },
          children: [
            { name: 'message', modifiers: {} },
            { name: 'from', modifiers: {}, children: [{ name: 'name', modifiers: {} }] },
          ],
        },
        { name: 'senders', modifiers: { limit: '2' }, children: [{ name: 'id', modifiers: {} }] },
      ],
    });
  });

  it('tolerates spaces between tokens', () => {
    const parsed = parseFields(' id , messages.limit( 3 ) { message } ');
    expect(parsed.ok && serializeFields(parsed.fields)).toBe('id,messages.limit(3){message}');
  });

  it.each([
    ['messages{id', 11, 'Expected "}" instead of end of string.'],
    ['snippet}', 7, 'Expected end of string instead of "}".'],
    ['id,,snippet', 3, 'Expected a field name instead of ",".'],
    ['messages{}', 9, 'Expected a field name instead of "}".'],
    ['messages.limit(5', 16, 'Expected ")" instead of end of string.'],
    ['messages.limit{id}', 14, 'Expected "(" instead of "{".'],
    ['id,', 3, 'Expected a field name instead of end of string.'],
    ['9lives', 0, 'Expected a field name instead of "9".'],
  ])('reports %j as a syntax error at character %i', (text, position, detail) => {
    expect(parseFields(text)).toEqual({
      ok: false,
      position,
      message: `Syntax error "${detail}" at character ${position}: ${text}`,
    });
  });

  it('serialises back to the same syntax, so nested paging URLs can repeat a selection', () => {
    const text = 'messages.limit(5){message,from,attachments{id,mime_type}},participants';
    const parsed = parseFields(text);
    expect(parsed.ok && serializeFields(parsed.fields)).toBe(text);
  });
});
