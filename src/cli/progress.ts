/**
 * A one-line progress display on stderr (pages, items, rate), redrawn in place. Only
 * when stderr is a terminal: piped or redirected stderr gets nothing from here, so logs
 * and scripts see only real messages.
 */

/** Where progress goes: `process.stderr`, or a test double. */
export interface ProgressSink {
  readonly isTTY?: boolean;
  write(chunk: string): boolean;
}

/** Settings of {@link Progress}. */
export interface ProgressOptions {
  /** What is counted: `threads` for a listing, `changes` for `--watch`. Default `threads`. */
  readonly unit?: string;
  /** Clock, in ms. Default `Date.now`. */
  readonly now?: () => number;
  /** Redraw at most this often, in ms. Default 100. */
  readonly everyMs?: number;
  /** Draw at all; default: when the sink is a TTY. Set false when stdout shares the terminal, so lines and progress do not mix. */
  readonly enabled?: boolean;
}

const ERASE_LINE = '\r\x1b[2K';

/**
 * Counts pages and items and shows `pages 3 · threads 75 · 250 threads/s` on one line.
 * Every method is a no-op when the sink is not a TTY (or `enabled` is false).
 *
 * @example
 * ```ts
 * const progress = new Progress(process.stderr);
 * progress.page(); progress.item();
 * progress.clear(); process.stderr.write('warning: ...\n'); // the line is redrawn on the next update
 * progress.done();
 * ```
 */
export class Progress {
  /** Whether anything is drawn at all. */
  readonly enabled: boolean;
  private readonly unit: string;
  private readonly now: () => number;
  private readonly everyMs: number;
  private readonly started: number;
  private pages = 0;
  private items = 0;
  private note = '';
  private lastDrawn = -Infinity;
  private shown = false;

  constructor(
    private readonly sink: ProgressSink,
    options: ProgressOptions = {},
  ) {
    this.enabled = sink.isTTY === true && options.enabled !== false;
    this.unit = options.unit ?? 'threads';
    this.now = options.now ?? Date.now;
    this.everyMs = options.everyMs ?? 100;
    this.started = this.now();
  }

  /** A response arrived. */
  page(): void {
    this.pages += 1;
    this.draw(false);
  }

  /** An item was written. */
  item(): void {
    this.items += 1;
    this.draw(false);
  }

  /** A short status after the counters (e.g. a retry wait); `''` removes it. */
  status(text: string): void {
    this.note = text;
    this.draw(true);
  }

  /** The current line, as drawn. */
  line(): string {
    const seconds = Math.max((this.now() - this.started) / 1000, 0.001);
    const rate = Math.round(this.items / seconds);
    const counters = `pages ${this.pages} · ${this.unit} ${this.items} · ${rate} ${this.unit}/s`;
    return this.note === '' ? counters : `${counters} · ${this.note}`;
  }

  /** Erases the line, so a message can be printed; the next update draws it again. */
  clear(): void {
    if (!this.enabled || !this.shown) return;
    this.sink.write(ERASE_LINE);
    this.shown = false;
  }

  /** Erases the line for good. */
  done(): void {
    this.clear();
    this.lastDrawn = Infinity;
  }

  private draw(force: boolean): void {
    if (!this.enabled || this.lastDrawn === Infinity) return;
    const now = this.now();
    if (!force && now - this.lastDrawn < this.everyMs) return;
    this.lastDrawn = now;
    this.sink.write(`${ERASE_LINE}${this.line()}`);
    this.shown = true;
  }
}
