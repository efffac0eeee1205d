// Property tests: arbitrary JSON, near-valid Graph payloads and arbitrary paging links
// fed to the codecs and to a whole walk. Always a value or a typed error; never an
// exception escaping the Observable, never a hang, never a request off the origin, never
// the token in an error.
import fc from 'fast-check';
import { catchError, defaultIfEmpty, firstValueFrom, ignoreElements, map, type Observable, of, tap, timeout } from 'rxjs';
import { conversations$, GraphError, messages$, type FetchLike, type FetchResponseLike } from '../../src/index';
import { decodeMessage, decodeParticipant, decodeThread, decodeThreadPage } from '../../src/codecs/index';
import { STALE_PAGE_ALLOWANCE } from '../../src/conversations/progress';
import { renderedForms } from '../support/secrets';

const ORIGIN = 'https://graph.example.test';
const TOKEN = 'EAAB-property-token-7f3a9c';
const SECRET = 'property-app-secret-41d2';
const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 150);

// -------------------------------------------------------------------------------------
// arbitraries
// -------------------------------------------------------------------------------------

const graphTime = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().replace(/\.\d{3}Z$/, '+0000'));
const participant = fc.record({ id: fc.string({ minLength: 1, maxLength: 12 }), name: fc.string({ maxLength: 12 }), email: fc.string({ maxLength: 20 }) });
const thread = fc.record(
  {
    id: fc.string({ minLength: 1, maxLength: 30 }),
    updated_time: graphTime,
    snippet: fc.string({ maxLength: 40 }),
    message_count: fc.nat(),
    unread_count: fc.nat(),
    participants: fc.record({ data: fc.array(participant, { maxLength: 3 }) }),
  },
  { requiredKeys: ['id', 'updated_time'] },
);

/** Something Graph-shaped, then damaged: a field dropped, retyped, or replaced by anything. */
const damage = <A extends object>(value: fc.Arbitrary<A>) =>
  fc.tuple(value, fc.nat(), fc.jsonValue(), fc.constantFrom('drop', 'replace', 'keep', 'nest')).map(([v, n, junk, how]) => {
    const copy: Record<string, unknown> = { ...(v as Record<string, unknown>) };
    const keys = Object.keys(copy);
    const key = keys[n % Math.max(1, keys.length)] ?? 'id';
    if (how === 'drop') delete copy[key];
    if (how === 'replace') copy[key] = junk;
    if (how === 'nest') copy[key] = { data: [junk] };
    return copy;
  });

const host = fc.constantFrom('graph.example.test', 'evil.test', 'graph.example.test.evil.test', '127.0.0.1', 'GRAPH.EXAMPLE.TEST');
const scheme = fc.constantFrom('https:', 'http:', 'ftp:', 'javascript:', 'data:');
const userinfo = fc.constantFrom('', 'user@', `user:${TOKEN}@`, ':pw@');
const port = fc.constantFrom('', ':443', ':8443');
const query = fc.array(fc.constantFrom(`access_token=${TOKEN}`, 'after=QVFIabc', 'after=QVFIdef', 'limit=5', 'appsecret_proof=abc', 'fields=snippet'), { maxLength: 4 });
const nextUrl = fc.oneof(
  fc.tuple(scheme, userinfo, host, port, fc.constantFrom('/v19.0/1001/conversations', '/v19.0/t_1/messages', ''), query).map(
    ([s, u, h, p, path, q]) => `${s}//${u}${h}${p}${path}?${q.join('&')}`,
  ),
  fc.string({ maxLength: 30 }),
  fc.constant(`${ORIGIN}/v19.0/1001/conversations?after=QVFIsame`),
);

const page = fc.record(
  {
    data: fc.array(fc.oneof({ weight: 4, arbitrary: thread as fc.Arbitrary<object> }, { weight: 1, arbitrary: damage(thread) }), { maxLength: 4 }),
    paging: fc.record({ cursors: fc.record({ before: fc.string(), after: fc.string() }), next: nextUrl }, { requiredKeys: [] }),
  },
  { requiredKeys: ['data'] },
);

const validPage = fc.record({
  data: fc.array(thread, { maxLength: 4 }),
  paging: fc.record({ cursors: fc.record({ before: fc.string(), after: fc.string() }), next: nextUrl }, { requiredKeys: ['cursors'] }),
});

