/**
 * What a {@link PageInboxService} reads, and how often: the configuration, its injection
 * token and its defaults.
 */
import { InjectionToken } from '@angular/core';
import type { Folder } from 'rx-graph-conversations';

/**
 * The Page inbox to watch. Only `pageId` and `accessToken` are required.
 *
 * @example
 * ```ts
 * import { environment } from './environments/environment';
 *
 * const config: PageInboxConfig = { pageId: '1001', accessToken: environment.pageToken, folders: ['inbox', 'other'], pollIntervalMs: 30_000 };
 * ```
 */
export interface PageInboxConfig {
  /** The Page id (digits), or `me` with a Page token. */
  readonly pageId: string;
  /** A Page access token. Sent as `Authorization: Bearer`, never in a URL or an error. */
  readonly accessToken: string;
  /** The Graph origin. Default `https://graph.facebook.com`; tests give the emulator's `url`. */
  readonly graphUrl?: string;
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
 * import { AuthService } from './auth.service'; // your app's, holding the user's Page token
 * import { PageInboxService } from './page-inbox.service';
 *
 * const providers: Provider[] = [{ provide: PAGE_INBOX_CONFIG, useFactory: () => ({ pageId: '1001', accessToken: inject(AuthService).pageToken() }) }, PageInboxService];
 * ```
 */
export const PAGE_INBOX_CONFIG = new InjectionToken<PageInboxConfig>('PAGE_INBOX_CONFIG');

/** The configuration with its defaults applied, and each folder once. */
export type PageInboxSettings = Required<Omit<PageInboxConfig, 'graphUrl' | 'onPollError'>> & Pick<PageInboxConfig, 'graphUrl' | 'onPollError'>;

/** Applies the defaults; the library checks every value when the polling starts (an `InvalidInputError` naming the option). */
export function pageInboxSettings(config: PageInboxConfig): PageInboxSettings {
  return {
    ...config,
    folders: [...new Set<Folder>(config.folders ?? ['inbox'])],
    pollIntervalMs: config.pollIntervalMs ?? 30_000,
    limit: config.limit ?? 25,
    fullScanEvery: config.fullScanEvery ?? 10,
  };
}
