/**
 * `rx-graph-conversations/workers`: many Pages polled by many processes, on BullMQ (job
 * schedulers, stalled-job recovery, a shared rate limit) and a Redis stream of changes
 * read by consumer groups. `ioredis` and `bullmq` are optional peer dependencies of this
 * entry only; the root entry imports neither. See docs/scaling.md.
 *
 * @module rx-graph-conversations/workers
 */
export { pollWorkers, type PollWorkersConfig, type WorkerEvent } from './pollWorkers';
export type { PollOutcome } from './pollPage';
export { pollTrigger, type PollTrigger } from './pollTrigger';
export { changes$, type ChangesOptions } from './changes';
export type { DeliveredChange, StreamedThread } from './changeEntry';
export type { WorkerKeysOptions } from './keys';
