/**
 * NDJSON out: one JSON document per line, written with backpressure so a slow reader
 * slows the walk down instead of filling memory.
 */
import { concatMap, defer, type Observable, of, type OperatorFunction } from 'rxjs';

/** Where lines go: `process.stdout`, or anything with the same `write`/`once('drain')`. */
export interface LineSink {
  write(chunk: string): boolean;
  once(event: 'drain', listener: () => void): unknown;
}

/**
 * One value as one NDJSON line (with its `\n`). Dates become ISO-8601 strings (their
 * `toJSON`); `undefined` fields are left out. A line never contains a raw newline:
 * `JSON.stringify` escapes them inside strings.
 */
export function ndjsonLine(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

/** Replaces each secret (exact text only, so data is never reshaped otherwise) with `[redacted]`. */
export function secretScrubber(secrets: readonly string[]): (text: string) => string {
  const known = [...new Set(secrets.filter((s) => s.length >= 4))].sort((a, b) => b.length - a.length);
  if (known.length === 0) return (text) => text;
  return (text) => (known.some((s) => text.includes(s)) ? known.reduce((out, s) => out.split(s).join('[redacted]'), text) : text);
}

/**
 * Writes every value to `sink` as an NDJSON line and passes it on once written. When
 * the sink's buffer is full (`write` returns false), the next value waits for `drain`:
 * with a lazy paging walk upstream, no further page is requested meanwhile.
 */
export function writeNdjson<T>(sink: LineSink, scrub: (line: string) => string = (line) => line): OperatorFunction<T, T> {
  return (source) =>
    source.pipe(
      concatMap((value): Observable<T> => {
        if (sink.write(scrub(ndjsonLine(value)))) return of(value);
        return defer(() => new Promise<T>((resolve) => sink.once('drain', () => resolve(value))));
      }),
    );
}
