/**
 * Scans anything that leaves the library for secrets. A "source" is any named text:
 * an error's rendered forms, emitted values, stored URLs, a snapshot, CLI output, a
 * dashboard page. New places are added by giving `expectNoLeaks` more sources.
 */
import { inspect } from 'node:util';
import { type Observable, Subject, takeUntil } from 'rxjs';
import { pollDiff, retryOnRateLimit } from '../../src/index';
import { renderedForms } from '../support/secrets';

/** Distinctive secrets, so a leak cannot hide behind a common substring. */
export const LEAK_TOKEN = 'EAAB-leak-canary-token-9f8e7d6c5b4a';
export const LEAK_APP_SECRET = 'leak-canary-app-secret-1a2b3c4d';

/** One place text goes: its name (for the failure message) and the text. */
export interface LeakSource {
  readonly name: string;
  readonly text: string;
}

/** Every form of an error: message, String(), stack, JSON, util.inspect (hidden fields too), and its `url` and `help`. */
export function errorSources(name: string, error: unknown): LeakSource[] {
  const forms = renderedForms(error);
  const labels = ['String(err)', 'err.message', 'err.stack', 'JSON.stringify(err)', 'util.inspect(err)'];
  const extra = error instanceof Error ? [String((error as { url?: unknown }).url ?? ''), String((error as { help?: unknown }).help ?? '')] : [];
  return [...forms.map((text, i) => ({ name: `${name}: ${labels[i] ?? i}`, text })), ...extra.map((text) => ({ name: `${name}: url/help`, text }))];
}

/** Any value as text the way it is logged or stored: JSON and util.inspect. */
export function valueSources(name: string, value: unknown): LeakSource[] {
  return [
    { name: `${name}: JSON`, text: JSON.stringify(value, (_, v: unknown) => (v instanceof Date ? v.toISOString() : v)) ?? '' },
    { name: `${name}: inspect`, text: inspect(value, { depth: 12, showHidden: true }) },
  ];
}

/** Text with every `%XX` sequence decoded (byte-wise, as UTF-8), whatever its case; the rest kept. */
export function percentDecoded(text: string): string {
  return text.replace(/(?:%[0-9a-f]{2})+/gi, (run) => Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'));
}

/**
 * Fails, naming the source, if any source contains a secret verbatim or in a common
 * encoding (URL-encoded in any case and mix, base64).
 */
export function expectNoLeaks(sources: readonly LeakSource[], secrets: readonly string[] = [LEAK_TOKEN, LEAK_APP_SECRET]): void {
  const needles = secrets.flatMap((secret) => [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')]);
  const leaks = sources.flatMap((source) => {
    const decoded = percentDecoded(source.text);
    return needles.filter((needle) => source.text.includes(needle) || decoded.includes(needle)).map((needle) => `${source.name} contains ${needle}`);
  });
  expect(leaks).toEqual([]);
}

/**
 * Runs a walk through `retryOnRateLimit` and `pollDiff` until the second snapshot and
 * collects what leaves on the way: every retry report, every snapshot and every change.
 */
export function pollLeakSources<T extends { readonly id: string; readonly updated_time: Date }>(walk: Observable<T>): Promise<LeakSource[]> {
  const sources: LeakSource[] = [];
  const stop = new Subject<void>();
  return new Promise<LeakSource[]>((resolve, reject) => {
    walk
      .pipe(
        retryOnRateLimit({ baseDelayMs: 1, maxDelayMs: 2, onRetry: (info) => sources.push(...errorSources('onRetry error', info.error), ...valueSources('onRetry', info)) }),
        pollDiff({
          intervalMs: 0,
          onSnapshot: (snapshot) => {
            sources.push(...valueSources('snapshot', snapshot));
            if (snapshot.polls >= 2) {
              stop.next();
              resolve(sources);
            }
          },
        }),
        takeUntil(stop),
      )
      .subscribe({ next: (change) => sources.push(...valueSources('change', change)), error: reject });
  });
}
