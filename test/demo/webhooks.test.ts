import { request } from 'node:http';
import { join } from 'node:path';
import { type Dashboard, startDashboard } from '../../demo/server';

const root = join(__dirname, '..', '..');

/** Opens the page's webhook signal stream; `next()` resolves with the next `data:` line. */
function openSignals(url: string): Promise<{ next: () => Promise<string>; close: () => void }> {
  return new Promise((resolve, reject) => {
    const lines: string[] = [];
    const waiting: Array<(line: string) => void> = [];
    const req = request(`${url}/webhook-events`, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        for (const line of chunk.split('\n').filter((l) => l.startsWith('data: '))) {
          const waiter = waiting.shift();
          if (waiter === undefined) lines.push(line.slice(6));
          else waiter(line.slice(6));
        }
      });
      resolve({
        next: () => (lines.length > 0 ? Promise.resolve(lines.shift() ?? '') : new Promise((r) => waiting.push(r))),
        close: () => req.destroy(),
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? undefined : reject(error)));
    req.end();
  });
}

describe('npm start -- --webhooks', () => {
  let dashboard: Dashboard;
  beforeAll(async () => {
    dashboard = await startDashboard({ root, simulate: false, webhooks: true });
  });
  afterAll(() => dashboard.close());

  it('polls every 5 min to reconcile, and tells the page about each webhook of its inboxes, by platform only', async () => {
    expect(dashboard.config).toMatchObject({ webhooks: true, pollMs: 300_000 });
    const emulator = dashboard.emulator;
    if (emulator === undefined) throw new Error('no emulator');
    const signals = await openSignals(dashboard.url);
    try {
      const [messenger] = emulator.threads('1001', { platform: 'MESSENGER' });
      const [instagram] = emulator.threads('1001', { platform: 'INSTAGRAM' });
      emulator.addMessage('1001', messenger?.id ?? '', { text: 'hello' });
      expect(await signals.next()).toBe('MESSENGER');
      emulator.addMessage('1001', instagram?.id ?? '', { text: 'hi', fromPage: true });
      expect(await signals.next()).toBe('INSTAGRAM');
      expect(emulator.webhooks?.deliveries.map((d) => d.fate)).toEqual(['delivered', 'delivered']);
    } finally {
      signals.close();
    }
  });

  it('refuses --webhooks with a real token', async () => {
    await expect(startDashboard({ root, token: 'EAAB-not-real', pageId: '1', webhooks: true })).rejects.toThrow(/--webhooks runs on the emulator/);
  });
});
