import { join } from 'node:path';
import { rewriteBody, toProxyUrl, upstreamUrl } from '../../demo/proxy';
import { proxiedRequest } from '../../demo/proxyPolicy';
import { type Dashboard, startDashboard } from '../../demo/server';

const root = join(__dirname, '..', '..');

describe('the dashboard server', () => {
  let dashboard: Dashboard;
  beforeAll(async () => {
    dashboard = await startDashboard({ root, simulate: false, pollMs: 500 });
  });
  afterAll(() => dashboard.close());

  const token = () => dashboard.emulator?.accessToken ?? '';

  it('serves the page, its styles, its bundle and a config without the token', async () => {
    const page = await fetch(dashboard.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/app.js">');
    const [css, js, config] = await Promise.all(['/styles.css', '/app.js', '/config.json'].map(async (path) => (await fetch(dashboard.url + path)).text()));
    expect(css).toContain('.is-changed');
    expect(JSON.parse(config ?? '')).toMatchObject({
      pageId: '1001',
      pollMs: 500,
      inboxes: [
        { platform: 'MESSENGER', folders: ['inbox', 'other', 'page_done', 'spam'] },
        { platform: 'INSTAGRAM', folders: ['inbox', 'other'] },
      ],
    });
    for (const text of [html, css, js, config]) expect(text).not.toContain(token());
  });

  it('bundles the library for the browser without the emulator or Node built-ins', () => {
    const { inputs } = dashboard.bundle;
    expect(inputs).toContain('demo/web/main.ts');
    expect(inputs).toContain('src/index.ts');
    expect(inputs.some((input) => input.includes('node_modules/cross-fetch/dist/browser-ponyfill.js'))).toBe(true);
    expect(inputs.filter((input) => input.startsWith('src/testing/') || input.startsWith('node:'))).toEqual([]);
    expect(dashboard.bundle.js).not.toContain('node:');
  });

  it('proxies Graph with the real token and strips it from paging.next, which points back at the proxy', async () => {
    const emulator = dashboard.emulator!;
    emulator.clearRequests();
    const response = await fetch(`${dashboard.url}/graph/v19.0/1001/conversations?limit=2&fields=snippet&access_token=from-the-browser`, {
      headers: { authorization: 'Bearer dashboard-placeholder-token' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-app-usage')).toMatch(/call_count/);
    const text = await response.text();
    expect(text).not.toContain(token());
    expect(text).not.toContain('access_token');
    const body = JSON.parse(text) as { data: unknown[]; paging: { next: string } };
    expect(body.data).toHaveLength(2);
    expect(body.paging.next.startsWith(`${dashboard.url}/graph/v19.0/1001/conversations?`)).toBe(true);

    expect(emulator.requests).toHaveLength(1);
    expect(emulator.requests[0]?.headers.authorization).toBe(`Bearer ${token()}`);
    expect(emulator.requests[0]?.url).not.toContain('from-the-browser');

    const next = await fetch(body.paging.next, { headers: { authorization: 'Bearer dashboard-placeholder-token' } });
    expect(((await next.json()) as { data: unknown[] }).data).toHaveLength(2);
  });

  // Chromium reports a no-store response read through a stream (the library's size-capped
  // read when no length is announced) as ERR_ABORTED although it completed; with the
  // length announced, the library reads it whole with text().
  it("announces the length of what it forwards, and Graph's Date (the page's clock)", async () => {
    const response = await fetch(`${dashboard.url}/graph/v19.0/1001/conversations?limit=3&fields=snippet`);
    const text = await response.text();
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
    expect(response.headers.get('transfer-encoding')).toBeNull();
    expect(Date.parse(response.headers.get('date') ?? '')).not.toBeNaN();
  });

  it('redacts the token from error bodies too, and forwards Retry-After', async () => {
    const emulator = dashboard.emulator!;
    emulator.inject({ kind: 'raw', status: 400, headers: { 'retry-after': '3' }, body: (ctx) => ({ error: { message: `bad ${ctx.token ?? ''}`, code: 1 } }) });
    const response = await fetch(`${dashboard.url}/graph/v19.0/1001/conversations`);
    expect(response.status).toBe(400);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(await response.text()).toBe('{"error":{"message":"bad [redacted]","code":1}}');
  });

  it('answers only GET on Graph paths, and only to loopback host names', async () => {
    expect((await fetch(`${dashboard.url}/graph/v19.0/1001/conversations`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${dashboard.url}/nothing`)).status).toBe(404);
    const { request } = await import('node:http');
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(`${dashboard.url}/config.json`, { headers: { host: 'evil.example:80' } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(421);
  });
});

describe('the dashboard on another Graph (--graph-url and --token)', () => {
  it('uses the given url and token, and starts no emulator of its own', async () => {
    const { startEmulator } = await import('../../src/testing/index');
    const graph = await startEmulator({ accessToken: 'EAAB-real-looking-token' });
    const dashboard = await startDashboard({ root, pageId: '1002', graphUrl: graph.url, token: 'EAAB-real-looking-token' });
    try {
      expect(dashboard.emulator).toBeUndefined();
      expect(dashboard.config).toMatchObject({ pageId: '1002', pollMs: 30_000, source: new URL(graph.url).host });
      const text = await (await fetch(`${dashboard.url}/graph/v19.0/1002/conversations?limit=3`)).text();
      expect(text).not.toContain('EAAB-real-looking-token');
      expect((JSON.parse(text) as { paging: { next: string } }).paging.next).toMatch(new RegExp(`^${dashboard.url}/graph/v19.0/1002/conversations\\?`));
      expect(graph.requests[0]?.headers.authorization).toBe('Bearer EAAB-real-looking-token');
    } finally {
      await dashboard.close();
      await graph.close();
    }
  });

  it('shows the inboxes asked for, Messenger and Instagram by default', async () => {
    const { startEmulator } = await import('../../src/testing/index');
    const graph = await startEmulator({ accessToken: 'EAAB-real-looking-token' });
    const both = await startDashboard({ root, pageId: '1001', graphUrl: graph.url, token: 'EAAB-real-looking-token' });
    const messenger = await startDashboard({ root, pageId: '1001', graphUrl: graph.url, token: 'EAAB-real-looking-token', platforms: ['MESSENGER'] });
    try {
      expect(both.config.inboxes.map((inbox) => inbox.platform)).toEqual(['MESSENGER', 'INSTAGRAM']);
      expect(messenger.config.inboxes.map((inbox) => inbox.platform)).toEqual(['MESSENGER']);
      // The proxy forwards Instagram's list of the configured Page, and only of that Page.
      expect((await fetch(`${both.url}/graph/v19.0/1001/conversations?platform=INSTAGRAM&limit=1`)).status).toBe(200);
      expect((await fetch(`${both.url}/graph/v19.0/1002/conversations?platform=INSTAGRAM&limit=1`)).status).toBe(403);
    } finally {
      await Promise.all([both.close(), messenger.close()]);
      await graph.close();
    }
  });

  it('shows only the inboxes an emulator Page has', async () => {
    const dashboard = await startDashboard({ root, pageId: '1002', simulate: false });
    try {
      expect(dashboard.config.inboxes).toEqual([{ platform: 'MESSENGER', folders: ['inbox', 'other', 'page_done', 'spam'] }]);
    } finally {
      await dashboard.close();
    }
  });

  it('needs a Page id with a token', async () => {
    await expect(startDashboard({ root, token: 'EAAB' })).rejects.toThrow('A Page id (--page) is needed');
  });
});

describe('the proxy rewriting', () => {
  const options = { graphUrl: 'https://graph.example/prefix', token: 'EAAB/x+y', publicBase: 'http://127.0.0.1:4000' };

  it('points Graph URLs under the prefix at the proxy, without access_token, and leaves other strings alone', () => {
    expect(toProxyUrl('https://graph.example/prefix/v19.0/1/conversations?access_token=EAAB&after=c', options.graphUrl, options.publicBase)).toBe(
      'http://127.0.0.1:4000/graph/v19.0/1/conversations?after=c',
    );
    expect(toProxyUrl('https://graph.example/other/v19.0/1', options.graphUrl, options.publicBase)).toBe('https://graph.example/other/v19.0/1');
    expect(toProxyUrl('https://m.me/1', options.graphUrl, options.publicBase)).toBe('https://m.me/1');
    expect(toProxyUrl('hello', options.graphUrl, options.publicBase)).toBe('hello');
  });

  it('redacts every spelling of the token, in JSON and in a cut-off body', () => {
    expect(rewriteBody('{"a":"EAAB/x+y","b":"EAAB%2Fx%2By"}', options)).toBe('{"a":"[redacted]","b":"[redacted]"}');
    expect(rewriteBody('{"paging":{"next":"https://elsewhere.example/?access_token=EAAB%2Fx', options)).toBe(
      '{"paging":{"next":"https://elsewhere.example/?access_token=[redacted]',
    );
  });

  it('maps allowed paths onto Graph under its prefix, without the token, and refuses the rest', () => {
    const allowed = proxiedRequest('/graph/v19.0/1001/conversations?limit=2&access_token=x', '1001');
    if (!allowed.allowed) throw new Error(allowed.reason);
    expect(upstreamUrl(allowed, options.graphUrl).toString()).toBe('https://graph.example/prefix/v19.0/1001/conversations?limit=2');
    expect(proxiedRequest('/elsewhere/v19.0', '1001').allowed).toBe(false);
    expect(proxiedRequest('/graph/../../x', '1001').allowed).toBe(false);
  });
});
