/**
 * The two other Node clients of the Graph API, pointed at the emulator. See
 * bench/README.md ("How the SDKs reach the emulator") for why each hook is the one used.
 *
 * - facebook-nodejs-business-sdk: every URL it builds starts with the static getter
 *   `FacebookAdsApi.GRAPH` ('https://graph.facebook.com'), read on each call
 *   (`FacebookAdsApi.prototype.call` and `Http.requestPromise`). It is exported and
 *   configurable, so we redefine it to return the emulator's origin. Paging then follows
 *   the emulator's own `paging.next` URLs as the SDK always does.
 * - fb: the host is a template literal inside a private method
 *   (`https://graph.${beta ? 'beta.' : ''}facebook.com/${path}`); the only network option
 *   is `proxy`, which tunnels https through CONNECT. So we hand fb the real `request`
 *   module (its HTTP client) wrapped to rewrite that one origin to the emulator's, by
 *   seeding Node's CommonJS cache before fb is loaded. Everything else runs as shipped.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);

/** The page of the business SDK, the `Page` class of its exports. */
interface SdkCursor extends Array<unknown> {
  hasNext(): boolean;
  next(): Promise<SdkCursor>;
}
interface SdkPage {
  getConversations(fields: string[], params: Record<string, unknown>): Promise<SdkCursor>;
}
interface BusinessSdk {
  FacebookAdsApi: { init(token: string, locale?: string, crashLog?: boolean): unknown; GRAPH: string };
  Page: new (id: string) => SdkPage;
}

let businessSdk: BusinessSdk | undefined;

/** Loads the business SDK with `FacebookAdsApi.GRAPH` returning `origin`. */
export function businessSdkAt(origin: string, accessToken: string): BusinessSdk {
  const sdk = (businessSdk ??= require('facebook-nodejs-business-sdk') as BusinessSdk);
  Object.defineProperty(sdk.FacebookAdsApi, 'GRAPH', { get: () => origin, configurable: true });
  // crash_log = false: no CrashReporter (it would install process handlers and post reports to Meta).
  sdk.FacebookAdsApi.init(accessToken, 'en_US', false);
  if (sdk.FacebookAdsApi.GRAPH !== origin) throw new Error('business SDK: GRAPH override did not take');
  return sdk;
}

/** Walks a Page's conversations with the business SDK: `Page.getConversations` and cursor `next()`. */
export async function walkWithBusinessSdk(sdk: BusinessSdk, pageId: string, fields: string[], limit: number): Promise<number> {
  let cursor = await new sdk.Page(pageId).getConversations(fields, { limit });
  let count = cursor.length;
  while (cursor.hasNext()) {
    cursor = await cursor.next();
    count += cursor.length;
  }
  return count;
}

interface FbClient {
  api(path: string, params?: Record<string, unknown>): Promise<{ data: unknown[]; paging?: { next?: string } }>;
}

const GRAPH_ORIGIN = /^https:\/\/graph\.(?:beta\.)?facebook\.com(?=\/)/;
let fbTarget: string | undefined;
let fbCa: string | undefined;
let fbModule: { Facebook: new (options: Record<string, unknown>) => FbClient } | undefined;

/** Loads `fb` with its `request` module sending `https://graph.facebook.com/...` to `origin` (trusting `ca` when given). */
export function fbAt(origin: string, accessToken: string, ca?: string): FbClient {
  fbTarget = origin;
  fbCa = ca;
  if (fbModule === undefined) {
    const fbEntry = require.resolve('fb');
    const requestPath = require.resolve('request', { paths: [dirname(fbEntry)] });
    const real = require(requestPath) as ((options: { uri: string }, cb: unknown) => unknown) & Record<string, unknown>;
    const rewritten = Object.assign((options: { uri: string }, cb: unknown) => {
      if (fbTarget === undefined) throw new Error('fb: no target');
      // `ca`: trust the bench's self-signed certificate (HTTPS mode); request passes it to its agent.
      return real({ ...options, uri: options.uri.replace(GRAPH_ORIGIN, fbTarget), ...(fbCa === undefined ? {} : { ca: fbCa }) }, cb);
    }, real);
    const cached = require.cache[requestPath];
    if (cached === undefined) throw new Error('fb: request is not in the CommonJS cache');
    cached.exports = rewritten;
    fbModule = require('fb') as typeof fbModule;
  }
  if (fbModule === undefined) throw new Error('fb: not loaded');
  return new fbModule.Facebook({ version: 'v19.0', accessToken });
}

/**
 * Walks a Page's conversations with fb: `api(path, params)`, then for each page
 * `api(<path and query of paging.next>)` (fb parses a query given in the path).
 */
export async function walkWithFb(fb: FbClient, pageId: string, fields: string, limit: number): Promise<number> {
  let page = await fb.api(`${pageId}/conversations`, { fields, limit });
  let count = page.data.length;
  while (page.paging?.next !== undefined) {
    const next = new URL(page.paging.next);
    page = await fb.api(`${next.pathname.slice(1)}${next.search}`);
    count += page.data.length;
  }
  return count;
}
