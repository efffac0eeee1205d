/**
 * Access-token and appsecret_proof checks. The emulator knows one valid token; the proof
 * is checked like Graph does when an app enables "Require App Secret".
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { GraphFailure } from './errors';
import type { Query } from './params';

export interface AuthConfig {
  readonly accessToken: string;
  readonly appSecret: string | undefined;
}

/** hex HMAC-SHA256 of the token keyed with the app secret. */
export function appsecretProof(token: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(token).digest('hex');
}

/** The token of a request: `Authorization: Bearer|OAuth <token>` first, else `access_token`. */
export function tokenOf(headers: Readonly<Record<string, string>>, query: Query): string | undefined {
  const header = /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(headers['authorization'] ?? '');
  return header?.[1] ?? query['access_token'];
}

/** Throws code 190 (token) or 104 (proof) unless the request is authorised. */
export function authenticate(token: string | undefined, query: Query, config: AuthConfig): string {
  if (token === undefined || token === '') {
    throw new GraphFailure(190, { message: 'An access token is required to request this resource.' });
  }
  if (!sameText(token, config.accessToken)) {
    throw new GraphFailure(190, { message: 'Error validating access token: The session has expired or the token is invalid.', subcode: 463 });
  }
  if (config.appSecret !== undefined) {
    const proof = query['appsecret_proof'];
    if (proof === undefined) {
      throw new GraphFailure(104, { message: '(#104) API calls from the server require an appsecret_proof argument' });
    }
    if (!sameText(proof.toLowerCase(), appsecretProof(token, config.appSecret))) {
      throw new GraphFailure(104, { message: '(#104) Invalid appsecret_proof provided in the API argument' });
    }
  }
  return token;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
