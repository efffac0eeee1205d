/**
 * What to send for one request: the Graph answer, or what an injected fault turns it
 * into. Computes the response without touching sockets; the HTTP edge only executes it.
 */
import { authenticate, tokenOf, type AuthConfig } from './auth';
import { GraphFailure, graphErrorBody, graphErrorStatus } from './errors';
import type { Entries } from './links';
import type { Query } from './params';
import { route, type ResolvedPath } from './router';
import type { ThreadStore } from './store';
import type { Fault, RawContext } from './faultTypes';
import { graphJson, type RealismRules } from './realism';
import { usageHeaders, type UsageSnapshot } from './usage';

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Responses that are sent over time rather than at once: headers now, the body as planned. */
export type StreamPlan =
  | { readonly kind: 'trickle'; readonly headers: Readonly<Record<string, string>>; readonly intervalMs: number }
  | { readonly kind: 'huge'; readonly headers: Readonly<Record<string, string>>; readonly bytes: number; readonly announce: boolean }
  | { readonly kind: 'never-close'; readonly headers: Readonly<Record<string, string>>; readonly body: string };

export type Plan = { readonly kind: 'respond'; readonly response: HttpResponse } | { readonly kind: 'reset' } | { readonly kind: 'hang' } | StreamPlan;

export const DEFAULT_TRICKLE_MS = 20;
export const DEFAULT_HUGE_BYTES = 2 ** 31;

export interface ServeContext {
  readonly store: ThreadStore;
  readonly auth: AuthConfig;
  /** The emulator's base url, for paging links. */
  readonly origin: string;
  /** Code answered when the enforced budget is exceeded. */
  readonly budgetCode: number;
  /** How real the answers look (paging form, nulls, ids, usage headers, error bodies). */
  readonly realism: RealismRules;
}

export interface GraphRequest {
  readonly method: string;
  readonly path: string;
  readonly target: ResolvedPath;
  readonly entries: Entries;
  readonly query: Query;
  readonly headers: Readonly<Record<string, string>>;
  readonly traceId: string;
  readonly usage: UsageSnapshot;
  /** The emulator's realism, for the headers every response carries. */
  readonly realism: RealismRules;
}

/** Sent on every response, so a browser dashboard can call the emulator and read usage. */
export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'Authorization, Content-Type',
  'access-control-allow-methods': 'GET, OPTIONS',
  'access-control-expose-headers': 'X-App-Usage, X-Page-Usage, X-Business-Use-Case-Usage, x-fb-trace-id, facebook-api-version',
};

const JSON_TYPE = 'application/json; charset=UTF-8';
/** Codes whose captured error bodies lack `fbtrace_id` (GRAPH_API.md: 2500, 190/463, 190/458). */
const UNTRACED_CODES: ReadonlySet<number> = new Set([190, 2500]);

/**
 * The budget's refusal under `graph` realism: the usage a Page token sees on this edge,
 * `X-Business-Use-Case-Usage` of type `messenger` keyed by the Page id, at 100 with
 * `estimated_time_to_regain_access`.
 */
function throttledHeaders(context: ServeContext, request: GraphRequest, code: number, response: HttpResponse): HttpResponse {
  if (!request.usage.throttled || code !== context.budgetCode) return response;
  return { ...response, headers: { ...response.headers, ...usageHeaders(request.usage, request.target.pageId, context.realism) } };
}
const MALFORMED_BODY = '{"data":[{"id":"t_1" "updated_time":"2024-03-01T12:30:05+0000"}],"paging":{"cursors":{}}}';

export function preflightResponse(): HttpResponse {
  return { status: 204, headers: { ...CORS_HEADERS, 'access-control-max-age': '600' }, body: '' };
}

/** The normal Graph answer: auth, budget, then the route; Graph errors become error bodies. */
export function graphResponse(context: ServeContext, request: GraphRequest): HttpResponse {
  try {
    const token = authenticate(tokenOf(request.headers, request.query), request.query, context.auth);
    if (request.usage.throttled) throw new GraphFailure(context.budgetCode);
    const links = { origin: context.origin, version: request.target.version, token, query: request.entries, realism: context.realism };
    return jsonResponse(request, 200, route(context.store, request.method, request.target, request.query, links));
  } catch (error) {
    if (error instanceof GraphFailure) {
      // Real bodies for these codes come without fbtrace_id (the header still has it).
      const traced = !(context.realism.capturedErrors && UNTRACED_CODES.has(error.code));
      const response = jsonResponse(request, error.status, error.body(traced ? request.traceId : null));
      return throttledHeaders(context, request, error.code, response);
    }
    // An emulator bug: answer like Graph's unknown error so the client sees a server fault.
    const message = error instanceof Error ? error.message : String(error);
    return jsonResponse(request, 500, graphErrorBody(1, { message: `Emulator error: ${message}`, fbtraceId: request.traceId }));
  }
}

