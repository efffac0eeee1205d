/**
 * The library's per-page steps alone, in a flat loop on the raw loop's transport: the
 * scrubbing parse (`client.parse`), the walk's page decoder, the progress and dedupe judge
 * (`distinctJudge` over a `HashSet`), the paging-URL check (`nextPageUrl`), and nothing
 * else: no RxJS, no request object, no timer, no abort. The floor of what the library owes
 * every page before it may ask for the next one (typed threads, walks that end, no token
 * kept). Against `raw` it reads what those steps cost; the library against it, what its
 * machinery costs on top (see walk.ts's pairs).
 */
import { threadCodecFor } from '../src/codecs/fields';
import { pageDecoder } from '../src/conversations/edgeWalk';
import { HashSet } from '../src/conversations/keySet';
import { nextPageUrl } from '../src/conversations/nextPage';
import { distinctJudge } from '../src/conversations/progress';
import type { GraphClient } from '../src/graph/client';
import { DEFAULT_THREAD_FIELDS } from '../src/index';
import type { RawGet } from './raw';

const decodePage = pageDecoder(threadCodecFor(DEFAULT_THREAD_FIELDS), 'conversations page');

export async function stepsLoop(get: RawGet, firstUrl: string, client: GraphClient): Promise<number> {
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
    const page = decodePage(client.parse(text), context);
    if (page._tag === 'Left') throw page.left;
    const url = nextPageUrl(page.right.paging?.next, policy);
    if (url._tag === 'Left') throw url.left;
    const judged = judge.page(page.right.data);
    if (judged.verdict === 'loop') throw new Error('steps loop: a page loop');
    count += judged.fresh.length;
    next = url.right;
  }
  return count;
}
