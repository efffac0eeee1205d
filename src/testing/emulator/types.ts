/**
 * Public vocabulary of the Graph emulator: options, page specs, the request log and the
 * thread state it exposes (faults are in faultTypes.ts). Only types live here, so every
 * other module can import them without pulling in code.
 */
import type { Fault } from './faultTypes';
import type { EmulatorWebhookOptions } from './webhookTypes';
import type { JsonForm, PagingForm, Realism } from './realism';

/**
 * A Page inbox folder, as the `folder` query parameter names it.
 *
 * @example
 * ```ts
 * const folder: Folder = 'page_done';
 * ```
 */
export type Folder = 'inbox' | 'other' | 'page_done' | 'spam';

/**
 * Messaging platform of a thread, as the `platform` query parameter names it.
 *
 * @example
 * ```ts
 * const platform: Platform = 'INSTAGRAM';
 * ```
 */
export type Platform = 'MESSENGER' | 'INSTAGRAM';

/**
 * One seeded Page: its id, name, optional linked Instagram professional account, and
 * how many threads to generate per platform and folder.
 *
 * @example
 * ```ts
 * const page: PageSpec = { id: '42', name: 'Bakery', threads: { MESSENGER: { inbox: 100 } } };
 * ```
 */
export interface PageSpec {
  /** Page id, used in paths (`/{page-id}/conversations`). */
  readonly id: string;
  /** Page name, shown as the Page's participant name on Messenger. */
  readonly name: string;
  /** A Page linked to an Instagram professional account also hosts INSTAGRAM threads. */
  readonly instagram?: {
    /** Instagram professional account id (the Page's participant id on Instagram). */
    readonly id: string;
    /** Its username (the Page's participant username on Instagram). */
    readonly username: string;
  };
  /** How many threads to seed per platform and folder (absent means none). */
  readonly threads: Partial<Record<Platform, Partial<Record<Folder, number>>>>;
}

/**
 * Options of {@link startEmulator}. Every field is optional.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator({ seed: 7, appSecret: 'shh', budget: { calls: 10, windowMs: 60_000 } });
 * ```
 */
export interface EmulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  readonly port?: number;
  /** Loopback host to bind: `127.0.0.1` (default), `::1` or `localhost`. */
  readonly host?: string;
  /** Seed of the deterministic data; default 1. */
  readonly seed?: number;
  /** The one valid access token; default `emulator-page-token`. */
  readonly accessToken?: string;
  /** When set, every request must carry `appsecret_proof` = hex HMAC-SHA256(token, key = appSecret), else code 104. */
  readonly appSecret?: string;
  /** Pages to seed; default {@link DEFAULT_PAGES}. */
  readonly pages?: readonly PageSpec[];
  /** Delay added before every response, in ms; default 0. */
  readonly latencyMs?: number;
  /**
   * Enforced quota: more than `calls` requests within a fixed window of `windowMs`
   * answer Graph error `code` (default 613) with usage headers at 100 and
   * `estimated_time_to_regain_access` in minutes. Without it nothing is enforced and the
   * usage headers are computed against a nominal 4800 calls per hour.
   */
  readonly budget?: {
    /** Calls allowed per window. */
    readonly calls: number;
    /** Window length in ms; the window starts at the first call. */
    readonly windowMs: number;
    /** Graph code answered past the budget; default 613 (`realism: 'graph'`: 80006, the Messenger one, with `X-Business-Use-Case-Usage`). */
    readonly code?: number;
  };
  /**
   * Base of the logical clock (ISO, e.g. `2024-03-01T12:00:00+0000`); default the real
   * current time, so a dashboard or a test shows plausible times. Seeded threads are
   * older. Give a fixed start (`FIXED_NOW`) for the same times on every run.
   */
  readonly now?: string;
  /** Post signed Messenger/Instagram webhooks of the mutations (new message, echo of a Page reply, read) to a receiver, after Meta's handshake. */
  readonly webhook?: EmulatorWebhookOptions;
  /**
   * How closely answers copy real Graph responses (GRAPH_API.md, "What real responses
   * show"). `simple` (default): the shapes easiest to read in a test. `graph`: no kinder
   * than Graph: paging links with `until`/`__paging_token` and no `cursors`, a full last
   * page whose `next` leads to `{"data":[]}` with no `paging`, `null` in optional nested
   * fields (`attachments.data[].size`, `shares.data[].id/description/picture`),
   * `unread_count: 0` on some threads and absent on others, ids shaped like today's
   * (`t_` + 15 digits, `m_` + 86 base64url characters, Instagram `aWdfZAG...`), no usage
   * header while usage is 0% and then only `X-Business-Use-Case-Usage` (a Page token's
   * view), an enforced `budget` answered with 80006, 190/2500 bodies without `fbtrace_id`,
   * and JSON written as Graph writes it (`\/`, `\u00e9`, `%` as `\u0025`).
   */
  readonly realism?: Realism;
  /** Paging links: `cursors` (`after=`, the `simple` default) or `tokens` (`until=`/`__paging_token`, no `cursors`, the `graph` default). */
  readonly paging?: PagingForm;
  /** Bodies: `plain` (`JSON.stringify`, the `simple` default) or `graph` (`\/`, `\u00e9`, `%` as `\u0025`, as Graph writes JSON; the `graph` default). */
  readonly json?: JsonForm;
  /**
   * Play graph.instagram.com (Instagram Login, an Instagram user token) for a Page's
   * linked Instagram account: `me` (and the account's id) is that account,
   * `/me/conversations?platform=instagram` lists its Instagram threads (Requests-folder,
   * i.e. `other`, threads inactive for 30 days are left out), `platform=messenger` is
   * refused and Page ids are not nodes. `true` picks the first Page with an Instagram
   * account. Without it, `me` is the first Page (a Page token's `me`).
   */
  readonly instagramLogin?: boolean | { readonly pageId: string };
}

