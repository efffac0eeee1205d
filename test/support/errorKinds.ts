import type { ErrorKind } from '../../src/index';

/** Every Graph error code the edge documents (GRAPH_API.md), with its kind and whether it is retried. */
export const DOCUMENTED_CODES: ReadonlyArray<readonly [code: number, kind: ErrorKind, retryable: boolean]> = [
  [4, 'rate-limit', true],
  [17, 'rate-limit', true],
  [32, 'rate-limit', true],
  [613, 'rate-limit', true],
  [80001, 'rate-limit', true],
  [80002, 'rate-limit', true],
  [80006, 'rate-limit', true],
  [80014, 'rate-limit', true],
  [190, 'auth', false],
  [200, 'permission', false],
  [230, 'permission', false],
  [10, 'permission', false],
  [100, 'invalid-request', false],
  [2500, 'invalid-request', false],
  [104, 'signature', false],
  [368, 'abusive', false],
  [2642, 'invalid-cursor', false],
];
