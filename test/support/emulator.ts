import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/testing/index';

/**
 * One emulator for a test file: started before its tests, closed after them, its request
 * log and injected faults cleared before each test (a fault a test left unused, its
 * request given up before it arrived, would take the next test's request). `use`
 * receives it once it listens.
 */
export function useEmulator(use: (emulator: Emulator) => void, options?: EmulatorOptions): void {
  let started: Emulator | undefined;
  beforeAll(async () => {
    started = await startEmulator(options);
    use(started);
  });
  afterAll(() => started?.close());
  beforeEach(() => {
    started?.clearRequests();
    started?.clearFaults();
  });
}