/**
 * One received request, as the request log keeps it. The record is updated in place as
 * the request progresses (`status`, `state`).
 *
 * @example
 * ```ts
 * const record: RequestRecord = await emulator.nextRequest();
 * console.log(record.seq, record.url, record.state);
 * ```
 */
export interface RequestRecord {
  /** 1-based arrival order. */
  readonly seq: number;
  /** HTTP method, upper-case. */
  readonly method: string;
  /** Raw path and query, exactly as received. */
  readonly url: string;
  /** Decoded path, e.g. `/v19.0/t_mid.1460972298060:1e3b60/messages`. */
  readonly path: string;
  /** Query parameters (first value of each). */
  readonly query: Readonly<Record<string, string>>;
  /** Request headers, names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  /** The Page the request is about, when known. */
  readonly pageId?: string;
  /** HTTP status sent, once a response started. */
  readonly status?: number;
  /** Kind of the fault applied to this request, if any. */
  readonly fault?: Fault['kind'];
  /** `pending` until the response is sent (`completed`), the client goes away (`aborted`) or a `reset` fault destroys the socket. */
  readonly state: 'pending' | 'completed' | 'aborted' | 'reset';
}

/**
 * A person or Page in a thread, shaped as Graph returns it: Messenger participants carry
 * `name` and `email`, Instagram ones `username`.
 *
 * @example
 * ```ts
 * const ana: Participant = { name: 'Ana Silva', email: '2481@facebook.com', id: '2481' };
 * ```
 */
export interface Participant {
  /** Page-scoped user id, Page id, or Instagram account id. */
  readonly id: string;
  /** Display name (Messenger). */
  readonly name?: string;
  /** `<id>@facebook.com` (Messenger). */
  readonly email?: string;
  /** Username (Instagram). */
  readonly username?: string;
}

/**
 * A snapshot of one thread as the emulator currently holds it (not a live view).
 * Graph-named fields use Graph's spelling so they compare directly with responses.
 *
 * @example
 * ```ts
 * const [newest]: ThreadState[] = emulator.threads('1001', { folder: 'inbox' });
 * ```
 */
export interface ThreadState {
  /** Thread id, e.g. `t_mid.1460972298060:1e3b607d4aac03ef23` or `t_123...`. */
  readonly id: string;
  /** The Page hosting the thread. */
  readonly pageId: string;
  /** Messenger or Instagram. */
  readonly platform: Platform;
  /** Current folder. */
  readonly folder: Folder;
  /** Time of the newest message, Graph format (`2024-03-01T12:30:05+0000`). */
  readonly updated_time: string;
  /** The thread's `link` field. */
  readonly link: string;
  /** Text of the newest message. */
  readonly snippet: string;
  /** Number of messages. */
  readonly message_count: number;
  /** Kept here even when 0 (the API omits it then). */
  readonly unread_count: number;
  /** The person who started the thread; pass `user.id` as `user_id` to find it. */
  readonly user: Participant;
  /** The person, then the Page (or its Instagram account): Graph's `participants.data`. */
  readonly participants: readonly Participant[];
}
