/**
 * The dashboard's one clock: the server's. Thread times come from Graph (or the
 * emulator), so "5 min ago" must be measured on Graph's clock, not the browser's, which
 * may be off by minutes (or, on an emulator with a fixed start, by years). Every Graph
 * response carries the server's time in `Date`; the clock keeps the offset between it
 * and the browser's and moves on with the browser's.
 */
export class ServerClock {
  private offset = 0;
  private known = false;

  /** @param local - the browser's clock, in ms since epoch. */
  constructor(private readonly local: () => number = () => Date.now()) {}

  /** Reads a response's `Date` header (whole seconds); unreadable or absent ones are ignored. */
  observe(dateHeader: string | null | undefined): void {
    if (dateHeader === null || dateHeader === undefined) return;
    const server = Date.parse(dateHeader);
    if (Number.isNaN(server)) return;
    // The header is cut to the second: the server's time lies within [server, server + 1000).
    const offset = server + 500 - this.local();
    // Within a second is the header's own rounding, not a new offset: keep times steady.
    if (!this.known || Math.abs(offset - this.offset) > 1000) {
      this.offset = offset;
      this.known = true;
    }
  }

  /** The server's time now, in ms since epoch (the browser's until a `Date` arrived). */
  now(): number {
    return this.local() + this.offset;
  }
}
