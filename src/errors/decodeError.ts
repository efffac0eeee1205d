import { GraphError, type GraphErrorInit } from './graphError';
import type { Redactor } from './redact';

/**
 * The kinds a refused response can have.
 *
 * @example
 * ```ts
 * const kind: DecodeErrorKind = 'decode';
 * ```
 */
export type DecodeErrorKind = 'decode';

/**
 * What was refused and why.
 *
 * @example
 * ```ts
 * new DecodeError({ what: 'conversations page', report: ['data.0.id: expected string, got 5'] });
 * ```
 */
export interface DecodeErrorInit extends Omit<GraphErrorInit, 'message'> {
  /** What was being read, e.g. `conversations page`. */
  readonly what: string;
  /** One line per problem, e.g. `data.3.participants.data.0.id: expected string, got null`. */
  readonly report: readonly string[];
  /** Default `decode`. */
  readonly kind?: DecodeErrorKind | undefined;
}

const SHOWN_IN_MESSAGE = 3;

/**
 * A response arrived but the library refuses it: the JSON does not match the codec
 * (`decode`, with one line per problem in `report`). Never retryable: the same response
 * would be refused again. (A walk stopped on purpose is a `PagingError`.)
 *
 * @example
 * ```ts
 * import { isLeft } from 'fp-ts/Either';
 * const result = decodeThread({ id: 42 });
 * if (isLeft(result)) console.log(result.left.report);
 * // [ 'id: expected string, got 42', 'updated_time: missing' ]
 * ```
 */
export class DecodeError extends GraphError {
  readonly kind: DecodeErrorKind;
  readonly retryable = false;
  /** One line per problem, with the path into the payload. */
  readonly report: readonly string[];

  constructor(init: DecodeErrorInit) {
    const shown = init.report.slice(0, SHOWN_IN_MESSAGE).join('; ');
    const more = init.report.length > SHOWN_IN_MESSAGE ? ` (+${init.report.length - SHOWN_IN_MESSAGE} more)` : '';
    super({ message: `${init.what} refused: ${shown}${more}`, url: init.url, redact: init.redact });
    const redact: Redactor = init.redact ?? ((s) => s);
    this.name = 'DecodeError';
    this.kind = init.kind ?? 'decode';
    this.report = init.report.map(redact);
  }
}
