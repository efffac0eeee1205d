/**
 * The Graph error envelope and the failure value the request pipeline raises with it.
 */
import { catalogEntry } from './errorCatalog';

/**
 * Optional parts of a Graph error envelope; anything absent takes the code's
 * canonical value (or is left out, like Graph does).
 *
 * @example
 * ```ts
 * const overrides: GraphErrorOverrides = { subcode: 463, fbtraceId: 'AbC123' };
 * ```
 */
export interface GraphErrorOverrides {
  /** `message`; default the code's canonical message. */
  readonly message?: string;
  /** `type`; default the code's type (`OAuthException` for the catalogued codes); `null` leaves it out, as some real bodies do. */
  readonly type?: string | null;
  /** `error_data`: real bodies carry it as an object or as a string; absent unless given. */
  readonly errorData?: string | Readonly<Record<string, unknown>>;
  /** `error_subcode`; absent unless given. */
  readonly subcode?: number;
  /** `is_transient`; absent unless given. */
  readonly isTransient?: boolean;
  /** `error_user_title`; absent unless given. */
  readonly userTitle?: string;
  /** `error_user_msg`; absent unless given. */
  readonly userMessage?: string;
  /** `fbtrace_id`; default a fixed placeholder (the server stamps each request's own); `null` leaves it out, as real 190 and 2500 bodies often do. */
  readonly fbtraceId?: string | null;
}

/**
 * The exact body Graph sends with an error, as a plain object.
 *
 * @example
 * ```ts
 * graphErrorBody(613);
 * // { error: { message: '(#613) Calls to this api have exceeded the rate limit.', type: 'OAuthException', code: 613, fbtrace_id: 'AEmulatorTrace' } }
 * ```
 */
export interface GraphErrorBody {
  /** The error; optional members are present only when set. */
  readonly error: {
    /** Human-readable message, e.g. `(#613) Calls to this api have exceeded the rate limit.` */
    readonly message: string;
    /** `OAuthException` or `GraphMethodException`; some real bodies have none. */
    readonly type?: string;
    /** Graph error code. */
    readonly code: number;
    /** Finer reason, e.g. 463 (expired token) or 33 (missing object). */
    readonly error_subcode?: number;
    /** Whether retrying the same call may succeed. */
    readonly is_transient?: boolean;
    /** Title to show an end user. */
    readonly error_user_title?: string;
    /** Message to show an end user. */
    readonly error_user_msg?: string;
    /** Extra data, an object or a string. */
    readonly error_data?: string | Readonly<Record<string, unknown>>;
    /** Trace id for Meta support, also sent as the `x-fb-trace-id` header; some real bodies have none. */
    readonly fbtrace_id?: string;
  };
}

const DEFAULT_TRACE_ID = 'AEmulatorTrace';

/**
 * Builds the exact Graph error envelope for a code: canonical message and type unless
 * overridden, optional fields only when given, keys in Graph's order.
 *
 * @example
 * ```ts
 * const body = graphErrorBody(190, { subcode: 463 });
 * body.error.code; // 190
 * body.error.error_subcode; // 463
 * ```
 */
export function graphErrorBody(code: number, overrides: GraphErrorOverrides = {}): GraphErrorBody {
  const entry = catalogEntry(code);
  const type = overrides.type === undefined ? entry.type : overrides.type;
  const trace = overrides.fbtraceId === undefined ? DEFAULT_TRACE_ID : overrides.fbtraceId;
  return {
    error: {
      message: overrides.message ?? entry.message,
      ...(type === null ? {} : { type }),
      code,
      ...(overrides.subcode === undefined ? {} : { error_subcode: overrides.subcode }),
      ...(overrides.isTransient === undefined ? {} : { is_transient: overrides.isTransient }),
      ...(overrides.userTitle === undefined ? {} : { error_user_title: overrides.userTitle }),
      ...(overrides.userMessage === undefined ? {} : { error_user_msg: overrides.userMessage }),
      ...(overrides.errorData === undefined ? {} : { error_data: overrides.errorData }),
      ...(trace === null ? {} : { fbtrace_id: trace }),
    },
  };
}

/** Default HTTP status of a code: 403 for permission errors (200), else 400. */
export function graphErrorStatus(code: number): number {
  return catalogEntry(code).status;
}

/**
 * A Graph error raised while serving a request. Route code throws it; the handler turns
 * it into a response, stamping the request's trace id.
 */
export class GraphFailure extends Error {
  constructor(
    readonly code: number,
    readonly overrides: Omit<GraphErrorOverrides, 'fbtraceId'> = {},
    readonly status: number = graphErrorStatus(code),
  ) {
    super(overrides.message ?? catalogEntry(code).message);
    this.name = 'GraphFailure';
  }

  body(fbtraceId: string | null): GraphErrorBody {
    return graphErrorBody(this.code, { ...this.overrides, fbtraceId });
  }
}

/** Code 100 for a bad query parameter value, naming the parameter. */
export function invalidParameter(name: string, expected: string, got: string): GraphFailure {
  return new GraphFailure(100, { message: `(#100) param ${name} must be ${expected} - got ${JSON.stringify(got)}` });
}

/** Code 100 GraphMethodException for an id that is not there (or a verb the edge lacks). */
export function unsupportedRequest(method: string, id: string): GraphFailure {
  return new GraphFailure(100, {
    message:
      `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to ` +
      'missing permissions, or does not support this operation. Please read the Graph API documentation at ' +
      'https://developers.facebook.com/docs/graph-api',
    type: 'GraphMethodException',
    subcode: 33,
  });
}

/** Code 100 for a field (or edge) the node type does not have. */
export function nonexistingField(field: string, nodeType: string): GraphFailure {
  return new GraphFailure(100, { message: `(#100) Tried accessing nonexisting field (${field}) on node type (${nodeType})` });
}

/** Code 2642, for a cursor that does not decode or whose item is gone. */
export function invalidCursor(): GraphFailure {
  return new GraphFailure(2642);
}
