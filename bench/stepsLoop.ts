/**
 * The library's per-page steps alone, in a flat loop on the raw loop's transport: the
 * scrubbing parse (`client.parse`), the walk's page decoder, the progress and dedupe judge
 * (`distinctJudge` over a `HashSet`), the paging-URL check (`nextPageUrl`), and nothing
 * else: no RxJS, no request object, no timer, no abort. The floor of what the library owes
 * every page before it may ask for the next one (typed threads, walks that end, no token
 * kept). Against `raw` it reads what those steps cost; the library against it, what its
 * machinery costs on top (see walk.ts's pairs).
 *
 * `without` leaves steps out, one at a time in `bench:instructions --steps`: the loop
 * without a step, against the whole loop, is what that step costs (a left-out parse is a
 * plain JSON.parse, a left-out decode hands the parsed items on as they are, a left-out
 * check follows `next` as it stands). Never left out in the timed bench.
 */
import { threadCodecFor } from '../src/codecs/fields';
import { pageDecoder } from '../src/conversations/edgeWalk';
import { HashSet } from '../src/conversations/keySet';
import { nextPageUrl } from '../src/conversations/nextPage';
import { distinctJudge } from '../src/conversations/progress';
import type { GraphClient } from '../src/graph/client';
import { DEFAULT_THREAD_FIELDS } from '../src/index';
import type { RawGet } from './raw';

/** The steps the loop takes per page, by the names `without` takes. */
export const STEPS = ['scrub', 'decode', 'judge', 'pagingUrl'] as const;
export type Step = (typeof STEPS)[number];

const decodePage = pageDecoder(threadCodecFor(DEFAULT_THREAD_FIELDS), 'conversations page');

/** A page as JSON.parse gives it, for a loop that does not decode. */
interface ParsedPage {
  readonly data: ReadonlyArray<{ readonly id: string }>;
  readonly paging?: { readonly next?: string };
}

export async function stepsLoop(get: RawGet, firstUrl: string, client: GraphClient, without: ReadonlySet<Step> = new Set()): Promise<number> {
  const scrub = !without.has('scrub');
  const decode = !without.has('decode');
  const judged = !without.has('judge');
  const checked = !without.has('pagingUrl');
  const judge = distinctJudge((thread: { readonly id: string }) => thread.id, new HashSet());
  // What every later page must keep, as the library plans it: the first URL's parameters.
  const policy = { origin: client.origin, carry: Object.fromEntries(new URL(firstUrl).searchParams), redact: client.redact };
  const context = { url: firstUrl, redact: client.redact };
  let next: string | undefined = firstUrl;
  let count = 0;
  while (next !== undefined) {
    const response = await get(next, { Authorization: `Bearer ${client.accessToken}`, Accept: 'application/json' });
    const text = await response.text();
    if (!response.ok) throw new Error(`steps loop: HTTP ${response.status}`);
    const parsed = scrub ? client.parse(text) : (JSON.parse(text) as unknown);
    let page = parsed as ParsedPage;
    if (decode) {
      const decoded = decodePage(parsed, context);
      if (decoded._tag === 'Left') throw decoded.left;
      page = decoded.right;
    }
    next = page.paging?.next;
    if (checked) {
      const url = nextPageUrl(next, policy);
      if (url._tag === 'Left') throw url.left;
      next = url.right;
    }
    if (judged) {
      const judgement = judge.page(page.data);
      if (judgement.verdict === 'loop') throw new Error('steps loop: a page loop');
      count += judgement.fresh.length;
    } else {
      count += page.data.length;
    }
  }
  return count;
}
