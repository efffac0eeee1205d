import { lastValueFrom, type Observable, toArray } from 'rxjs';

/** Collects a stream, or returns the error it ended with. */
export async function settle<A>(source: Observable<A>): Promise<{ values: A[]; error?: unknown }> {
  const values: A[] = [];
  return new Promise((resolve) => {
    source.subscribe({
      next: (v) => values.push(v),
      error: (error: unknown) => resolve({ values, error }),
      complete: () => resolve({ values }),
    });
  });
}

/** Collects a stream that must complete. */
export function collect<A>(source: Observable<A>): Promise<A[]> {
  return lastValueFrom(source.pipe(toArray()));
}
