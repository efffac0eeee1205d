const encoder = new TextEncoder();

function toHex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * `appsecret_proof`: hex HMAC-SHA256 of the access token keyed with the app secret.
 * Uses WebCrypto, so it works the same in Node 20+ and browsers.
 *
 * @example
 * ```ts
 * await appSecretProof('EAAB...', 'app-secret'); // '3f1c...' (64 hex characters)
 * ```
 */
export async function appSecretProof(accessToken: string, appSecret: string): Promise<string> {
  const key = await globalThis.crypto.subtle.importKey('raw', encoder.encode(appSecret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  return toHex(await globalThis.crypto.subtle.sign('HMAC', key, encoder.encode(accessToken)));
}