/** The plan for a request, given the fault chosen for it (if any). */
export function planResponse(context: ServeContext, request: GraphRequest, fault: Fault | undefined): Plan {
  const respond = (response: HttpResponse): Plan => ({ kind: 'respond', response });
  if (fault === undefined || fault.kind === 'latency') return respond(graphResponse(context, request));
  switch (fault.kind) {
    case 'reset':
    case 'hang':
      return { kind: fault.kind };
    case 'graph-error': {
      const overrides = {
        ...(fault.message === undefined ? {} : { message: fault.message }),
        ...(fault.type === undefined ? {} : { type: fault.type }),
        ...(fault.errorData === undefined ? {} : { errorData: fault.errorData }),
        ...(fault.subcode === undefined ? {} : { subcode: fault.subcode }),
        ...(fault.isTransient === undefined ? {} : { isTransient: fault.isTransient }),
        ...(fault.userTitle === undefined ? {} : { userTitle: fault.userTitle }),
        ...(fault.userMessage === undefined ? {} : { userMessage: fault.userMessage }),
        fbtraceId: fault.fbtraceId === null ? null : request.traceId,
      };
      const response = jsonResponse(request, fault.status ?? graphErrorStatus(fault.code), graphErrorBody(fault.code, overrides));
      return respond({ ...response, headers: { ...response.headers, ...lowerCaseKeys(fault.headers ?? {}) } });
    }
    case 'invalid-cursor':
      return respond(jsonResponse(request, 400, new GraphFailure(2642).body(request.traceId)));
    case 'http-status':
      return respond(textResponse(request, fault.status, fault.body ?? '', fault.contentType ?? 'text/plain; charset=UTF-8'));
    case 'html': {
      const status = fault.status ?? 502;
      const html = `<html><head><title>${status} Bad Gateway</title></head><body><center><h1>${status} Bad Gateway</h1></center><hr><center>proxy</center></body></html>`;
      return respond(textResponse(request, status, html, 'text/html; charset=UTF-8'));
    }
    case 'malformed-json':
      return respond(textResponse(request, 200, MALFORMED_BODY, JSON_TYPE));
    case 'truncated-json': {
      const full = graphResponse(context, request).body;
      return respond(textResponse(request, 200, full.slice(0, Math.max(1, Math.floor(full.length / 2))), JSON_TYPE));
    }
    case 'trickle':
      return { kind: 'trickle', headers: baseHeaders(request, JSON_TYPE), intervalMs: fault.intervalMs ?? DEFAULT_TRICKLE_MS };
    case 'huge':
      return { kind: 'huge', headers: baseHeaders(request, JSON_TYPE), bytes: fault.bytes ?? DEFAULT_HUGE_BYTES, announce: fault.announce ?? true };
    case 'never-close': {
      const full = graphResponse(context, request);
      return { kind: 'never-close', headers: full.headers, body: full.body };
    }
    case 'raw': {
      const body = typeof fault.body === 'function' ? fault.body(rawContext(context, request)) : fault.body;
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      const response = textResponse(request, fault.status ?? 200, text, JSON_TYPE);
      return respond({ ...response, headers: { ...response.headers, ...lowerCaseKeys(fault.headers ?? {}) } });
    }
  }
}

function rawContext(context: ServeContext, request: GraphRequest): RawContext {
  const token = tokenOf(request.headers, request.query);
  return {
    url: context.origin,
    path: request.path,
    query: request.query,
    ...(request.target.pageId === undefined ? {} : { pageId: request.target.pageId }),
    ...(token === undefined ? {} : { token }),
  };
}

function baseHeaders(request: GraphRequest, contentType: string): Record<string, string> {
  return {
    'content-type': contentType,
    'x-fb-trace-id': request.traceId,
    'facebook-api-version': request.target.version ?? 'v19.0',
    ...usageHeaders(request.usage, request.target.pageId, request.realism),
    ...CORS_HEADERS,
  };
}

function jsonResponse(request: GraphRequest, status: number, body: unknown): HttpResponse {
  return textResponse(request, status, request.realism.graphJson ? graphJson(body) : JSON.stringify(body), JSON_TYPE);
}

function textResponse(request: GraphRequest, status: number, body: string, contentType: string): HttpResponse {
  return { status, headers: baseHeaders(request, contentType), body };
}

function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
