import { sequenceS } from 'fp-ts/lib/Apply.js';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { map, type Observable, throwError } from 'rxjs';
import { decodeThreadPage } from '../codecs/decode';
import type { Folder, Platform } from '../codecs/filters';
import type { Thread, ThreadField } from '../codecs/thread';
import type { InvalidInputError } from '../errors/invalidInputError';
import { graphGet } from '../graph/client';
import { createGraphClient, type GraphClient, type GraphClientOptions } from '../graph/clientOptions';
import { nextPageUrl, type NextPagePolicy } from './nextPage';
import { paginate, type PageOf } from './paginate';
import { WalkObservable } from './walkObservable';
import { validateFolder, validateLimit, validateNodeId, validatePlatform, validateThreadFields } from './params';

/**
 * Options of {@link conversations$}: how to reach Graph, and which threads to list.
 *
 * @example
 * ```ts
 * const opts: ConversationsOptions = { accessToken: process.env.PAGE_TOKEN ?? '', folder: 'inbox', limit: 50 };
 * ```
 */
export interface ConversationsOptions extends GraphClientOptions {
  /** `inbox` (Graph's default), `other`, `page_done` (archived) or `spam`. */
  folder?: Folder;
  /** `MESSENGER` (Graph's default) or `INSTAGRAM`. */
  platform?: Platform;
  /** Page-scoped id of a person: lists at most that person's thread. */
  userId?: string;
  /** Page size, 1..100. Graph's default is 25. */
  limit?: number;
  /** Thread fields to request; `id` and `updated_time` are always added. Default {@link DEFAULT_THREAD_FIELDS}. */
  fields?: readonly ThreadField[];
}

interface WalkPlan {
  readonly client: GraphClient;
  readonly firstUrl: string;
  readonly policy: NextPagePolicy;
}

/** Only the options Graph was given go into the query, so Graph's own defaults apply. */
function definedParams(params: Record<string, string | number | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) if (value !== undefined) out[name] = String(value);
  return out;
}

function planWalk(pageId: string, opts: ConversationsOptions): E.Either<InvalidInputError, WalkPlan> {
  return pipe(
    sequenceS(E.Apply)({
      client: createGraphClient(opts),
      pageId: validateNodeId('pageId', pageId),
      folder: validateFolder(opts?.folder),
      platform: validatePlatform(opts?.platform),
      userId: opts?.userId === undefined ? E.right(undefined) : validateNodeId('userId', opts.userId),
      limit: validateLimit(opts?.limit),
      fields: validateThreadFields(opts?.fields),
    }),
    E.map(({ client, folder, platform, userId, limit, fields }) => {
      const carry = definedParams({ fields: fields.join(','), limit, folder, platform, user_id: userId });
      return {
        client,
        firstUrl: `${client.baseUrl}/${encodeURIComponent(pageId)}/conversations?${new URLSearchParams(carry).toString()}`,
        policy: { origin: client.origin, carry, redact: client.redact },
      };
    }),
  );
}

const threadId = (thread: Thread) => thread.id;

function threadPage(url: string, plan: WalkPlan): Observable<PageOf<Thread>> {
  return graphGet(url, plan.client).pipe(
    map((response) => {
      const context = { redact: plan.client.redact, url: response.url };
      const page = decodeThreadPage(response.body, context);
      if (page._tag === 'Left') throw page.left;
      // The threads of a page whose `next` is refused are still real: emit, then stop.
      const next = nextPageUrl(page.right.paging?.next, plan.policy);
      const { data: items } = page.right;
      const { usage } = response;
      return next._tag === 'Left' ? { items, next: undefined, refusal: next.left, usage } : { items, next: next.right, usage };
    }),
  );
}

/**
 * The threads of a Page's inbox as a cold, lazy Observable, newest first, following
 * Graph's paging cursors one page at a time.
 *
 * Nothing happens until you subscribe. Each page is requested only after the previous
 * page's threads were emitted, so `take(1)` makes exactly one request; unsubscribing
 * aborts the request in flight and requests nothing more. The walk stops when a page has
 * no `paging.next`. `next` URLs are followed only on `graphUrl`'s origin, without the
 * `access_token` Graph embeds in them, and with every option (and `appsecret_proof`)
 * kept on every page.
 *
 * Errors: bad options fail at once with an `InvalidInputError` and no request; Graph
 * error bodies become `GraphApiError`; network failures, timeouts and non-JSON bodies
 * become `TransportError`; payloads that do not match the codec become `DecodeError`.
 *
 * A thread that gets a new message during a walk moves to the front, so a long walk may
 * see it twice or miss it: dedupe by `id` and diff by `updated_time` (see the operators).
 *
 * @example
 * ```ts
 * import { take } from 'rxjs';
 * import { conversations$ } from 'rx-graph-conversations';
 *
 * conversations$('1001', { accessToken: process.env.PAGE_TOKEN ?? '', folder: 'inbox', limit: 50 })
 *   .pipe(take(10))
 *   .subscribe((thread) => console.log(thread.id, thread.updated_time.toISOString(), thread.snippet));
 * ```
 *
 * @param pageId - the Page id (digits), or `me` with a Page token.
 * @param opts - the access token and what to list.
 * @returns the threads, one emission each.
 */
export function conversations$(pageId: string, opts: ConversationsOptions): WalkObservable<Thread> {
  const planned = planWalk(pageId, opts);
  if (planned._tag === 'Left') {
    const error = planned.left;
    return new WalkObservable(() => throwError(() => error));
  }
  const plan = planned.right;
  return paginate(plan.firstUrl, (url) => threadPage(url, plan), threadId);
}
