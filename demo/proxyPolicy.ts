/**
 * What the dashboard proxy agrees to forward with the real token: the requests the page
 * makes, nothing else. Anything the proxy forwards runs with the Page token, so an open
 * proxy would let any local page (or any path) read other Pages' tokens (`/me/accounts`),
 * change subscriptions (`?method=post`), or delete things. Pure.
 */
import { FOLDERS, PLATFORMS } from '../src/index';
import { MESSAGE_FIELDS, THREAD_FIELDS } from '../src/codecs/index';

/** Where the proxy is mounted on the dashboard server. */
export const PROXY_PREFIX = '/graph';

/** A request the proxy forwards: the Graph path (under Graph's prefix) and its query, without the token. */
export interface Allowed {
  readonly allowed: true;
  /** `/v19.0/1001/conversations`, segments encoded. */
  readonly path: string;
  readonly query: URLSearchParams;
}

/** A request the proxy refuses, with a reason safe to show (it never echoes a value from the request). */
export interface Refused {
  readonly allowed: false;
  readonly reason: string;
}

export type Verdict = Allowed | Refused;

const refuse = (reason: string): Refused => ({ allowed: false, reason });

// -------------------------------------------------------------------------------------
// who is asking
// -------------------------------------------------------------------------------------

/**
 * Refuses requests another site makes through the user's browser. The page's own
 * `fetch` is `Sec-Fetch-Site: same-origin` (or, from older browsers, no header at all);
 * `same-site` is refused too, since every other port on 127.0.0.1 is the same site. An
 * `Origin` must be the server's own (`publicBase`); `null` (sandboxed frames, file://)
 * is not.
 */
export function crossSiteRefusal(headers: Readonly<Record<string, string | string[] | undefined>>, publicBase: string): Refused | undefined {
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return refuse('The dashboard proxy answers its own page only (Sec-Fetch-Site)');
  const origin = headers.origin;
  if (origin !== undefined && origin !== publicBase) return refuse('The dashboard proxy answers its own page only (Origin)');
  return undefined;
}

// -------------------------------------------------------------------------------------
// which path
// -------------------------------------------------------------------------------------

const VERSION = /^v\d{1,2}\.\d{1,2}$/;
/** Thread ids as Graph writes them: `t_` (Messenger) or `aWdfZAG` (Instagram), with dots and colons. */
const THREAD_ID = /^(t_|aWdfZAG)[A-Za-z0-9_.:-]{1,256}$/;

type Edge = 'conversations' | 'messages';

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * `/{version}/{pageId}/conversations` of the configured Page, or `/{version}/{thread-id}/messages`,
 * with the path rebuilt from its decoded segments (so what is forwarded is what was checked).
 */
function edgeOf(pathname: string, pageId: string): { readonly edge: Edge; readonly path: string } | undefined {
  const segments = pathname.split('/').slice(1).map(decodeSegment);
  if (segments.length !== 3) return undefined;
  const [version, node, edge] = segments;
  if (version === undefined || node === undefined || !VERSION.test(version)) return undefined;
  const path = `/${version}/${encodeURIComponent(node)}/${edge ?? ''}`;
  if (edge === 'conversations' && node === pageId) return { edge, path };
  if (edge === 'messages' && THREAD_ID.test(node)) return { edge, path };
  return undefined;
}

// -------------------------------------------------------------------------------------
// which parameters
// -------------------------------------------------------------------------------------

const KNOWN_THREAD_FIELDS: ReadonlySet<string> = new Set(THREAD_FIELDS);
const KNOWN_MESSAGE_FIELDS: ReadonlySet<string> = new Set(MESSAGE_FIELDS);
const FOLDER_VALUES: ReadonlySet<string> = new Set(FOLDERS);
const PLATFORM_VALUES: ReadonlySet<string> = new Set(PLATFORMS);

const names = (list: string, known: ReadonlySet<string>) => list.split(',').every((name) => known.has(name));

