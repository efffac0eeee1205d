// Shared helpers of the emulator tests: plain fetch against the emulator, nothing else.
import type { Emulator } from '../../../src/testing/index';

export interface GraphPage {
  data: Array<Record<string, unknown> & { id: string }>;
  /** Absent on the empty last page `realism: 'graph'` serves through `next`, as Graph does. */
  paging: { cursors?: { before: string; after: string }; next?: string; previous?: string };
}

export interface GraphErrorJson {
  error: { message: string; type: string; code: number; error_subcode?: number; is_transient?: boolean; fbtrace_id: string };
}

/** GET a path (with query) on the emulator with the token in the Authorization header. */
export function get(emulator: Emulator, pathAndQuery: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${emulator.url}${pathAndQuery}`, {
    ...init,
    headers: { authorization: `Bearer ${emulator.accessToken}`, ...(init.headers as Record<string, string> | undefined) },
  });
}

export async function getJson<T = GraphPage>(emulator: Emulator, pathAndQuery: string): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await get(emulator, pathAndQuery);
  return { status: response.status, body: (await response.json()) as T, headers: response.headers };
}

/** Follows `paging.next` from a first page to the end; returns every page. */
export async function walk(emulator: Emulator, firstPathAndQuery: string): Promise<GraphPage[]> {
  const pages: GraphPage[] = [];
  let response = await get(emulator, firstPathAndQuery);
  for (;;) {
    expect(response.status).toBe(200);
    const page = (await response.json()) as GraphPage;
    pages.push(page);
    const next = (page.paging as GraphPage['paging'] | undefined)?.next;
    if (next === undefined) return pages;
    // next URLs embed the token, like Graph's: follow them as given.
    response = await fetch(next);
  }
}

export function ids(pages: readonly GraphPage[]): string[] {
  return pages.flatMap((page) => page.data.map((thread) => thread.id));
}
