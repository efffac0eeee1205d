// GET /{version}/{thread-id}: the thread node, and Graph's answer for one that is not there
// (what confirmRemovedThreads relies on).
import { startEmulator, type Emulator } from '../../../src/testing/index';
import { getJson, type GraphErrorJson } from './support';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

const inbox = () => emulator.threads('1001', { folder: 'inbox', platform: 'MESSENGER' });
const node = (id: string, query: string) => `/v19.0/${encodeURIComponent(id)}${query}`;

describe('the thread node', () => {
  it('?fields=id answers the id alone', async () => {
    const thread = inbox()[7];
    const { status, body } = await getJson<Record<string, unknown>>(emulator, node(thread?.id ?? '', '?fields=id'));
    expect(status).toBe(200);
    expect(body).toEqual({ id: thread?.id });
  });

  it('renders the requested fields it knows, as the edge does, wherever the thread is', async () => {
    const thread = emulator.threads('1001', { folder: 'other', platform: 'MESSENGER' })[0];
    const { status, body } = await getJson<Record<string, unknown>>(emulator, node(thread?.id ?? '', '?fields=id,updated_time,snippet,message_count'));
    expect(status).toBe(200);
    expect(body).toEqual({ id: thread?.id, updated_time: thread?.updated_time, snippet: thread?.snippet, message_count: thread?.message_count });
  });

  it('a deleted thread answers like Graph for a missing object: HTTP 400, code 100, subcode 33, GraphMethodException', async () => {
    const gone = inbox()[3]?.id ?? '';
    emulator.deleteThread('1001', gone);
    const { status, body } = await getJson<GraphErrorJson>(emulator, node(gone, '?fields=id'));
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 100, error_subcode: 33, type: 'GraphMethodException' });
    expect(body.error.message).toBe(
      `Unsupported get request. Object with ID '${gone}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. ` +
        'Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api',
    );
    expect(typeof body.error.fbtrace_id).toBe('string');
  });

  it('an id with dots and colons, never known, is missing the same way', async () => {
    const { status, body } = await getJson<GraphErrorJson>(emulator, node('t_mid.1460972298060:1e3b607d4aac03ef23', '?fields=id'));
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 100, error_subcode: 33, type: 'GraphMethodException' });
  });

  it('an unknown field on the node is code 100 without subcode 33 (a refused parameter, not a missing object)', async () => {
    const { status, body } = await getJson<GraphErrorJson>(emulator, node(inbox()[0]?.id ?? '', '?fields=folder'));
    expect(status).toBe(400);
    expect(body.error.code).toBe(100);
    expect(body.error.error_subcode).toBeUndefined();
    expect(body.error.type).toBe('OAuthException');
  });
});