/** A response body as text: a page, a damaged page, any JSON, an error envelope, or not JSON at all. */
const body = fc.oneof(
  { weight: 5, arbitrary: page.map((p) => JSON.stringify(p)) },
  { weight: 2, arbitrary: damage(page).map((p) => JSON.stringify(p)) },
  { weight: 2, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
  {
    weight: 1,
    arbitrary: fc
      .record({ code: fc.integer({ min: -1, max: 90000 }), message: fc.oneof(fc.string(), fc.constant(`token ${TOKEN} and secret ${SECRET}`)) })
      .map((e) => JSON.stringify({ error: { ...e, type: 'OAuthException', fbtrace_id: 'A1' } })),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
  { weight: 1, arbitrary: page.map((p) => JSON.stringify(p).slice(0, 25)) },
);

const response = fc.record({ status: fc.constantFrom(200, 200, 200, 400, 403, 500, 502, 503), body });

// -------------------------------------------------------------------------------------
// a scripted server
// -------------------------------------------------------------------------------------

/** Answers request i with script[i] (the last one over and over); records what was asked. */
function scripted(script: ReadonlyArray<{ status: number; body: string }>): { fetch: FetchLike; requested: string[] } {
  const requested: string[] = [];
  const fetch: FetchLike = async (url, init) => {
    requested.push(url);
    expect(init.headers['Authorization']).toBe(`Bearer ${TOKEN}`);
    const answer = script[Math.min(requested.length - 1, script.length - 1)] ?? { status: 200, body: '{"data":[]}' };
    const result: FetchResponseLike = {
      ok: answer.status >= 200 && answer.status < 300,
      status: answer.status,
      headers: new Headers({ 'content-type': 'application/json' }),
      text: async () => answer.body,
    };
    return result;
  };
  return { fetch, requested };
}

/** Runs a stream to its end: its values, and the error it ended with; fails if it hangs. */
function outcome<A>(source: Observable<A>): Promise<{ values: A[]; error?: unknown }> {
  const values: A[] = [];
  return firstValueFrom(
    source.pipe(
      tap((value) => values.push(value)),
      ignoreElements(),
      defaultIfEmpty(undefined),
      map(() => ({ values })),
      catchError((error: unknown) => of({ values, error })),
      timeout({ first: 5000, with: () => of({ values, error: new Error('the walk hung') }) }),
    ),
  );
}

function expectTypedAndClean(error: unknown): void {
  expect(error).toBeInstanceOf(GraphError);
  for (const form of renderedForms(error)) {
    expect(form).not.toContain(TOKEN);
    expect(form).not.toContain(SECRET);
  }
}

function expectSafeRequests(requested: readonly string[]): void {
  for (const url of requested) {
    const parsed = new URL(url);
    expect(parsed.origin).toBe(ORIGIN);
    expect(parsed.username + parsed.password).toBe('');
    expect(parsed.searchParams.has('access_token')).toBe(false);
    expect(url).not.toContain(TOKEN);
  }
}

// -------------------------------------------------------------------------------------
// properties
// -------------------------------------------------------------------------------------

describe('codecs on hostile input', () => {
  const decoders = { decodeThreadPage, decodeThread, decodeMessage, decodeParticipant };
  it.each(Object.entries(decoders))('%s returns a value or a DecodeError for any JSON, never throws', (_, decode) => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything(), page, damage(page), thread, damage(thread)), (input) => {
        const result = decode(input, { redact: (s) => s.split(TOKEN).join('[redacted]') });
        if (result._tag === 'Left') {
          expect(result.left).toBeInstanceOf(GraphError);
          expect(result.left.kind).toBe('decode');
          expect(result.left.report.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it('a valid page always decodes, with Dates for updated_time', () => {
    fc.assert(
      fc.property(validPage, (p) => {
        const result = decodeThreadPage(p);
        expect(result._tag).toBe('Right');
        if (result._tag === 'Right') for (const t of result.right.data) expect(t.updated_time).toBeInstanceOf(Date);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('whole walks against a scripted hostile server', () => {
  it('conversations$ ends with values or a typed, redacted error; never hangs, never leaves the origin', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(response, { minLength: 1, maxLength: 6 }), async (script) => {
        const server = scripted(script);
        const { values, error } = await outcome(
          conversations$('1001', { accessToken: TOKEN, appSecret: SECRET, graphUrl: ORIGIN, fetch: server.fetch, limit: 5, fields: ['snippet'] }),
        );
        if (error !== undefined) expectTypedAndClean(error);
        for (const v of values) {
          expect(typeof v.id).toBe('string');
          expect(v.updated_time).toBeInstanceOf(Date);
        }
        expectSafeRequests(server.requested);
        // The script repeats its last answer: a walk that does not stop must be caught as a
        // loop (at worst: every page new, then twice as many that bring nothing new, plus the allowance).
        expect(server.requested.length).toBeLessThanOrEqual(3 * script.length + STALE_PAGE_ALLOWANCE + 1);
      }),
      { numRuns: RUNS },
    );
  });

  it('messages$ behaves the same', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(response, { minLength: 1, maxLength: 5 }), async (script) => {
        const server = scripted(script);
        const { error } = await outcome(messages$('t_mid.1:2', { accessToken: TOKEN, appSecret: SECRET, graphUrl: ORIGIN, fetch: server.fetch }));
        if (error !== undefined) expectTypedAndClean(error);
        expectSafeRequests(server.requested);
        expect(server.requested.length).toBeLessThanOrEqual(3 * script.length + STALE_PAGE_ALLOWANCE + 1);
      }),
      { numRuns: RUNS },
    );
  });

  it('a next that leads back to an earlier page, or to itself, ends with a paging-loop error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 4 }), async (length, back) => {
        // A static server: page i links to page i + 1; the last page links back to page
        // `target` (itself when target is the last). A URL asked for again gets the same answer.
        const target = Math.min(back, length - 1);
        const requested: string[] = [];
        const answers = new Map<string, string>();
        const url = (i: number) => `${ORIGIN}/v19.0/1001/conversations?limit=5&after=c${i}`;
        const fetch: FetchLike = async (asked) => {
          requested.push(asked);
          let text = answers.get(asked);
          if (text === undefined) {
            const i = answers.size;
            const next = i < length - 1 ? url(i + 1) : (requested[target] ?? url(0));
            text = JSON.stringify({ data: [{ id: `t_${i}`, updated_time: '2024-03-01T12:30:05+0000' }], paging: { next: `${next}&access_token=${TOKEN}` } });
            answers.set(asked, text);
          }
          const body = text;
          return { ok: true, status: 200, headers: new Headers(), text: async () => body };
        };
        const { values, error } = await outcome(conversations$('1001', { accessToken: TOKEN, graphUrl: ORIGIN, fetch, limit: 5 }));
        // Every page, then pages that bring nothing new (a replay after a thread moved would
        // look the same) up to the allowance plus two per page that did: a loop. Nothing twice.
        expect(requested).toHaveLength(3 * length + STALE_PAGE_ALLOWANCE + 1);
        expect(error).toMatchObject({ kind: 'paging-loop', retryable: false });
        const ids = Array.from({ length }, (_, i) => `t_${i}`);
        expect(values.map((v) => v.id)).toEqual(ids);
        expectTypedAndClean(error);
      }),
      { numRuns: 40 },
    );
  });

  it('a next on another host, scheme or port, or with user info, is refused and never requested', async () => {
    await fc.assert(
      fc.asyncProperty(fc.tuple(scheme, userinfo, host, port), async ([s, u, h, p]) => {
        const next = `${s}//${u}${h}${p}/v19.0/1001/conversations?after=QVFIx&access_token=${TOKEN}`;
        let parsed: URL | undefined;
        try {
          parsed = new URL(next);
        } catch {
          parsed = undefined;
        }
        const safe = parsed !== undefined && parsed.origin === ORIGIN && parsed.username === '' && parsed.password === '';
        const server = scripted([
          { status: 200, body: JSON.stringify({ data: [{ id: 't_1', updated_time: '2024-03-01T12:30:05+0000' }], paging: { next } }) },
          { status: 200, body: JSON.stringify({ data: [] }) },
        ]);
        const { error } = await outcome(conversations$('1001', { accessToken: TOKEN, graphUrl: ORIGIN, fetch: server.fetch }));
        expectSafeRequests(server.requested);
        if (safe) expect(error).toBeUndefined();
        else {
          expect(error).toMatchObject({ kind: 'unsafe-paging' });
          expect(server.requested).toHaveLength(1);
          expectTypedAndClean(error);
        }
      }),
      { numRuns: 120 },
    );
  });
});
