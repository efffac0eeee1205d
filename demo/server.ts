/**
 * The dashboard server: the page, its bundle and config, and the Graph proxy, on
 * 127.0.0.1. Without a token it starts the emulator (and, unless told not to, the
 * simulator); with one it proxies the real Graph API.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Folder, FOLDERS, type Platform, PLATFORMS } from '../src/index';
import { DEFAULT_PAGES, type Emulator, startEmulator } from '../src/testing/index';
import { bundleDashboard, type DashboardBundle } from './bundle';
import { createGraphProxy, PROXY_PREFIX } from './proxy';
import { type Simulator, type SimulatorOptions, startSimulator } from './simulator';
import type { DashboardConfig, InboxConfig } from './web/pipeline';
import { startWebhookRelay, type WebhookRelay } from './webhookRelay';

export interface DashboardOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number;
  /** The Page to show. Default: the emulator's first Page (1001); required with a token. */
  readonly pageId?: string;
  /** Graph's url when `token` is given. Default `https://graph.facebook.com`. */
  readonly graphUrl?: string;
  /** A real Page access token: show the real Graph API instead of the emulator. */
  readonly token?: string;
  /** Run the activity simulator (emulator only). Default true. */
  readonly simulate?: boolean | Omit<SimulatorOptions, 'pageId'>;
  /** Pause between polls of each folder, in ms. Default 2000 on the emulator, 30000 on Graph, 300000 with `webhooks`. */
  readonly pollMs?: number;
  /** Emulator only: it posts signed webhooks to a receiver here, and each one makes the page poll now; `pollMs` is then the reconciliation. */
  readonly webhooks?: boolean;
  /** Every how many polls a folder is walked in full (finds moves and removals). Default 5. */
  readonly fullScanEvery?: number;
  /**
   * The inboxes to show. Default: on the emulator, those the Page has threads in; on
   * Graph, Messenger and Instagram (a Page without an Instagram account then shows
   * Instagram's error: pass `['MESSENGER']`).
   */
  readonly platforms?: readonly Platform[];
  /** Threads per page. Default 25. */
  readonly limit?: number;
  /** The project root (where demo/web is). Default the current directory. */
  readonly root?: string;
}

export interface Dashboard {
  /** Where the page is, e.g. `http://127.0.0.1:4173`. */
  readonly url: string;
  /** The emulator, when the dashboard runs on it (tests add messages through it). */
  readonly emulator: Emulator | undefined;
  /** What the page gets as /config.json. */
  readonly config: DashboardConfig;
  /** The browser bundle, with the list of its inputs. */
  readonly bundle: DashboardBundle;
  /** Stops the simulator, the server (open connections too) and the emulator. Idempotent. */
  close(): Promise<void>;
}

/** Hosts the page may be reached as: loopback only, so a rebound DNS name cannot use the proxy's token. */
const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\]):\d+$/;

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

interface Assets {
  readonly html: string;
  readonly css: string;
}

/**
 * The folders polled per platform. Instagram's inbox has a primary and a general part
 * (`inbox`, `other`); Meta documents no "done" or spam folder for it, so none is asked.
 */
const PLATFORM_FOLDERS: Readonly<Record<Platform, readonly Folder[]>> = { MESSENGER: FOLDERS, INSTAGRAM: ['inbox', 'other'] };

function inboxesOf(platforms: readonly Platform[]): InboxConfig[] {
  return platforms.map((platform) => ({ platform, folders: PLATFORM_FOLDERS[platform] }));
}

