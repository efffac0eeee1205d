/**
 * Payloads shaped like the real captures described in GRAPH_API.md ("What real responses
 * show"): nulls in optional nested fields, broken optional parts, `is_owner` on the thread.
 */
import { isLeft, isRight } from 'fp-ts/Either';
import { decodeThreadPage, threadCodecFor } from '../../src/codecs/index';
import { conversations$, messages$, messagesField, type DecodeWarning } from '../../src/index';
import { startScriptedServer } from '../conversations/scriptedServer';
import { settle } from '../support/walk';

// m_ + 86 base64url characters, as real message ids are.
const messageId = `m_${'Ab-_9xYz'.repeat(11).slice(0, 86)}`;
const imageMessage = {
  id: messageId,
  created_time: '2019-05-04T09:12:44+0000',
  message: '',
  attachments: {
    data: [{ id: '2326912357546213', mime_type: 'image/jpeg', name: 'image-2326912357546213', size: null, image_data: { width: 720, height: 960, url: 'https://scontent.xx.fbcdn.net/v/1.jpg', preview_url: 'https://scontent.xx.fbcdn.net/v/1p.jpg', image_type: 1, render_as_sticker: false } }],
  },
  shares: { data: [{ link: 'https://www.facebook.com/somepage/posts/1', name: 'A post', description: null, id: null, picture: null }] },
};
const thread = (i: number, extra: Record<string, unknown> = {}) => ({
  id: `t_10${String(i).padStart(13, '0')}`,
  updated_time: `2024-03-01T12:${String(59 - i).padStart(2, '0')}:05+0000`,
  messages: { data: [imageMessage] },
  ...extra,
});

describe('null in optional nested fields means absent', () => {
  it('decodes attachments.data[].size: null and shares.data[].description/id/picture: null', () => {
    const result = decodeThreadPage({ data: [thread(1)] });
    if (!isRight(result)) throw new Error(String(result.left));
    const message = result.right.data[0]?.messages?.data[0];
    expect(message?.attachments?.data[0]?.size).toBeUndefined();
    expect(message?.attachments?.data[0]?.image_data?.width).toBe(720);
    expect(message?.shares?.data[0]).toEqual({ link: 'https://www.facebook.com/somepage/posts/1', name: 'A post' });
    expect(JSON.stringify(message?.shares?.data[0])).toBe('{"link":"https://www.facebook.com/somepage/posts/1","name":"A post"}');
  });

  it('treats null thread fields and counters as absent (counters read 0), and keeps required fields strict', () => {
    const codec = threadCodecFor(['snippet', 'unread_count', 'participants']);
    const decoded = codec.decode({ id: 't_100000000000001', updated_time: '2024-03-01T12:30:05+0000', snippet: null, unread_count: null, participants: null });
    if (!isRight(decoded)) throw new Error('expected right');
    expect(decoded.right.unread_count).toBe(0);
    expect(decoded.right.snippet).toBeUndefined();
    expect(decoded.right.participants).toBeUndefined();
    expect(isLeft(codec.decode({ id: null, updated_time: '2024-03-01T12:30:05+0000' }))).toBe(true);
    expect(isLeft(codec.decode({ id: 't_1', updated_time: null }))).toBe(true);
  });
});

