import { isLeft, isRight } from 'fp-ts/Either';
import { decodeThread, decodeThreadPage, GraphDateTime, formatGraphTime, Thread } from '../../src/codecs/index';

// A payload shaped like the GRAPH_API.md sample, with an unknown extra field added.
const realThread = {
  id: 't_mid.1460972298060:1e3b607d4aac03ef23',
  updated_time: '2024-03-01T12:30:05+0000',
  link: '/61550/inbox/12345',
  message_count: 12,
  unread_count: 1,
  snippet: 'See you tomorrow',
  can_reply: true,
  is_subscribed: true,
  some_future_field: { nested: true },
  participants: {
    data: [
      { name: 'Ana', email: '1234@facebook.com', id: '1234' },
      { name: 'My Page', email: '999@facebook.com', id: '999' },
    ],
  },
  senders: { data: [{ name: 'Ana', email: '1234@facebook.com', id: '1234' }] },
  messages: {
    data: [
      {
        id: 'm_mid.1488447453538:e313cc8368',
        message: 'hi',
        created_time: '2024-03-01T12:30:05+0000',
        from: { name: 'Ana', email: '1234@facebook.com', id: '1234' },
        to: { data: [{ name: 'My Page', email: '999@facebook.com', id: '999' }] },
      },
    ],
    paging: {
      cursors: { before: 'QVFIa', after: 'QVFIb' },
      next: 'https://graph.facebook.com/v19.0/t_1/messages?limit=25&until=1476721922&__paging_token=enc_AdD',
    },
  },
};

describe('thread codec', () => {
  it('accepts a real-shaped Messenger thread and ignores unknown fields', () => {
    const result = decodeThread(realThread);
    expect(isRight(result)).toBe(true);
    if (!isRight(result)) return;
    expect(result.right.participants?.data.map((p) => p.id)).toEqual(['1234', '999']);
    expect(result.right.messages?.data[0]?.message).toBe('hi');
    expect(result.right.updated_time.getTime()).toBe(Date.UTC(2024, 2, 1, 12, 30, 5));
  });

  it('accepts Instagram participants that carry username instead of name and email', () => {
    const result = decodeThread({
      id: 'aWdfZAG06',
      updated_time: '2024-03-01T12:30:05+0000',
      participants: { data: [{ username: 'ana.rides', id: '17841' }, { username: 'acme.bikes', id: '17842', is_owner: true }] },
    });
    expect(isRight(result) && result.right.participants?.data.every((p) => 'username' in p)).toBe(true);
  });

  it('treats counters Graph leaves out as absent, not as a failure', () => {
    const result = decodeThread({ id: 't_1', updated_time: '2024-03-01T12:30:05+0000', message_count: 3 });
    expect(isRight(result) && result.right.unread_count).toBeUndefined();
  });

  it('decodes +0000 timestamps to comparable dates', () => {
    const a = GraphDateTime.decode('2024-03-01T12:30:05+0000');
    const b = GraphDateTime.decode('2024-03-01T12:30:06Z');
    expect(isRight(a) && isRight(b) && a.right.getTime() < b.right.getTime()).toBe(true);
    expect(isLeft(GraphDateTime.decode('yesterday'))).toBe(true);
    expect(isLeft(GraphDateTime.decode('2024-13-45T99:99:99+0000'))).toBe(true);
  });

  it('formats dates back the way Graph writes them', () => {
    expect(formatGraphTime(new Date(Date.UTC(2024, 2, 1, 12, 30, 5)))).toBe('2024-03-01T12:30:05+0000');
    const decoded = Thread.decode(realThread);
    expect(isRight(decoded) && Thread.encode(decoded.right).updated_time).toBe('2024-03-01T12:30:05+0000');
  });

  it('reports failures with a readable path into the payload', () => {
    const result = decodeThreadPage({
      data: [realThread, { ...realThread, messages: { data: [{ id: null, message: 'hi' }] }, updated_time: 7 }],
    });
    expect(isLeft(result)).toBe(true);
    if (!isLeft(result)) return;
    expect(result.left.kind).toBe('decode');
    expect(result.left.report).toContain('data.1.updated_time: expected a Graph timestamp string, got 7');
    expect(result.left.report).toContain('data.1.messages.data.0.id: expected string, got null');
    expect(result.left.message).toContain('data.1.updated_time');
  });

  it('words the warning for a left-out optional part with the same readable path', () => {
    const warnings: string[] = [];
    const result = decodeThreadPage(
      { data: [realThread, { ...realThread, participants: { data: [{ name: 'Ana', id: null }] } }] },
      { onWarning: (warning) => warnings.push(...warning.problems) },
    );
    expect(isRight(result)).toBe(true);
    expect(warnings).toContain('data.1.participants.data.0.id: expected string, got null');
  });

  it('reports missing required fields as missing', () => {
    const result = decodeThread({ id: 7 });
    expect(isLeft(result) && result.left.report).toEqual(['id: expected string, got 7', 'updated_time: expected a Graph timestamp string, missing']);
  });

  it('does not quote credentials found in a refused payload', () => {
    const result = decodeThreadPage({ data: 'x', paging: { next: 42, previous: 'https://g/x?access_token=EAAB-leak' } }, { redact: (s) => s.split('EAAB-leak').join('[redacted]') });
    expect(isLeft(result)).toBe(true);
    if (isLeft(result)) expect(JSON.stringify(result.left) + result.left.message).not.toContain('EAAB-leak');
  });
});
