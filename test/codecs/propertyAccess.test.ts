import { propertyReader, propertyWriter } from '../../src/codecs/propertyAccess';

describe('propertyReader and propertyWriter', () => {
  const names = ['id', 'unread_count', 'participants', 'next', 'not_a_known_field', '__proto__', 'toString'];

  it('read what a keyed read reads, for known and unknown names alike (inherited ones too)', () => {
    const record: Record<string, unknown> = JSON.parse('{"id":"t_1","unread_count":2,"participants":{"data":[]},"not_a_known_field":true}');
    for (const name of names) expect(propertyReader(name)(record)).toBe(record[name]);
    expect(propertyReader('next')({})).toBeUndefined();
  });

  it('add or replace the named own property', () => {
    for (const name of ['message_count', 'unread_count', 'a_field_decoding_never_adds']) {
      const record: Record<string, unknown> = JSON.parse('{"id":"t_1"}');
      propertyWriter(name)(record, 0);
      expect(Object.keys(record)).toEqual(['id', name]);
      propertyWriter(name)(record, 3);
      expect(record[name]).toBe(3);
    }
  });
});
