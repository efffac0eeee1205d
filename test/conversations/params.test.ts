import { lastValueFrom, toArray } from 'rxjs';
import { conversations$, InvalidInputError, messagesField, type ConversationsOptions } from '../../src/index';
import type { FetchLike } from '../../src/graph/fetchLike';

// A fetch that records calls; bad input must never reach it.
function recordingFetch(): { fetch: FetchLike; calls: string[] } {
  const calls: string[] = [];
  const fetch: FetchLike = async (url) => {
    calls.push(url);
    throw new Error('must not be called');
  };
  return { fetch, calls };
}

async function rejection(pageId: string, opts: Record<string, unknown>) {
  const { fetch, calls } = recordingFetch();
  const options = { accessToken: 'token-1234', fetch, ...opts } as ConversationsOptions;
  const error = await lastValueFrom(conversations$(pageId, options).pipe(toArray())).catch((e: unknown) => e);
  return { error, calls };
}

describe('bad input is rejected before any request', () => {
  const cases: Array<[string, string, Record<string, unknown>, string]> = [
    ['empty page id', '', {}, 'pageId'],
    ['page id with a slash', '12/../me', {}, 'pageId'],
    ['page id with a query', '12?fields=x', {}, 'pageId'],
    ['page id of dots', '..', {}, 'pageId'],
    ['unknown folder', '1001', { folder: 'archive' }, 'folder'],
    ['unknown platform', '1001', { platform: 'WHATSAPP' }, 'platform'],
    ['limit 0', '1001', { limit: 0 }, 'limit'],
    ['limit 101', '1001', { limit: 101 }, 'limit'],
    ['fractional limit', '1001', { limit: 2.5 }, 'limit'],
    ['empty token', '1001', { accessToken: '' }, 'accessToken'],
    ['blank token', '1001', { accessToken: '   ' }, 'accessToken'],
    ['unknown field', '1001', { fields: ['snippet', 'secret_notes'] }, 'fields'],
    ['fields not an array', '1001', { fields: 'snippet' }, 'fields'],
    ['nested messages limit 0', '1001', { fields: [messagesField({ limit: 0, fields: [] })] }, 'fields'],
    ['unknown nested message field', '1001', { fields: [{ edge: 'messages', limit: 2, fields: ['colour'] }] }, 'fields'],
    ['an object that is not a selection', '1001', { fields: [{ name: 'snippet' }] }, 'fields'],
    ['messages selected twice', '1001', { fields: ['messages', messagesField({ fields: ['message'] })] }, 'fields'],
    ['user id with a slash', '1001', { userId: '1/2' }, 'userId'],
    ['graphUrl with a query', '1001', { graphUrl: 'https://graph.facebook.com/?x=1' }, 'graphUrl'],
    ['graphUrl not http', '1001', { graphUrl: 'file:///etc/passwd' }, 'graphUrl'],
    ['bad api version', '1001', { apiVersion: '19' }, 'apiVersion'],
  ];
  it.each(cases)('%s', async (_name, pageId, opts, option) => {
    const { error, calls } = await rejection(pageId, opts);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).option).toBe(option);
    expect((error as InvalidInputError).kind).toBe('invalid-input');
    expect(calls).toEqual([]);
  });

  it('names the accepted values in the message', async () => {
    const { error } = await rejection('1001', { folder: 'archive' });
    expect((error as Error).message).toBe('Invalid folder: expected one of inbox, other, page_done, spam, got "archive"');
  });

  it('fails on subscribe, not on call, so the stream stays composable', () => {
    const { fetch } = recordingFetch();
    expect(() => conversations$('', { accessToken: 'x', fetch })).not.toThrow();
  });

  it('accepts lower-case platforms as Graph does', async () => {
    const seen: string[] = [];
    const fetch: FetchLike = async (url) => {
      seen.push(url);
      return { ok: true, status: 200, headers: { get: () => null }, text: async () => '{"data":[]}' };
    };
    await lastValueFrom(conversations$('1001', { accessToken: 'token', fetch, platform: 'instagram' as 'INSTAGRAM' }).pipe(toArray()));
    expect(new URL(seen[0] ?? '').searchParams.get('platform')).toBe('INSTAGRAM');
  });
});
