/**
 * What a {@link PageInboxService} reads, and how often: the configuration, its injection
 * token and its defaults.
 */
import { InjectionToken } from '@angular/core';
import type { Folder } from 'rx-graph-conversations';

/**
 * The Page inbox to watch, through your backend's Graph proxy. Only `pageId` and
 * `proxyUrl` are required. There is no token here on purpose: a Page access token in the
 * browser lets anyone who loads the app act as the Page (read and answer every
 * conversation, for as long as the token lives). The proxy adds it on the server
 * (`server/inbox-proxy.ts`).
 *
 * @example
 * ```ts
 * const config: PageInboxConfig = { pageId: '1001', proxyUrl: '/graph', folders: ['inbox', 'other'], pollIntervalMs: 30_000 };
 * ```
 */
export interface PageInboxConfig {
  /** The Page id (digits): the one Page the proxy serves. */
  readonly pageId: string;
  /**
   * Your backend's Graph proxy, which adds the Page token on the server: a path on the
   * app's own origin (`/graph`, resolved against the document's base URL) or an absolute
   * URL (`https://app.example.com/graph`; tests give the proxy's). The browser sends no
   * token: the requests carry a placeholder the proxy replaces.
   */
  readonly proxyUrl: string;
  /** The folders to watch, each polled on its own. Default `['inbox']`. */
  readonly folders?: readonly Folder[];
  /** Pause between the end of one poll (of every folder) and the start of the next, in ms. Default 30000. */
  readonly pollIntervalMs?: number;
  /** Threads per request, 1..100. Default 25: a quiet poll then costs one small request per folder. */
  readonly limit?: number;
  /** Every `fullScanEvery`-th poll reads every folder whole, to find removed and moved threads. Default 10. */
  readonly fullScanEvery?: number;
  /** Called when a poll (number `poll`) fails with a retryable error (rate limit, 5xx, network); it is tried again after `pollIntervalMs`. */
  readonly onPollError?: (error: unknown, poll: number) => void;
}

/**
 * The injection token {@link PageInboxService} reads its {@link PageInboxConfig} from;
 * `providePageInbox(config)` provides it.
 *
 * @example
 * ```ts
 * import { inject, type Provider } from '@angular/core';
 * import { AppSettings } from './app-settings.service'; // your app's, holding its backend's URLs
 * import { PageInboxService } from './page-inbox.service';
 *
 * const providers: Provider[] = [{ provide: PAGE_INBOX_CONFIG, useFactory: () => ({ pageId: '1001', proxyUrl: inject(AppSettings).graphProxyUrl() }) }, PageInboxService];
 * ```
 */
export const PAGE_INBOX_CONFIG = new InjectionToken<PageInboxConfig>('PAGE_INBOX_CONFIG');

/**
 * What the browser sends as its access token: nothing secret. The library needs a token
 * to send; the proxy drops this one and sends the Page token from the server instead.
 */
export const PROXY_PLACEHOLDER_TOKEN = 'added-by-the-graph-proxy';

/** The configuration with its defaults applied, each folder once, and what the library is given. */
export type PageInboxSettings = Required<Omit<PageInboxConfig, 'proxyUrl' | 'onPollError'>> &
  Pick<PageInboxConfig, 'onPollError'> & {
    /** The proxy, as an absolute URL when it could be resolved (the library checks it on subscribe). */
    readonly graphUrl: string;
    /** {@link PROXY_PLACEHOLDER_TOKEN}. */
    readonly accessToken: string;
  };

/** `/graph` against the document's base URL; an absolute URL as is; anything else left for the library to reject. */
function resolveProxyUrl(proxyUrl: string): string {
  const base = typeof document === 'undefined' ? undefined : document.baseURI;
  try {
    return new URL(proxyUrl, base).href.replace(/\/+$/, '');
  } catch {
    return proxyUrl;
  }
}

/** Applies the defaults; the library checks every value when the polling starts (an `InvalidInputError` naming the option). */
export function pageInboxSettings(config: PageInboxConfig): PageInboxSettings {
  const { proxyUrl, ...rest } = config;
  return {
    ...rest,
    graphUrl: resolveProxyUrl(proxyUrl),
    accessToken: PROXY_PLACEHOLDER_TOKEN,
    folders: [...new Set<Folder>(config.folders ?? ['inbox'])],
    pollIntervalMs: config.pollIntervalMs ?? 30_000,
    limit: config.limit ?? 25,
    fullScanEvery: config.fullScanEvery ?? 10,
  };
}
