import * as t from 'io-ts';
import { DataList } from './connection';
import { optional } from './optional';
import { Participant } from './participant';
import { GraphDateTime } from './time';

/**
 * A file, image or video attached to a message. Graph sends `size: null` for images:
 * `null` in an optional member means absent.
 *
 * @example
 * ```ts
 * Attachment.is({ id: '55', mime_type: 'image/jpeg', name: 'photo.jpg' }); // true
 * ```
 */
export const Attachment = t.intersection(
  [
    t.type({ id: t.string }),
    optional({
      mime_type: t.string,
      name: t.string,
      size: t.number,
      file_url: t.string,
      image_data: optional({ url: t.string, preview_url: t.string, width: t.number, height: t.number }),
      video_data: optional({ url: t.string, preview_url: t.string, width: t.number, height: t.number }),
    }),
  ],
  'Attachment',
);
/** A file, image or video attached to a message. */
export type Attachment = t.TypeOf<typeof Attachment>;

const messageRequired = { id: t.string };
/** The codec of each optional message field: the one source of field types. */
export const messageOptional = {
  created_time: GraphDateTime,
  message: t.string,
  from: Participant,
  to: DataList(Participant),
  attachments: DataList(Attachment),
  sticker: t.string,
  tags: DataList(t.type({ name: t.string })),
  // Real shares carry `id`, `description` and `picture` as null when they have none.
  shares: DataList(optional({ id: t.string, link: t.string, name: t.string, description: t.string, picture: t.string })),
  is_unsupported: t.boolean,
};

/**
 * One message of a thread. Only `id` is always there; the rest appears when requested.
 *
 * @example
 * ```ts
 * Message.decode({ id: 'm_mid.1488447453538:e313cc8368', message: 'hi', created_time: '2024-03-01T12:30:05+0000' });
 * ```
 */
export const Message = t.intersection([t.type(messageRequired), optional(messageOptional)], 'Message');
/** One message of a thread. */
export type Message = t.TypeOf<typeof Message>;

/**
 * The field names a message has, in Graph's names.
 *
 * @example
 * ```ts
 * const fields: readonly MessageField[] = ['message', 'from', 'created_time'];
 * ```
 */
export type MessageField = keyof Message;
/**
 * Every message field, in Graph's names.
 *
 * @example
 * ```ts
 * MESSAGE_FIELDS.includes('sticker'); // true
 * ```
 */
export const MESSAGE_FIELDS = [...Object.keys(messageRequired), ...Object.keys(messageOptional)] as readonly MessageField[];
