import type { Emulator } from '../../src/testing/index';

/** Resolves once the emulator has received at least `count` requests (since its log was cleared). */
export async function untilRequests(emulator: Emulator, count: number): Promise<void> {
  // Checking and registering happen in one synchronous step, so no arrival slips between.
  while (emulator.requests.length < count) await emulator.nextRequest();
}
