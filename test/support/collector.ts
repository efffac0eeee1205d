// For tests that ask the garbage collector whether something is still held: a forced
// full GC, the next macrotask (a WeakRef's target stays alive until the job that made
// the WeakRef ends), and a one-shot signal to hold a fake server at a chosen moment.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
/** A full garbage collection, now. */
export const gc = runInNewContext('gc') as () => void;

/** Resolves on the next macrotask. */
export const nextTask = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/** A promise and the function that resolves it: `fire()` once the awaited moment came. */
export function signal(): { readonly fired: Promise<void>; readonly fire: () => void } {
  let fire = () => {};
  const fired = new Promise<void>((resolve) => (fire = resolve));
  return { fired, fire };
}
