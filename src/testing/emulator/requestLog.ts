/**
 * The request log: every request as it arrives, updated in place as it completes, is
 * aborted by the client or reset by a fault. Tests wait on explicit signals
 * (`next`, `settled`) instead of sleeping.
 */
import type { RequestRecord } from './types';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
export type LiveRecord = Mutable<RequestRecord>;
type Settled = Exclude<RequestRecord['state'], 'pending'>;

export class RequestLog {
  private records: LiveRecord[] = [];
  private seq = 0;
  private arrivals: Array<(record: RequestRecord) => void> = [];
  private readonly waiters = new Map<RequestRecord, Array<(record: RequestRecord) => void>>();

  /** Registers a new pending request and wakes everyone waiting for the next one. */
  open(init: Omit<RequestRecord, 'seq' | 'state'>): LiveRecord {
    this.seq += 1;
    const record: LiveRecord = { seq: this.seq, ...init, state: 'pending' };
    this.records.push(record);
    const arrivals = this.arrivals;
    this.arrivals = [];
    for (const resolve of arrivals) resolve(record);
    return record;
  }

  /** Marks a pending request as finished one way or another (first outcome wins). */
  settle(record: LiveRecord, state: Settled): void {
    if (record.state !== 'pending') return;
    record.state = state;
    const waiting = this.waiters.get(record) ?? [];
    this.waiters.delete(record);
    for (const resolve of waiting) resolve(record);
  }

  get all(): readonly RequestRecord[] {
    return [...this.records];
  }

  /** Forgets the records (sequence numbers keep counting). */
  clear(): void {
    this.records = [];
  }

  next(): Promise<RequestRecord> {
    return new Promise((resolve) => this.arrivals.push(resolve));
  }

  settled(record: RequestRecord): Promise<RequestRecord> {
    if (record.state !== 'pending') return Promise.resolve(record);
    return new Promise((resolve) => this.waiters.set(record, [...(this.waiters.get(record) ?? []), resolve]));
  }
}
