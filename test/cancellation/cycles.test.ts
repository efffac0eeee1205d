// 10,000 subscribe/unsubscribe cycles leave heap and handle counts flat. Runs in a child
// process with --expose-gc, so the heap is measured after real collections.
import { spawnSync } from 'node:child_process';
import { writeSync } from 'node:fs';
import { join } from 'node:path';

jest.setTimeout(120_000);

interface Sample {
  readonly heapUsed: number;
  readonly resources: Record<string, number>;
}

it('10,000 subscribe/unsubscribe cycles: heap and active resources stay flat', () => {
  const script = join(__dirname, 'cycles.script.ts');
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', script], { encoding: 'utf8', cwd: join(__dirname, '..', '..'), env: { ...process.env, CYCLES: '10000' } });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const figures = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as {
    cycles: number;
    inFlight: number;
    completed: number;
    immediate: number;
    ms: number;
    warm: Sample;
    end: Sample;
    closed: Record<string, number>;
  };
  // Written to fd 1 directly: through process.stdout.write, Jest's reporter flushes on a
  // debounce timer of its own, which `npm run test:handles` then reported as an open
  // handle of this test (seen under load: "Timeout ... at debouncedFlush").
  writeSync(
    process.stdout.fd,
    `cycles=${figures.cycles} (in flight ${figures.inFlight}, completed ${figures.completed}, immediate ${figures.immediate}) in ${figures.ms} ms; ` +
      `heap after warm-up ${(figures.warm.heapUsed / 1e6).toFixed(1)} MB, at the end ${(figures.end.heapUsed / 1e6).toFixed(1)} MB; ` +
      `resources ${JSON.stringify(figures.warm.resources)} -> ${JSON.stringify(figures.end.resources)}, after close ${JSON.stringify(figures.closed)}\n`,
  );
  expect(figures.cycles).toBe(10_000);
  // The same handles as after the warm-up (the emulator's server, at most its keep-alive socket).
  expect(figures.end.resources).toEqual(figures.warm.resources);
  // Once the emulator is closed, only the child's own stdio is left: no socket, no timer.
  expect(Object.keys(figures.closed).filter((type) => type !== 'PipeWrap' && type !== 'TTYWrap')).toEqual([]);
  // 9,000 cycles after the warm-up: a leak of even 300 bytes per cycle would show.
  expect(figures.end.heapUsed - figures.warm.heapUsed).toBeLessThan(3 * 1024 * 1024);
});
