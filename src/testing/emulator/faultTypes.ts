/**
 * Public types of fault injection: what can go wrong, and the handle to control it.
 */

/**
 * What a `raw` {@link Fault} whose body is a function receives about the request.
 *
 * @example
 * ```ts
 * const fault: Fault = { kind: 'raw', body: (ctx: RawContext) => ({ data: [], paging: { next: `${ctx.url}/v19.0/1001/conversations` } }) };
 * ```
 */
export interface RawContext {
  /** The emulator's base url, e.g. `http://127.0.0.1:5123`. */
  readonly url: string;
  /** The Page the request is about, when the path names a known Page or thread. */
  readonly pageId?: string;
  /** The decoded path of the request. */
  readonly path: string;
  /** The query parameters (first value of each). */
  readonly query: Readonly<Record<string, string>>;
  /** The access token the request carried (header or query), if any. */
  readonly token?: string;
}

/**
 * A JSON value a `raw` fault can send as its body (serialised by the emulator).
 *
 * @example
 * ```ts
 * const body: RawJson = { data: [{ id: 't_1', updated_time: 'soon' }] };
 * ```
 */
export type RawJson = { readonly [key: string]: unknown } | readonly unknown[] | number | boolean | null;

/**
 * A deterministic failure to serve instead of (or before) the normal answer; see
 * `Emulator.inject`.
 *
 * @example
 * ```ts
 * emulator.inject({ kind: 'graph-error', code: 613 }, { after: 1 });
 * ```
 */
export type Fault =
  | {
      /** A Graph error envelope (`{ error: { message, type, code, ... } }`). */
      readonly kind: 'graph-error';
      /** Graph error code, e.g. 613, 80006, 190, 100. */
      readonly code: number;
      /** `error_subcode`; absent by default. */
      readonly subcode?: number;
      /** HTTP status; default 403 for code 200, else 400. */
      readonly status?: number;
      /** Default: the canonical message of the code. */
      readonly message?: string;
      /** Error `type`; default `OAuthException`; `null` leaves it out (some real bodies have none). */
      readonly type?: string | null;
      /** `error_data`, as real bodies carry it: an object or a string; absent unless given. */
      readonly errorData?: string | Readonly<Record<string, unknown>>;
      /** `null` sends the body without `fbtrace_id` (real 190 and 2500 bodies often lack it); by default the request's trace id. */
      readonly fbtraceId?: null;
      /** `is_transient`; absent unless given (Graph mostly omits it or sends false). */
      readonly isTransient?: boolean;
      /** `error_user_title`; absent unless given. */
      readonly userTitle?: string;
      /** `error_user_msg`; absent unless given. */
      readonly userMessage?: string;
      /** Extra or overriding response headers (e.g. usage headers at 100). */
      readonly headers?: Readonly<Record<string, string>>;
    }
  | {
      /** A bare HTTP status with an optional non-Graph body. */
      readonly kind: 'http-status';
      /** HTTP status to send. */
      readonly status: number;
      /** Body text; default empty. */
      readonly body?: string;
      /** Content type; default `text/plain; charset=UTF-8`. */
      readonly contentType?: string;
    }
  | {
      /** An HTML error page, as a proxy in front of Graph would send. */
      readonly kind: 'html';
      /** HTTP status; default 502. */
      readonly status?: number;
    }
  | {
      /** Destroy the socket without any response. */
      readonly kind: 'reset';
    }
  | {
      /** 200 with a body that is not JSON. */
      readonly kind: 'malformed-json';
    }
  | {
      /** 200 with the real answer cut in the middle. */
      readonly kind: 'truncated-json';
    }
  | {
      /** Wait `ms`, then serve normally. */
      readonly kind: 'latency';
      /** Delay in ms (added to the configured latency). */
      readonly ms: number;
    }
  | {
      /** Never answer, until the client aborts or the emulator closes. */
      readonly kind: 'hang';
    }
  | {
      /** Code 2642 "(#2642) Invalid cursors values", HTTP 400. */
      readonly kind: 'invalid-cursor';
    }
  | {
      /** 200 and headers at once, then one space of body every `intervalMs`, forever (until the client goes away or the emulator closes). */
      readonly kind: 'trickle';
      /** Pause between bytes; default 20 ms. */
      readonly intervalMs?: number;
    }
  | {
      /**
       * 200 with an enormous JSON body (`{"data":[` + spaces + `]}`), generated while it
       * is sent (never held in memory) and paced by the client's reading.
       */
      readonly kind: 'huge';
      /** Body size in bytes; default 2 GiB (2147483648). */
      readonly bytes?: number;
      /** Whether `Content-Length` announces the size (default true); without it the body is chunked. */
      readonly announce?: boolean;
    }
  | {
      /** 200 with the real answer's body sent in full, chunked, but the response never ends. */
      readonly kind: 'never-close';
    }
  | {
      /** Exactly this status, headers and body (e.g. a payload that breaks a decoder, or a foreign `paging.next`). */
      readonly kind: 'raw';
      /** Default 200. */
      readonly status?: number;
      /** Extra or overriding response headers. */
      readonly headers?: Readonly<Record<string, string>>;
      /** A string is sent as is; any other value (or a function's result, unless a string) is JSON-serialised. */
      readonly body: string | ((ctx: RawContext) => unknown) | RawJson;
    };

/**
 * Control over one injected fault.
 *
 * @example
 * ```ts
 * const handle = emulator.inject({ kind: 'hang' }, { times: Infinity });
 * handle.cancel();
 * ```
 */
export interface FaultHandle {
  /** How many more matching requests this fault will take (0 once used up or cancelled). */
  remaining(): number;
  /** Stop applying it; requests already affected are not changed. */
  cancel(): void;
}
