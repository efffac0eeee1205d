import { isLeft, isRight } from 'fp-ts/Either';
import { messagesField, type ThreadFieldSpec } from '../../src/index';
import { threadCodecFor } from '../../src/codecs/index';
import { renderMessagesField, renderThreadFields } from '../../src/codecs/fields';

describe('field selection renders Graph field expansion', () => {
  const table: Array<[string, readonly ThreadFieldSpec[], string]> = [
    ['plain fields', ['snippet', 'unread_count'], 'id,updated_time,snippet,unread_count'],
    ['id and updated_time given again', ['id', 'updated_time', 'snippet'], 'id,updated_time,snippet'],
    ['no fields', [], 'id,updated_time'],
    ['nested messages with limit', ['snippet', messagesField({ limit: 5, fields: ['message', 'from', 'created_time'] })], 'id,updated_time,snippet,messages.limit(5){id,message,from,created_time}'],
    ['nested messages without limit', [messagesField({ fields: ['message'] })], 'id,updated_time,messages{id,message}'],
    ['nested messages with no fields', [messagesField({ limit: 1, fields: [] })], 'id,updated_time,messages.limit(1){id}'],
    ['the plain messages edge', ['messages'], 'id,updated_time,messages'],
    ['duplicates once', ['snippet', 'snippet'], 'id,updated_time,snippet'],
  ];
  it.each(table)('%s', (_name, specs, rendered) => {
    expect(renderThreadFields(specs)).toBe(rendered);
  });

  it('renders a nested message list with id first, each field once', () => {
    expect(renderMessagesField(messagesField({ limit: 2, fields: ['id', 'message', 'message'] }))).toBe('messages.limit(2){id,message}');
  });
});

describe('codecs built from a field list', () => {
  it('default requested counters to 0, which Graph leaves out when zero', () => {
    const decoded = threadCodecFor(['unread_count', 'message_count', 'snippet']).decode({ id: 't_1', updated_time: '2024-03-01T12:30:05+0000' });
    expect(isRight(decoded) && decoded.right).toEqual({ id: 't_1', updated_time: new Date(Date.UTC(2024, 2, 1, 12, 30, 5)), unread_count: 0, message_count: 0 });
  });

  it('check nested messages with their own fields', () => {
    const codec = threadCodecFor([messagesField({ fields: ['message'] })]);
    const ok = codec.decode({ id: 't', updated_time: '2024-03-01T12:30:05+0000', messages: { data: [{ id: 'm', message: 'hi' }] } });
    const bad = codec.decode({ id: 't', updated_time: '2024-03-01T12:30:05+0000', messages: { data: [{ id: 'm', message: 7 }] } });
    expect(isRight(ok)).toBe(true);
    expect(isLeft(bad)).toBe(true);
  });

  it('do not check fields that were not requested', () => {
    expect(isRight(threadCodecFor(['snippet']).decode({ id: 't', updated_time: '2024-03-01T12:30:05+0000', message_count: 'lots' }))).toBe(true);
  });
});
