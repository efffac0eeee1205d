import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { type Dashboard, startDashboard } from '../../demo/server';
import { CHROMIUM, requireProgram } from '../support/systemPrograms';

const root = join(__dirname, '..', '..');
const ARTIFACTS = join(root, 'test', 'artifacts');

// Headless, no sandbox (the tests may run as root), and no background networking: the
// browser must reach nothing but the dashboard on 127.0.0.1 (a closed network refuses the rest).
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('the dashboard in Chromium', () => {
  let dashboard: Dashboard;
  let browser: BrowserContext;
  let page: Page;
  let profile: string;
  const received: string[] = [];

  beforeAll(async () => {
    const executablePath = requireProgram(CHROMIUM);
    dashboard = await startDashboard({ root, simulate: false, pollMs: 200, fullScanEvery: 3 });
    profile = mkdtempSync(join(tmpdir(), 'dashboard-chromium-'));
    // A persistent context is how Playwright takes a fresh --user-data-dir of our own.
    browser = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: FLAGS, viewport: { width: 1360, height: 900 } });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on('response', (response) => {
      void response.text().then(
        (text) => received.push(`${response.url()} ${JSON.stringify(response.headers())}\n${text}`),
        () => undefined,
      );
    });
    await page.goto(dashboard.url);
  }, 20_000);

  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
  });

  it('renders the threads of every folder, then highlights a new message as it arrives', async () => {
    const emulator = dashboard.emulator!;
    await page.locator('#threads tr[data-thread-id]').first().waitFor();
    // Page 1001 has 90 Messenger threads over the four folders.
    await page.waitForFunction(() => document.querySelectorAll('#threads tr[data-thread-id]').length === 90);
    await page.locator('#page-name', { hasText: 'Acme Bikes' }).waitFor();

    const thread = emulator.threads('1001', { folder: 'other', platform: 'MESSENGER' })[3]!;
    const text = 'Browser test: is the red one in stock?';
    emulator.addMessage('1001', thread.id, { text });
    const row = page.locator(`#threads tr[data-thread-id="${thread.id}"].is-changed`, { hasText: text });
    await row.waitFor();
    // Newest first: the thread moved to the top of the list, with an unread badge.
    await expect(page.locator('#threads tr').first().getAttribute('data-thread-id')).resolves.toBe(thread.id);
    await expect(row.locator('.badge').textContent()).resolves.toBe(String(thread.unread_count + 1));
    await page.locator('#activity li', { hasText: text }).waitFor();

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png') });
    expect(Number(await page.locator('#requests').textContent())).toBeGreaterThan(4);
  });

  it('shows a rate limit with its retry countdown, then recovers', async () => {
    const emulator = dashboard.emulator!;
    emulator.inject({ kind: 'graph-error', code: 613, headers: { 'retry-after': '2', 'x-app-usage': '{"call_count":100}' } }, { path: '/conversations' });
    const banner = page.locator('#banner[data-type="retry"]');
    await banner.waitFor();
    await expect(banner.textContent()).resolves.toMatch(/^Rate limited \(code 613\), retrying in [12] s/);
    await banner.waitFor({ state: 'hidden', timeout: 8000 });
  });

  it('never lets the token reach the page', async () => {
    const token = dashboard.emulator!.accessToken;
    expect(await page.content()).not.toContain(token);
    expect(received.length).toBeGreaterThan(5);
    expect(received.filter((r) => r.includes(token))).toEqual([]);
  });
});
