import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { type Dashboard, startDashboard } from '../../demo/server';
import { CHROMIUM, requireProgram } from '../support/systemPrograms';

const root = join(__dirname, '..', '..');
const ARTIFACTS = join(root, 'test', 'artifacts');
/** A guard against a hang, not a speed bound: a loaded machine runs a real browser slowly. */
const TIMEOUT = 60_000;

// Headless, no sandbox (the tests may run as root), and no background networking: the
// browser must reach nothing but the dashboard on 127.0.0.1 (a closed network refuses the rest).
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('the dashboard in Chromium', () => {
  let dashboard: Dashboard;
  let browser: BrowserContext;
  let page: Page;
  let profile: string;
  const received: string[] = [];
  /** Requests the browser reports failed: none may, a finished one least of all. */
  const failed: string[] = [];

  beforeAll(async () => {
    const executablePath = requireProgram(CHROMIUM);
    dashboard = await startDashboard({ root, simulate: false, pollMs: 200, fullScanEvery: 3 });
    profile = mkdtempSync(join(tmpdir(), 'dashboard-chromium-'));
    // A persistent context is how Playwright takes a fresh --user-data-dir of our own.
    browser = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: FLAGS, viewport: { width: 1280, height: 900 } });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on('requestfailed', (request) => failed.push(`${request.failure()?.errorText ?? '?'} ${request.url()}`));
    page.on('response', (response) => {
      void response.text().then(
        (text) => received.push(`${response.url()} ${JSON.stringify(response.headers())}\n${text}`),
        () => undefined,
      );
    });
    await page.goto(dashboard.url);
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
  });

  it('renders the threads of every folder, then highlights a new message as it arrives', async () => {
    const emulator = dashboard.emulator!;
    await page.locator('#threads tr[data-thread-id]').first().waitFor();
    // Page 1001 has 90 Messenger threads over the four folders, and 35 Instagram ones.
    await page.waitForFunction(() => document.querySelectorAll('#threads tr[data-thread-id]').length === 125);
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
    // One clock: the new message is "just now" on the server's clock, its full time on hover.
    await expect(row.locator('td.time time').textContent()).resolves.toBe('just now');
    await expect(row.locator('td.time time').getAttribute('title')).resolves.toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    // The unread count is in the tab's title.
    await page.waitForFunction(() => /^\(\d+\) Acme Bikes/.test(document.title));

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png') });
    expect(Number(await page.locator('#requests').textContent())).toBeGreaterThan(4);
  }, TIMEOUT);

  it('shows a rate limit with its retry countdown over the page, without moving it, then recovers', async () => {
    const emulator = dashboard.emulator!;
    const tableTop = () => page.locator('table.threads').evaluate((table) => table.getBoundingClientRect().top);
    const before = await tableTop();
    emulator.inject({ kind: 'graph-error', code: 613, headers: { 'retry-after': '2', 'x-app-usage': '{"call_count":100}' } }, { path: '/conversations' });
    const banner = page.locator('#banner[data-type="retry"]');
    await banner.waitFor();
    await expect(banner.textContent()).resolves.toMatch(/^Rate limited \(code 613\), retrying in [12] s/);
    expect(await tableTop()).toBe(before);
    await banner.waitFor({ state: 'hidden', timeout: 8000 });
    expect(await tableTop()).toBe(before);
  }, TIMEOUT);

  it('shows Instagram threads by username, on their own with the platform switch', async () => {
    await page.locator('#platforms button[data-platform="INSTAGRAM"]').click();
    await page.waitForFunction(() => {
      const rows = Array.from(document.querySelectorAll<HTMLElement>('#threads tr[data-thread-id]'));
      return rows.length === 35 && rows.every((row) => row.dataset.platform === 'INSTAGRAM');
    });
    const names = await page.locator('#threads tr .name').allTextContents();
    expect(names.every((name) => /^@[\w.]+$/.test(name))).toBe(true);
    // The Page's own account is not a customer.
    expect(names).not.toContain('@acme.bikes');
    await expect(page.locator('#threads tr .platform').first().textContent()).resolves.toBe('Instagram');
    await page.locator('#platforms button[data-platform="all"]').click();
    await page.waitForFunction(() => document.querySelectorAll('#threads tr[data-thread-id]').length === 125);
  }, TIMEOUT);

  it('narrows the list by a search on names and messages, and to unread threads', async () => {
    const emulator = dashboard.emulator!;
    const thread = emulator.threads('1001', { folder: 'inbox', platform: 'INSTAGRAM' })[2]!;
    const username = thread.participants[0]!.username!;
    await page.locator('#search').fill(username.toUpperCase());
    await page.waitForFunction((id) => {
      const rows = document.querySelectorAll<HTMLElement>('#threads tr[data-thread-id]');
      return rows.length >= 1 && Array.from(rows).some((row) => row.dataset.threadId === id);
    }, thread.id);
    await page.locator('#search').fill('');
    await page.locator('#unread-only').check();
    await page.waitForFunction(() => Array.from(document.querySelectorAll('#threads tr[data-thread-id]')).every((row) => row.classList.contains('is-unread')));
    expect(await page.locator('#threads tr[data-thread-id]').count()).toBeGreaterThan(0);
    await page.locator('#unread-only').uncheck();
    await page.waitForFunction(() => document.querySelectorAll('#threads tr[data-thread-id]').length === 125);
  }, TIMEOUT);

  it.each([
    [1280, 900],
    [390, 844],
  ])('fits every column at %i px: nothing clipped, nothing beyond the screen', async (width, height) => {
    await page.setViewportSize({ width, height });
    // Laid out for the new width: the table's header shows on a desktop, not on a phone.
    await page.waitForFunction((phone) => {
      const head = document.querySelector('table.threads thead');
      return head !== null && (getComputedStyle(head).display === 'none') === phone;
    }, width < 640);
    const problems = await page.evaluate(() => {
      const viewport = document.documentElement.clientWidth;
      const found: string[] = [];
      if (document.documentElement.scrollWidth > viewport) found.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${viewport}`);
      const inbox = document.querySelector<HTMLElement>('.inbox')!;
      if (inbox.scrollWidth > inbox.clientWidth) found.push(`the thread panel is wider than it shows: ${inbox.scrollWidth} > ${inbox.clientWidth}`);
      const rows = Array.from(document.querySelectorAll('#threads tr')).slice(0, 15);
      const cells = [...Array.from(document.querySelectorAll('table.threads th')), ...rows.flatMap((row) => Array.from(row.children))];
      for (const cell of cells) {
        // Not laid out (a phone's hidden header, the count column): not a column to fit.
        if (cell.getClientRects().length === 0) continue;
        const name = `${cell.tagName.toLowerCase()}.${cell.className}`;
        const box = cell.getBoundingClientRect();
        if (box.width < 1 || box.height < 1) found.push(`${name} has no room`);
        if (box.left < 0 || box.right > viewport + 0.5) found.push(`${name} reaches past the screen: ${box.left}..${box.right}`);
        if (cell.scrollWidth > cell.clientWidth + 1) found.push(`${name} cuts its content: ${cell.scrollWidth} > ${cell.clientWidth}`);
        for (const part of Array.from(cell.querySelectorAll('*'))) {
          const inner = part.getBoundingClientRect();
          if (inner.width > 0 && (inner.left < box.left - 0.5 || inner.right > box.right + 0.5)) found.push(`${name} > ${part.className} sticks out`);
        }
      }
      // On a phone the columns collapse into a card; each part of a thread still shows.
      for (const row of rows) {
        for (const part of ['who', 'where', 'snippet', 'time']) {
          const cell = row.querySelector<HTMLElement>(`td.${part}`);
          if (cell === null || getComputedStyle(cell).display === 'none') found.push(`a row lost its ${part}`);
        }
      }
      return found;
    });
    expect(problems).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
  }, TIMEOUT);

  it('opens a conversation read-only, newest first, and reads older messages only on scroll', async () => {
    const emulator = dashboard.emulator!;
    const thread = emulator.threads('1001', { folder: 'inbox', platform: 'MESSENGER' }).find((t) => t.message_count > 20)!;
    emulator.clearRequests();
    const messageRequests = () => emulator.requests.filter((r) => r.path.endsWith('/messages')).length;
    await page.locator(`#threads tr[data-thread-id="${thread.id}"]`).click();
    await page.locator(`#conversation[data-thread-id="${thread.id}"]`).waitFor();
    await page.locator('#conversation-status[data-status="more"]').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('#conversation-messages li').length === 20);
    // Two frames later the drawer has looked whether its end is in view: it is not.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    expect(messageRequests()).toBe(1);
    const first = page.locator('#conversation-messages li').first();
    await expect(first.locator('.bubble').textContent()).resolves.toBe(thread.snippet);
    const times = async () => page.locator('#conversation-messages li time').evaluateAll((els) => els.map((e) => Date.parse((e as HTMLTimeElement).dateTime)));
    await page.locator('#conversation-scroll').evaluate((scroll) => scroll.scrollTo(0, scroll.scrollHeight));
    await page.waitForFunction(() => document.querySelectorAll('#conversation-messages li').length > 20);
    expect(messageRequests()).toBeGreaterThanOrEqual(2);
    const seen = await times();
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
    // Read-only: nothing to type into, nothing sent.
    expect(await page.locator('#conversation textarea, #conversation input').count()).toBe(0);
    expect(emulator.requests.every((r) => r.method === 'GET')).toBe(true);
    await page.keyboard.press('Escape');
    await page.locator('#conversation').waitFor({ state: 'hidden' });
  }, TIMEOUT);

  it('never lets the token reach the page', async () => {
    const token = dashboard.emulator!.accessToken;
    expect(await page.content()).not.toContain(token);
    expect(received.length).toBeGreaterThan(5);
    expect(received.filter((r) => r.includes(token))).toEqual([]);
  }, TIMEOUT);

  it('lets every request finish: none shows as failed or aborted', () => {
    expect(received.length).toBeGreaterThan(5);
    expect(failed).toEqual([]);
  }, TIMEOUT);
});
