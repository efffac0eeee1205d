/**
 * The bookkeeping of `watchPages` without I/O: which Pages this worker holds, which one
 * to poll next (round-robin by due time), and how many Pages to hold.
 */

/** At most ceil(pages / live workers) Pages per worker, and at least one while there are Pages. */
export function fairShare(pages: number, liveWorkers: number): number {
  return Math.ceil(pages / Math.max(1, liveWorkers));
}

/** Pages held by this worker, each with the time its next poll is due. */
export class Holdings {
  private readonly due = new Map<string, number>();
  private readonly running = new Set<string>();

  get size(): number {
    return this.due.size;
  }

  get runningCount(): number {
    return this.running.size;
  }

  holds(pageId: string): boolean {
    return this.due.has(pageId);
  }

  pages(): string[] {
    return [...this.due.keys()];
  }

  add(pageId: string, dueAt: number): void {
    if (!this.due.has(pageId)) this.due.set(pageId, dueAt);
  }

  drop(pageId: string): void {
    this.due.delete(pageId);
  }

  /** Pages that may be given up now (not polling), most recently added last. */
  idle(): string[] {
    return this.pages().filter((pageId) => !this.running.has(pageId));
  }

  /** The idle Page whose poll is overdue the longest, if any is due at `now`: round-robin, no Page starves. */
  nextDue(now: number): string | undefined {
    let best: string | undefined;
    let bestAt = Infinity;
    for (const [pageId, at] of this.due) {
      if (at <= now && at < bestAt && !this.running.has(pageId)) {
        best = pageId;
        bestAt = at;
      }
    }
    return best;
  }

  /** The earliest due time among idle Pages. */
  earliestDue(): number | undefined {
    let earliest: number | undefined;
    for (const [pageId, at] of this.due) if (!this.running.has(pageId) && (earliest === undefined || at < earliest)) earliest = at;
    return earliest;
  }

  start(pageId: string): void {
    this.running.add(pageId);
  }

  finish(pageId: string, nextDueAt: number): void {
    this.running.delete(pageId);
    if (this.due.has(pageId)) this.due.set(pageId, nextDueAt);
  }
}

/** A stable rotation of `pageIds` per worker, so workers try to claim different Pages first. */
export function claimOrder(pageIds: readonly string[], workerId: string): string[] {
  let hash = 0;
  for (const char of workerId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  const offset = pageIds.length === 0 ? 0 : hash % pageIds.length;
  return [...pageIds.slice(offset), ...pageIds.slice(0, offset)];
}
