/**
 * Canonical message, type and HTTP status of every Graph error code the emulator can
 * produce (the codes of GRAPH_API.md). Data only.
 */

interface CatalogEntry {
  readonly message: string;
  readonly type: string;
  readonly status: number;
}

const throttled = (code: number, what: string): CatalogEntry => ({
  message: `(#${code}) There have been too many calls ${what}. Wait a while before trying again.`,
  type: 'OAuthException',
  status: 400,
});

const CATALOG: Readonly<Record<number, CatalogEntry>> = {
  1: { message: 'An unknown error occurred', type: 'OAuthException', status: 500 },
  2: { message: 'An unexpected error has occurred. Please retry your request later.', type: 'OAuthException', status: 500 },
  4: { message: '(#4) Application request limit reached', type: 'OAuthException', status: 400 },
  10: { message: '(#10) Application does not have permission for this action', type: 'OAuthException', status: 400 },
  17: { message: '(#17) User request limit reached', type: 'OAuthException', status: 400 },
  32: { message: '(#32) Page request limit reached', type: 'OAuthException', status: 400 },
  100: { message: '(#100) Invalid parameter', type: 'OAuthException', status: 400 },
  104: { message: '(#104) Incorrect signature', type: 'OAuthException', status: 400 },
  190: { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', status: 400 },
  200: { message: '(#200) Requires pages_messaging permission to manage the object', type: 'OAuthException', status: 403 },
  // Graph's real wording (the code means: permissions disallow messaging this user).
  230: { message: '(#230) Requires pages_messaging permission to manage the object', type: 'OAuthException', status: 400 },
  368: { message: '(#368) The action attempted has been deemed abusive or is otherwise disallowed', type: 'OAuthException', status: 400 },
  613: { message: '(#613) Calls to this api have exceeded the rate limit.', type: 'OAuthException', status: 400 },
  2500: { message: '(#2500) Error parsing graph query', type: 'OAuthException', status: 400 },
  2642: { message: '(#2642) Invalid cursors values', type: 'OAuthException', status: 400 },
  80001: throttled(80001, 'to this Page account'),
  80002: throttled(80002, 'to this Instagram account'),
  80003: throttled(80003, 'to this ad-account (custom audience)'),
  80004: throttled(80004, 'to this ad-account'),
  80005: throttled(80005, 'of the LeadGen API to this Page'),
  80006: {
    message: '(#80006) There have been too many messages requests to this Page account. Wait a while before trying again.',
    type: 'OAuthException',
    status: 400,
  },
  80007: throttled(80007, 'to this WhatsApp Business account'),
  80008: throttled(80008, 'to this WhatsApp Business Management account'),
  80009: throttled(80009, 'to this Catalog account'),
  80014: throttled(80014, 'for batch uploads to this Catalog account'),
};

/** Catalog entry of a code; unknown codes get a generic `(#code)` message. */
export function catalogEntry(code: number): CatalogEntry {
  return CATALOG[code] ?? { message: `(#${code}) An unknown error occurred`, type: 'OAuthException', status: 400 };
}

/** Every code with a canonical message, for tests and docs. */
export const CATALOGUED_CODES: readonly number[] = Object.keys(CATALOG).map(Number);
