import * as t from 'io-ts';
import { optional } from './optional';

/**
 * The body of a Graph error response: `{ "error": { "message", "type", "code",
 * "error_subcode", "is_transient", "error_user_title", "error_user_msg", "fbtrace_id" } }`.
 * An optional member that is `null` decodes as absent, as everywhere in Graph's payloads
 * (`is` stays strict: the decoded type has no nulls).
 *
 * @example
 * ```ts
 * GraphErrorBody.is({ error: { message: '(#613) Calls to this api have exceeded the rate limit.', code: 613 } }); // true
 * ```
 */
export const GraphErrorBody = t.type(
  {
    error: t.intersection([
      t.type({ message: t.string, code: t.number }),
      optional({
        type: t.string,
        error_subcode: t.number,
        is_transient: t.boolean,
        error_user_title: t.string,
        error_user_msg: t.string,
        fbtrace_id: t.string,
      }),
    ]),
  },
  'GraphErrorBody',
);
/** The body of a Graph error response. */
export type GraphErrorBody = t.TypeOf<typeof GraphErrorBody>;