async function loadAssets(root: string): Promise<Assets> {
  const web = join(root, 'demo', 'web');
  const [html, css] = await Promise.all([readFile(join(web, 'index.html'), 'utf8'), readFile(join(web, 'styles.css'), 'utf8')]);
  return { html, css };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

type Handler = (req: IncomingMessage, res: ServerResponse, publicBase: string) => Promise<void> | void;

function staticFile(type: string, body: () => string): Handler {
  return (_req, res) => {
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': type });
    res.end(body());
  };
}

/** Starts everything the dashboard needs; the page is at the returned `url`. */
export async function startDashboard(options: DashboardOptions = {}): Promise<Dashboard> {
  const root = options.root ?? process.cwd();
  const real = options.token !== undefined && options.token !== '';
  if (real && (options.pageId === undefined || options.pageId === '')) throw new Error('A Page id (--page) is needed with a Graph token');

  const [assets, bundle] = await Promise.all([loadAssets(root), bundleDashboard(root)]);
  if (real && options.webhooks === true) throw new Error('--webhooks runs on the emulator; for a real Page, see the README recipe "Live inbox on webhooks"');
  const relay: WebhookRelay | undefined = options.webhooks === true ? await startWebhookRelay() : undefined;
  const webhook = relay === undefined ? undefined : { url: relay.url, appSecret: relay.appSecret, verifyToken: relay.verifyToken };
  // The emulator's clock starts now, so its times read as they would on Graph.
  const emulator = real ? undefined : await startEmulator({ now: new Date().toISOString(), webhook }).catch(async (error: unknown) => {
    await relay?.close();
    throw error;
  });
  const closeEmulator = async () => {
    await emulator?.close();
    await relay?.close();
  };
  const pageId = options.pageId ?? emulator?.pageIds[0] ?? '';
  if (emulator !== undefined && !emulator.pageIds.includes(pageId)) {
    await closeEmulator();
    throw new Error(`The emulator has no Page ${pageId}; try one of ${emulator.pageIds.join(', ')}`);
  }
  const graphUrl = real ? (options.graphUrl ?? 'https://graph.facebook.com') : (emulator as Emulator).url;
  const token = real ? (options.token as string) : (emulator as Emulator).accessToken;

  const config: DashboardConfig = {
    pageId,
    pollMs: options.pollMs ?? (relay !== undefined ? 300_000 : real ? 30_000 : 2000),
    fullScanEvery: options.fullScanEvery ?? 5,
    limit: options.limit ?? 25,
    source: real ? new URL(graphUrl).host : 'Graph emulator',
    webhooks: relay !== undefined,
    inboxes: inboxesOf(options.platforms ?? (emulator === undefined ? PLATFORMS : PLATFORMS.filter((platform) => emulator.threads(pageId, { platform }).length > 0))),
  };
  const proxy = createGraphProxy({ graphUrl, token, pageId });
  const routes: Record<string, Handler> = {
    '/': staticFile('text/html; charset=UTF-8', () => assets.html),
    '/index.html': staticFile('text/html; charset=UTF-8', () => assets.html),
    '/styles.css': staticFile('text/css; charset=UTF-8', () => assets.css),
    '/app.js': staticFile('text/javascript; charset=UTF-8', () => bundle.js),
    '/app.js.map': staticFile('application/json; charset=UTF-8', () => bundle.map),
    '/config.json': staticFile('application/json; charset=UTF-8', () => JSON.stringify(config)),
  };
  if (relay !== undefined) {
    const instagram = DEFAULT_PAGES.find((page) => page.id === pageId)?.instagram?.id;
    routes['/webhook-events'] = relay.signals(instagram === undefined ? [pageId] : [pageId, instagram]);
  }

  const server = createServer((req, res) => {
    const host = req.headers.host ?? '';
    if (!LOOPBACK_HOST.test(host)) {
      res.writeHead(421, { 'content-type': 'text/plain' });
      res.end('The dashboard answers on 127.0.0.1 or localhost only');
      return;
    }
    const publicBase = `http://${host}`;
    const path = new URL(req.url ?? '/', publicBase).pathname;
    const handler = path.startsWith(`${PROXY_PREFIX}/`) ? proxy : routes[path];
    if (handler === undefined) {
      res.writeHead(404, { ...SECURITY_HEADERS, 'content-type': 'text/plain' });
      res.end('Not found');
      return;
    }
    Promise.resolve(handler(req, res, publicBase)).catch(() => res.destroy());
  });

  let port: number;
  try {
    port = await listen(server, options.port ?? 0);
  } catch (error) {
    await closeEmulator();
    throw error;
  }

  const simulate = options.simulate ?? true;
  const simulator: Simulator | undefined =
    emulator !== undefined && simulate !== false ? startSimulator(emulator, { ...(typeof simulate === 'object' ? simulate : {}), pageId }) : undefined;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    emulator,
    config,
    bundle,
    close: () =>
      (closing ??= (async () => {
        simulator?.stop();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await closeEmulator();
      })()),
  };
}
