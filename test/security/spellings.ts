/**
 * The ways a server can spell a secret in a JSON body: as is, JSON-escaped (wholly or in
 * part), percent-encoded (upper or lower case hex, wholly or in part). After JSON.parse
 * the JSON-escaped ones read as the secret itself.
 */

const jsonEscape = (text: string, every = 1) =>
  [...text].map((c, i) => (i % every === 0 ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c)).join('');

const percentEncode = (text: string, every = 1, upper = true) =>
  [...Buffer.from(text, 'utf8')]
    .map((byte, i) => {
      if (i % every !== 0) return String.fromCharCode(byte);
      const hex = byte.toString(16).padStart(2, '0');
      return `%${upper ? hex.toUpperCase() : hex}`;
    })
    .join('');

/** Spellings to put inside a JSON string literal of a raw body (the text between the quotes). */
export function spellingsOf(secret: string): ReadonlyArray<readonly [string, string]> {
  return [
    ['raw', secret],
    ['JSON-escaped', jsonEscape(secret)],
    ['first character JSON-escaped', jsonEscape(secret.slice(0, 1)) + secret.slice(1)],
    ['every third character JSON-escaped', jsonEscape(secret, 3)],
    ['percent-encoded', percentEncode(secret)],
    ['percent-encoded, lower-case hex', percentEncode(secret, 1, false)],
    ['every other byte percent-encoded', percentEncode(secret, 2)],
    ['percent-encoded with the % JSON-escaped', percentEncode(secret).split('%').join('\\u0025')],
  ];
}
