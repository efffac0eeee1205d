/**
 * The walk's contenders, each one function that walks the bench Page's conversations and
 * counts the threads: the library (lazy, and with `prefetch: 1`), the baselines of
 * raw.ts, the library's per-page steps alone (stepsLoop.ts), the two SDKs. Every client
 * asks for the same fields and limit. Built inside the process that runs the contender
 * (see contenderProcess.ts).
 */
import { globalAgent } from 'node:https';
import type { Subscribable } from 'rxjs';
import crossFetch from 'cross-fetch';
import { conversations$, DEFAULT_THREAD_FIELDS, type ConversationsOptions } from '../src/index';
import { renderThreadFields } from '../src/codecs/fields';
import { createGraphClient, type GraphClient } from '../src/graph/client';
import { getOn, getWith, rawNodeHttp, rawNodeHttpPrefetch, rawOnTransport, type RawGet } from './raw';
import { stepsLoop, type Step } from './stepsLoop';
import { businessSdkAt, fbAt, walkWithBusinessSdk, walkWithFb } from './sdks';

export type Contender = 'raw' | 'rawControl' | 'stepsLoop' | 'rawCrossFetch' | 'rawNodeHttp' | 'rawPrefetch' | 'library' | 'libraryPrefetch' | 'businessSdk' | 'fb';

/** The Page every walk bench lists. */
export const PAGE_ID = '1001';

/** The library's default field list, rendered; every client requests exactly this. */
export const FIELDS = renderThreadFields(DEFAULT_THREAD_FIELDS);

/** Whether this build of the library has the opt-in prefetch (see ConversationsOptions). */
export const PREFETCH = 'prefetch' satisfies string;

/** A `conversations$`: this checkout's, or another build's (`compare.ts`). */
export type WalkSource = (pageId: string, opts: ConversationsOptions) => Subscribable<unknown>;

/** The library: decoded threads, counted as they are emitted. */
export function libraryWalk(url: string, accessToken: string, pageId: string, limit: number, extra: Partial<ConversationsOptions> = {}, source: WalkSource = conversations$): Promise<number> {
  return new Promise((resolve, reject) => {
    let count = 0;
    source(pageId, { accessToken, graphUrl: url, limit, ...extra }).subscribe({
      next: () => {
        count += 1;
      },
      error: reject,
      complete: () => resolve(count),
    });
  });
}

/** Where a contender walks: the server's origin, its token, the page size, the certificate to trust (HTTPS). */
export interface WalkTarget {
  readonly origin: string;
  readonly accessToken: string;
  readonly limit: number;
  readonly ca?: string | undefined;
  /** The steps loop's steps left out (`bench:instructions --steps`); ignored by every other contender. */
  readonly stepsWithout?: ReadonlySet<Step> | undefined;
}

/** The first page's URL, as the raw loops and the SDK-free baselines request it. */
export const walkFirstUrl = (origin: string, limit: number): string => `${origin}/v19.0/${PAGE_ID}/conversations?${new URLSearchParams({ fields: FIELDS, limit: String(limit) })}`;

/** A library client pointed at the server (the paging-URL check needs its origin), and its own Node transport as a raw loop's `get`. */
function onLibraryTransport(name: Contender, accessToken: string, origin: string): { readonly client: GraphClient; readonly get: RawGet } {
  const client = createGraphClient({ accessToken, graphUrl: origin });
  if (client._tag === 'Left') throw client.left;
  const transport = client.right.direct;
  if (transport === undefined) throw new Error(`${name}: the library has no Node transport here`);
  return { client: client.right, get: getOn(transport) };
}

/** One contender's walk, ready to run again and again; it resolves with the threads counted. */
export function contenderWalk(name: Contender, { origin, accessToken, limit, ca, stepsWithout }: WalkTarget): () => Promise<number> {
  // Trust the bench's certificate the way each client allows: the global agent (node:https,
  // cross-fetch, axios) and fb's `request` options.
  if (ca !== undefined) globalAgent.options.ca = ca;
  const first = walkFirstUrl(origin, limit);
  switch (name) {
    // The control is the raw loop again, in a process of its own: the A/A pair that shows
    // how far two processes of the same code read apart (see walk.ts).
    case 'raw':
    case 'rawControl': {
      const { get } = onLibraryTransport(name, accessToken, origin);
      return () => rawOnTransport(get, first, accessToken);
    }
    case 'stepsLoop': {
      const { client, get } = onLibraryTransport(name, accessToken, origin);
      return () => stepsLoop(get, first, client, stepsWithout);
    }
    case 'rawCrossFetch': {
      const get = getWith(crossFetch);
      return () => rawOnTransport(get, first, accessToken);
    }
    case 'rawNodeHttp':
      return () => rawNodeHttp(first, accessToken);
    case 'rawPrefetch':
      return () => rawNodeHttpPrefetch(first, accessToken);
    case 'library':
      return () => libraryWalk(origin, accessToken, PAGE_ID, limit);
    case 'libraryPrefetch':
      return () => libraryWalk(origin, accessToken, PAGE_ID, limit, { [PREFETCH]: 1 } as Partial<ConversationsOptions>);
    case 'businessSdk': {
      const sdk = businessSdkAt(origin, accessToken);
      return () => walkWithBusinessSdk(sdk, PAGE_ID, FIELDS.split(','), limit);
    }
    case 'fb': {
      const fb = fbAt(origin, accessToken, ca);
      return () => walkWithFb(fb, PAGE_ID, FIELDS, limit);
    }
  }
}
