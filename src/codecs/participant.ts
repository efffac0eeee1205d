import * as t from 'io-ts';
import { optional } from './optional';

/**
 * A person or Page in a Messenger thread: `{ id, name, email }` (the email is a relay
 * address like `1234@facebook.com`). `name` and `email` are absent when not requested.
 *
 * @example
 * ```ts
 * MessengerParticipant.is({ id: '1234', name: 'Ana', email: '1234@facebook.com' }); // true
 * ```
 */
export const MessengerParticipant = t.intersection(
  [t.type({ id: t.string }), optional({ name: t.string, email: t.string })],
  'MessengerParticipant',
);
/** A person or Page in a Messenger thread. */
export type MessengerParticipant = t.TypeOf<typeof MessengerParticipant>;

/**
 * A person or account in an Instagram thread: `{ id, username }`; no name or email.
 * (`is_owner` is a field of the thread, not of a participant.)
 *
 * @example
 * ```ts
 * InstagramParticipant.is({ id: '1789', username: 'ana.rides' }); // true
 * ```
 */
export const InstagramParticipant = t.intersection(
  [t.type({ id: t.string, username: t.string }), optional({})],
  'InstagramParticipant',
);
/** A person or account in an Instagram thread. */
export type InstagramParticipant = t.TypeOf<typeof InstagramParticipant>;

/**
 * A participant of either platform. Tell them apart with `'username' in p`.
 *
 * @example
 * ```ts
 * const label = (p: Participant) => ('username' in p ? `@${p.username}` : p.name ?? p.id);
 * ```
 */
export const Participant = t.union([InstagramParticipant, MessengerParticipant], 'Participant');
/** A participant of either platform. */
export type Participant = t.TypeOf<typeof Participant>;
