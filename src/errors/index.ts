export { GraphError, type GraphErrorInit } from './graphError';
export { GraphApiError, type GraphApiErrorInit } from './graphApiError';
export { TransportError, type TransportErrorInit, type TransportErrorKind } from './transportError';
export { DecodeError, type DecodeErrorInit, type DecodeErrorKind } from './decodeError';
export { InvalidInputError } from './invalidInputError';
export { PagingError, type PagingErrorInit, type PagingErrorKind } from './pagingError';
export { classifyGraphError, isRateLimitCode, isRetryableKind, KIND_HELP, type ErrorKind } from './kinds';
export { createRedactor, redactCredentials, safeUrl, type Redactor } from './redact';
