import { SecretSet } from './secretScan';

/**
 * Replaces secrets in text that leaves the library: error messages, logs, stored URLs.
 *
 * @example
 * ```ts
 * const redact: Redactor = (text) => text.split(token).join('[redacted]');
 * ```
 */
export type Redactor = (text: string) => string;

export const REDACTED = '[redacted]';

// Query parameters and headers that carry credentials, wherever they show up in text.
const CREDENTIAL_PATTERNS: readonly RegExp[] = [
  /(access_token=)[^&\s"'#]+/gi,
  /(appsecret_proof=)[^&\s"'#]+/gi,
  /(client_secret=)[^&\s"'#]+/gi,
  /(Bearer\s+)[^\s"',]+/gi,
];

/**
 * Builds a redactor that removes the given secrets (the access token, the app secret),
 * in any spelling text can carry them (as is, percent-encoded, JSON-escaped: see
 * {@link secretSpellings}), and anything that looks like a credential parameter.
 *
 * @example
 * ```ts
 * const redact = createRedactor(['EAAB-secret']);
 * redact('GET /me?access_token=EAAB-secret'); // 'GET /me?access_token=[redacted]'
 * redact('name: %45AAB-secret'); // 'name: [redacted]'
 * ```
 */
export function createRedactor(secrets: ReadonlyArray<string | undefined>): Redactor {
  return redactorFor(new SecretSet(secrets));
}

/**
 * {@link createRedactor} for a {@link SecretSet} a client shares with its parser, so the
 * two build one spellings pattern between them, if any.
 */
export function redactorFor(secrets: SecretSet): Redactor {
  return (text) => {
    let out = secrets.cut(text, REDACTED);
    for (const pattern of CREDENTIAL_PATTERNS) out = out.replace(pattern, `$1${REDACTED}`);
    return out;
  };
}

/** Redacts only credential-shaped parameters; for places that do not know the secrets. */
export const redactCredentials: Redactor = createRedactor([]);

/**
 * A URL as the library may store or show it: no `access_token`, no `appsecret_proof`,
 * no user info. Unparsable input is redacted as text.
 */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.searchParams.delete('access_token');
    if (parsed.searchParams.has('appsecret_proof')) parsed.searchParams.set('appsecret_proof', REDACTED);
    return parsed.toString().replace(encodeURIComponent(REDACTED), REDACTED);
  } catch {
    return redactCredentials(url);
  }
}
