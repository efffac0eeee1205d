/**
 * Node's `setImmediate`, taken when the module loads (a test that fakes timers afterwards
 * must not stall a walk on it); `undefined` in browsers.
 */
const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;

/**
 * Resolves once the event loop has taken a turn: on Node, after `setImmediate`, so the
 * callbacks Node queued meanwhile (`process.nextTick`) have run. A request made with
 * `node:http` is written to its socket in such a callback, so awaiting this puts a
 * request just made on the wire before whatever comes next. Where there is no
 * `setImmediate` (browsers, whose fetch sends on its own), it resolves at once.
 */
export function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => {
    if (typeof immediate === 'function') immediate(resolve);
    else resolve();
  });
}