/** `messages`, `messages.limit(5)`, `messages{id,message}`, `messages.limit(5){id,message}`: what `messagesField` renders. */
const NESTED_MESSAGES = /^messages(?:\.limit\(\d{1,3}\))?(?:\{([a-z_,]{1,400})\})?$/;

/** A thread field list as the library renders it: known names, and at most a nested messages selection of known message fields. */
function threadFieldsOk(value: string): boolean {
  // Top-level commas only: the ones inside `{...}` belong to the nested selection.
  return value.split(/,(?![^{]*\})/).every((item) => {
    if (KNOWN_THREAD_FIELDS.has(item)) return true;
    const nested = NESTED_MESSAGES.exec(item);
    return nested !== null && (nested[1] === undefined || names(nested[1], KNOWN_MESSAGE_FIELDS));
  });
}

/** Opaque paging values Graph hands out (cursors, `__paging_token`): base64url-ish, bounded. */
const OPAQUE = /^[A-Za-z0-9_\-=.:%]{1,2048}$/;
const WHOLE = /^\d{1,16}$/;

type Check = (value: string) => boolean;

const PAGING = {
  limit: (v) => /^\d{1,3}$/.test(v),
  after: (v) => OPAQUE.test(v),
  before: (v) => OPAQUE.test(v),
  until: (v) => WHOLE.test(v),
  since: (v) => WHOLE.test(v),
  __paging_token: (v) => OPAQUE.test(v),
  __previous: (v) => v === '1',
  pretty: (v) => v === '0' || v === '1',
} satisfies Record<string, Check>;

/** The parameters the page sends, and those Graph's own `paging.next` URLs carry. */
const PARAMETERS: Readonly<Record<Edge, ReadonlyMap<string, Check>>> = {
  conversations: new Map(Object.entries({
    ...PAGING,
    folder: (v: string) => FOLDER_VALUES.has(v),
    platform: (v: string) => PLATFORM_VALUES.has(v.toUpperCase()),
    user_id: (v: string) => /^\d{1,32}$/.test(v),
    fields: (v: string) => v.length <= 2000 && threadFieldsOk(v),
  })),
  messages: new Map(Object.entries({
    ...PAGING,
    fields: (v: string) => v.length <= 2000 && names(v, KNOWN_MESSAGE_FIELDS),
  })),
};

/** The query to forward: every parameter known for the edge, once, with a value of the right shape; the token dropped. */
function checkedQuery(search: URLSearchParams, edge: Edge): URLSearchParams | Refused {
  const allowed = PARAMETERS[edge];
  const query = new URLSearchParams();
  for (const [name, value] of search) {
    // The token travels in the proxy's header; a browser-side one (a placeholder) is dropped.
    if (name === 'access_token') continue;
    const check = allowed.get(name);
    if (check === undefined) return refuse(`The dashboard proxy does not forward this parameter on the ${edge} edge`);
    if (query.has(name)) return refuse('The dashboard proxy does not forward a parameter given twice');
    if (!check(value)) return refuse(`The dashboard proxy does not forward this value of ${name}`);
    query.set(name, value);
  }
  return query;
}

// -------------------------------------------------------------------------------------
// the verdict
// -------------------------------------------------------------------------------------

/**
 * Whether a proxied request (`/graph/v19.0/1001/conversations?limit=2`) is one the page
 * makes: the conversations edge of the configured Page, or a thread's messages edge,
 * with the parameters the library sends and Graph's `paging.next` carries. Method
 * overrides (`method=post`) and every other path or parameter are refused.
 */
export function proxiedRequest(requestUrl: string, pageId: string): Verdict {
  const incoming = new URL(requestUrl, 'http://proxy.invalid');
  if (!incoming.pathname.startsWith(`${PROXY_PREFIX}/`)) return refuse('Not a Graph path');
  const target = edgeOf(incoming.pathname.slice(PROXY_PREFIX.length), pageId);
  if (target === undefined) return refuse("The dashboard proxy forwards only the Page's conversations and its threads' messages");
  const query = checkedQuery(incoming.searchParams, target.edge);
  return query instanceof URLSearchParams ? { allowed: true, path: target.path, query } : query;
}
