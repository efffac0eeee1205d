/**
 * `rx-graph-conversations`: RxJS streams over the Graph API's Page Conversations edge.
 * Re-exports only, of what people compose (sources, operators, errors) and the types they
 * annotate with. Codec building blocks are on the `rx-graph-conversations/codecs` subpath.
 *
 * @module rx-graph-conversations
 */
export { conversations$, type ConversationsOptions, type ThreadStream } from './conversations/conversations';
export { messages$, messagesSince$, type MessagesOptions, type WalkedMessage } from './conversations/messages';
export { confirmRemovedThreads, type ConfirmRemovedOptions } from './conversations/confirmRemovedThreads';
export { DEFAULT_THREAD_FIELDS, DEFAULT_MESSAGE_FIELDS, type DefaultThreadFields, type DefaultMessageFields } from './conversations/params';
export {
  messagesField,
  type MessagesField,
  type ThreadFieldSpec,
  type SelectedThread,
  type SelectedMessage,
} from './codecs/fields';
export type { PagePolicy, WalkPage, WithUsage } from './conversations/page';

export { retryOnRateLimit, type RetryOnRateLimitConfig, type RetryInfo } from './operators/retryOnRateLimit';
export { throttleByUsage, type ThrottleByUsageConfig } from './operators/throttleByUsage';
export type { RequestGate } from './operators/throttleGate';
export { createUsageThrottle, type UsageThrottle, type UsageThrottleConfig, type ThrottleState } from './operators/usageThrottle';
export { mergeFolders, type InFolder, type MergeableThread } from './operators/mergeFolders';
export { toEither } from './operators/toEither';
export {
  pollDiff,
  memorySnapshotStore,
  applySnapshotChange,
  type SnapshotChange,
  type PollDiffConfig,
  type ConfirmRemoved,
  type PollableThread,
  type PollSnapshot,
  type SnapshotEntry,
  type SnapshotStore,
  type RemovedThread,
  type ThreadChange,
} from './operators/pollDiff';
export { decodeWith } from './operators/decodeWith';
export { memoryPageSnapshotStore, snapshotStoreFor, type PageSnapshotStore, type VersionedSnapshot } from './polling/pageStore';

export type { Thread, ThreadField } from './codecs/thread';
export type { Message, Attachment, MessageField } from './codecs/message';
export type { Participant } from './codecs/participant';
export { FOLDERS, PLATFORMS, type Folder, type Platform } from './codecs/filters';
export { usagePeak, type GraphUsage, type UsagePeak } from './codecs/usage';
export type { DecodeWarning } from './codecs/salvage';

export {
  GraphError,
  GraphApiError,
  TransportError,
  DecodeError,
  PagingError,
  InvalidInputError,
  isRetryableKind,
  type ErrorKind,
  type TransportErrorKind,
  type DecodeErrorKind,
  type GraphErrorInit,
  type GraphApiErrorInit,
  type TransportErrorInit,
  type DecodeErrorInit,
  type PagingErrorKind,
  type PagingErrorInit,
  type Redactor,
} from './errors/index';

export type { FetchLike, FetchInitLike, FetchResponseLike } from './graph/fetchLike';
export type { GraphClientOptions, UsageSource } from './graph/client';
export { appSecretProof } from './graph/appSecretProof';