describe('a broken optional part costs that part, never the page', () => {
  it('leaves out the innermost broken optional field, keeps the item and reports a warning', () => {
    const broken = { ...imageMessage, attachments: { data: [{ mime_type: 'image/jpeg', size: 12 }] } };
    const oddSize = { ...imageMessage, id: `${messageId.slice(0, -1)}Q`, attachments: { data: [{ id: '77', size: 'big' }] } };
    const warnings: DecodeWarning[] = [];
    const result = decodeThreadPage(
      { data: [thread(1), thread(2, { messages: { data: [broken, oddSize] } }), thread(3, { snippet: 42 })] },
      { url: 'https://graph.facebook.com/v19.0/1001/conversations', onWarning: (w) => warnings.push(w) },
    );
    if (!isRight(result)) throw new Error(String(result.left));
    const [first, second, third] = result.right.data;
    expect(first?.messages?.data[0]?.attachments?.data).toHaveLength(1);
    expect(second?.messages?.data[0]?.attachments).toBeUndefined();
    expect(second?.messages?.data[0]?.shares?.data).toHaveLength(1);
    expect(second?.messages?.data[1]?.attachments?.data[0]).toEqual({ id: '77' });
    expect(third?.id).toBe('t_100000000000003');
    expect(third).not.toHaveProperty('snippet');
    expect(warnings.map((w) => w.path).sort()).toEqual(['data.1.messages.data.0.attachments', 'data.1.messages.data.1.attachments.data.0.size', 'data.2.snippet']);
    expect(warnings.find((w) => w.path === 'data.2.snippet')).toEqual({
      what: 'conversations page',
      path: 'data.2.snippet',
      problems: ['data.2.snippet: expected string, got 42'],
      url: 'https://graph.facebook.com/v19.0/1001/conversations',
    });
  });

  it('drops a participant’s broken optional name rather than the whole list (a union member then matches)', () => {
    const warnings: DecodeWarning[] = [];
    const result = decodeThreadPage({ data: [thread(1, { participants: { data: [{ id: '1234', name: 7 }, { id: '999', username: 'acme' }] } })] }, { onWarning: (w) => warnings.push(w) });
    if (!isRight(result)) throw new Error(String(result.left));
    expect(result.right.data[0]?.participants?.data).toEqual([{ id: '1234' }, { id: '999', username: 'acme' }]);
    expect(warnings.map((w) => w.path)).toEqual(['data.0.participants.data.0.name']);
  });

  it('fails the page when a required field is broken, even next to broken optional parts', () => {
    const result = decodeThreadPage({ data: [thread(1, { snippet: 42 }), { id: 't_2', updated_time: 'yesterday' }] });
    expect(isLeft(result)).toBe(true);
    if (isLeft(result)) expect(result.left.message).toContain('data.1.updated_time');
  });

  it('over HTTP: the walk goes on, the thread keeps its other fields, onDecodeWarning hears of it', async () => {
    const server = await startScriptedServer((n, _url, origin) =>
      n === 0
        ? { data: [thread(1, { snippet: 'ok', participants: 'not a list' })], paging: { next: `${origin}/v19.0/1001/conversations?after=x` } }
        : { data: [thread(2, { snippet: 'next' })] },
    );
    try {
      const warnings: DecodeWarning[] = [];
      const { values, error } = await settle(
        conversations$('1001', { accessToken: 'EAAB-real', graphUrl: server.url, fields: ['snippet', 'participants'], onDecodeWarning: (w) => warnings.push(w) }),
      );
      expect(error).toBeUndefined();
      expect(values.map((t) => [t.id, t.snippet, t.participants])).toEqual([
        ['t_100000000000001', 'ok', undefined],
        ['t_100000000000002', 'next', undefined],
      ]);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ what: 'conversations page', path: 'data.0.participants' });
      expect(warnings[0]?.url).toContain('/v19.0/1001/conversations');
      expect(warnings[0]?.url).not.toContain('EAAB-real');
    } finally {
      await server.close();
    }
  });

  it('messages$ keeps a message whose attachment is broken and rejects a bad onDecodeWarning before any request', async () => {
    const server = await startScriptedServer(() => ({ data: [{ ...imageMessage, attachments: { data: [{ id: 5 }] } }] }));
    try {
      const warnings: DecodeWarning[] = [];
      const { values } = await settle(messages$('t_100000000000001', { accessToken: 'EAAB-real', graphUrl: server.url, fields: ['attachments', 'shares'], onDecodeWarning: (w) => warnings.push(w) }));
      expect(values.map((m) => m.id)).toEqual([messageId]);
      expect(values[0]?.attachments).toBeUndefined();
      expect(warnings.map((w) => w.path)).toEqual(['data.0.attachments']);
      const bad = await settle(messages$('t_1', { accessToken: 'EAAB-real', graphUrl: server.url, onDecodeWarning: 'log' as never }));
      expect(bad.error).toMatchObject({ kind: 'invalid-input', option: 'onDecodeWarning' });
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});

describe('is_owner is a field of the conversation', () => {
  it('is requested and decoded as a thread field', async () => {
    const server = await startScriptedServer(() => ({ data: [{ id: 'aWdfZAGtest', updated_time: '2024-03-01T12:30:05+0000', is_owner: true }] }));
    try {
      const { values, error } = await settle(conversations$('me', { accessToken: 'EAAB-real', graphUrl: server.url, platform: 'INSTAGRAM', fields: ['is_owner', messagesField({ fields: ['message'] })] }));
      expect(error).toBeUndefined();
      const owner: boolean | undefined = values[0]?.is_owner;
      expect(owner).toBe(true);
      expect(server.requests[0]).toContain('fields=id%2Cupdated_time%2Cis_owner%2Cmessages');
    } finally {
      await server.close();
    }
  });

  it('is refused with a wrong type like any optional field, not silently on participants', () => {
    const warnings: DecodeWarning[] = [];
    const result = decodeThreadPage({ data: [{ id: 't_1', updated_time: '2024-03-01T12:30:05+0000', is_owner: 'yes' }] }, { onWarning: (w) => warnings.push(w) });
    expect(isRight(result)).toBe(true);
    expect(warnings.map((w) => w.path)).toEqual(['data.0.is_owner']);
  });
});
