import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/testing/index';

/**
 * Before each test, clears the request log and the injected faults of the emulator a test
 * file shares: a fault a test left unused (its request given up before it arrived, a short
 * `timeoutMs` on a busy machine) would otherwise take the next test's request.
 */
export function clearBetweenTests(emulator: () => Emulator | undefined): void {
  beforeEach(() => {
    emulator()?.clearRequests();
    emulator()?.clearFaults();
  });
}

/**
 * One emulator for a test file: started before its tests, closed after them, cleared
 * before each test ({@link clearBetweenTests}). `use` receives it once it listens.
 */
export function useEmulator(use: (emulator: Emulator) => void, options?: EmulatorOptions): void {
  let started: Emulator | undefined;
  beforeAll(async () => {
    started = await startEmulator(options);
    use(started);
  });
  afterAll(() => started?.close());
  clearBetweenTests(() => started);
}
