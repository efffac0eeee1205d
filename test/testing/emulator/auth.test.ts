// Access token (header or query) and appsecret_proof.
import { createHmac } from 'node:crypto';
import { startEmulator, type Emulator } from '../../../src/testing/index';
import type { GraphErrorJson, GraphPage } from './support';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ accessToken: 'page-token-1' });
});
afterAll(() => emulator.close());

async function call(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${emulator.url}${path}`, { headers });
  return { status: response.status, body: await response.json() };
}

describe('access token', () => {
  it('is accepted from the Authorization header or the access_token parameter', async () => {
    expect((await call('/v19.0/1002/conversations', { authorization: 'Bearer page-token-1' })).status).toBe(200);
    expect((await call('/v19.0/1002/conversations?access_token=page-token-1')).status).toBe(200);
  });

  it('missing: code 190, HTTP 400, OAuthException', async () => {
    const { status, body } = await call('/v19.0/1002/conversations');
    expect(status).toBe(400);
    expect((body as GraphErrorJson).error).toMatchObject({ code: 190, type: 'OAuthException' });
  });

  it('wrong: code 190 with subcode 463, whether in the header or the query', async () => {
    for (const result of [
      await call('/v19.0/1002/conversations', { authorization: 'Bearer nope' }),
      await call('/v19.0/1002/conversations?access_token=nope'),
    ]) {
      expect(result.status).toBe(400);
      expect((result.body as GraphErrorJson).error).toMatchObject({ code: 190, error_subcode: 463, type: 'OAuthException' });
    }
  });

  it('is checked before the object exists', async () => {
    const { body } = await call('/v19.0/nothing-here/conversations');
    expect((body as GraphErrorJson).error.code).toBe(190);
  });
});

describe('appsecret_proof', () => {
  const appSecret = 'app-secret-xyz';
  let secured: Emulator;
  const proof = (token: string): string => createHmac('sha256', appSecret).update(token).digest('hex');

  beforeAll(async () => {
    secured = await startEmulator({ appSecret });
  });
  afterAll(() => secured.close());

  const fetchSecured = (query: string) =>
    fetch(`${secured.url}/v19.0/1001/conversations${query}`, { headers: { authorization: `Bearer ${secured.accessToken}` } });

  it('is required: missing or wrong answers code 104', async () => {
    for (const query of ['', '?appsecret_proof=abc123', `?appsecret_proof=${proof('other-token')}`]) {
      const response = await fetchSecured(query);
      expect(response.status).toBe(400);
      expect(((await response.json()) as GraphErrorJson).error.code).toBe(104);
    }
  });

  it('a correct proof passes, and next links carry both the token and the proof', async () => {
    expect(secured.appSecret).toBe(appSecret);
    const response = await fetchSecured(`?appsecret_proof=${proof(secured.accessToken)}&limit=10`);
    expect(response.status).toBe(200);
    const page = (await response.json()) as GraphPage;
    const next = new URL(page.paging.next ?? '');
    expect(next.searchParams.get('appsecret_proof')).toBe(proof(secured.accessToken));
    expect(next.searchParams.get('access_token')).toBe(secured.accessToken);
    // The link works as given, without any header.
    expect((await fetch(next)).status).toBe(200);
  });

  it('nested messages links carry the proof too', async () => {
    const response = await fetchSecured(`?appsecret_proof=${proof(secured.accessToken)}&limit=1&fields=messages.limit(1)`);
    const page = (await response.json()) as GraphPage;
    const next = (page.data[0]?.['messages'] as GraphPage).paging.next ?? '';
    expect(new URL(next).searchParams.get('appsecret_proof')).toBe(proof(secured.accessToken));
    expect((await fetch(next)).status).toBe(200);
  });
});
