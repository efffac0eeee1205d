/**
 * `npm run bench:instructions`: the client's instructions per page, counted, for the raw
 * loop, the steps loop and the library (`conversations$`), on the emulator.
 *
 * Why counts: on this kind of machine (a VM with a large per-process draw, see README.md)
 * the timed walk bench needs 7 forks of fresh processes to tell 5% apart, and the same
 * code reads 0.94-1.42 between two processes. Instructions retired do not depend on the
 * machine's state: valgrind (cachegrind, no cache simulation) counts every instruction
 * the client process runs, its JIT code, V8's builtins and runtime, the collector and
 * the kernel-facing libc alike. Under `node --predictable` (no concurrent compilation or
 * marking: everything on one thread, in an order that does not depend on timing) a
 * process with no I/O reads the same count to within 0.01% run after run. A walk reads
 * within a few percent: where the heap's growth puts a major collection (in the run of 3
 * walks or of 8), and whether a body arrives in one read or several, still move it (five
 * runs: the library 3,813k-3,885k a page, the raw loop 2,611k-2,755k). So a change of 5%
 * shows in one run, and one of 2% in the median of a few; forcing a collection before
 * every walk was tried and dropped (it costs more than the walk and warps the figures).
 *
 * What counts cannot show: time. A cache miss costs one instruction here and a hundred
 * cycles on the machine, a syscall is one instruction, waiting on the server none; and
 * `--predictable` moves the collector's work onto the main thread. The timed bench
 * (`npm run bench`) stays the verdict on every target; this bench is the ruler for the
 * client's own work, a change at a time.
 *
 * How: each contender runs twice under valgrind, 3 walks and 8 walks of 200 pages, in
 * fresh processes; the difference over 5 walks is per walk, start-up cancelled: early
 * walks (the timed bench's contender processes measure walks 20-25). V8 goes on
 * optimizing functions that run once a page for several walks: in walks 4-8, TurboFan's
 * own work was most of what the library ran beyond the steps loop (~50M instructions a
 * walk), in walks 21-26 7M. `--walks 20,26` counts such a later window, what a
 * long-lived app pays per page once that is done (two runs: library/stepsLoop 1.03 and
 * 1.08, library/raw 1.34 and 1.47: a window of 6 walks moves more with where a major
 * collection falls). `--steps` also counts the steps loop without each of its steps in
 * turn, what each step costs; in walks 3-8 those differences are noise (a step left out
 * moves when V8 compiles the rest), so pair it with a late window: `--steps --walks 12,20`.
 * Needs valgrind (Debian: `apt-get install valgrind`).
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startRemoteEmulator } from './emulatorClient';
import { PAGE_ID, type Contender } from './contenders';
import { STEPS, type Step } from './stepsLoop';

const run = promisify(execFile);
const WALKER = fileURLToPath(new URL('./.instructions-walker.mjs', import.meta.url));
const OUT = fileURLToPath(new URL('./instructions.json', import.meta.url));
const THREADS = 20_000;
const LIMIT = 100;
const PAGES = THREADS / LIMIT;
/** The two runs' walk counts: 3 and 8 unless `--walks a,b` says otherwise (see above). */
function walkCounts(): readonly [number, number] {
  const at = process.argv.indexOf('--walks');
  const [few, many] = at === -1 ? [3, 8] : (process.argv[at + 1] ?? '').split(',').map(Number);
  if (!Number.isInteger(few) || !Number.isInteger(many) || (few as number) < 1 || (many as number) <= (few as number)) throw new Error('--walks takes two whole numbers, the second larger: --walks 3,8');
  return [few as number, many as number];
}
const WALKS = walkCounts();
/** `--steps`: also count the steps loop without each of its steps in turn (see stepsLoop.ts). */
const BREAKDOWN = process.argv.includes('--steps');
const CONTENDERS: readonly Contender[] = ['raw', 'stepsLoop', 'library'];

/** The instructions valgrind counted for one process: `<walks>` walks after start-up (the steps loop without `without`). */
async function count(name: Contender, walks: number, origin: string, without: readonly Step[] = []): Promise<number> {
  const valgrind = ['--tool=cachegrind', '--cache-sim=no', '--smc-check=all-non-file', '--cachegrind-out-file=/dev/null'];
  const { stdout, stderr } = await run('valgrind', [...valgrind, process.execPath, '--predictable', WALKER, name, String(walks), origin, String(LIMIT), without.join(',')], { maxBuffer: 1 << 24 });
  if (Number(stdout.trim()) !== walks * THREADS) throw new Error(`${name}: counted ${stdout.trim()} threads in ${walks} walks, expected ${walks * THREADS}`);
  const refs = /I\s+refs:\s+([\d,]+)/.exec(stderr)?.[1];
  if (refs === undefined) throw new Error(`${name}: no instruction count in valgrind's output:\n${stderr.slice(-2000)}`);
  return Number(refs.replaceAll(',', ''));
}

async function main(): Promise<void> {
  try {
    await run('valgrind', ['--version']);
  } catch {
    console.error('bench:instructions needs valgrind: apt-get install valgrind');
    process.exit(1);
  }
  const emulator = await startRemoteEmulator({ pages: [{ id: PAGE_ID, name: 'Bench Page', threads: { MESSENGER: { inbox: THREADS } } }], latencyMs: 0 });
  const perPage: Partial<Record<Contender, number>> = {};
  const stepCost: Partial<Record<Step, number>> = {};
  // Both runs at once: counts do not depend on timing, and the machine has two cores.
  const countPerPage = async (name: Contender, without: readonly Step[] = []) => {
    const [few, many] = await Promise.all(WALKS.map((walks) => count(name, walks, emulator.url, without)));
    return ((many as number) - (few as number)) / (WALKS[1] - WALKS[0]) / PAGES;
  };
  const thousands = (n: number) => `${Math.round(n / 1000)}k`;
  try {
    for (const name of CONTENDERS) {
      perPage[name] = await countPerPage(name);
      console.log(`${name.padEnd(10)} ${thousands(perPage[name] as number)} instructions a page`);
    }
    for (const step of BREAKDOWN ? STEPS : []) {
      stepCost[step] = (perPage.stepsLoop as number) - (await countPerPage('stepsLoop', [step]));
      console.log(`  ${step.padEnd(10)} ${thousands(stepCost[step] as number)} a page (the steps loop without it, against the whole loop): ${Math.round(((stepCost[step] as number) / (perPage.raw as number)) * 100)}% of the raw loop`);
    }
  } finally {
    await emulator.close();
  }
  const ratio = (a: Contender, b: Contender) => Math.round(((perPage[a] as number) / (perPage[b] as number)) * 1000) / 1000;
  const results = {
    per_page: Object.fromEntries(Object.entries(perPage).map(([name, n]) => [name, Math.round(n)])),
    library_ratio: ratio('library', 'raw'),
    steps_ratio: ratio('stepsLoop', 'raw'),
    machinery_ratio: ratio('library', 'stepsLoop'),
    ...(BREAKDOWN ? { steps_breakdown: Object.fromEntries(Object.entries(stepCost).map(([step, n]) => [step, Math.round(n)])) } : {}),
    meta: { pages_per_walk: PAGES, walks: WALKS, node: process.version, flags: '--predictable' },
  };
  console.log(`library/raw ${results.library_ratio}  stepsLoop/raw ${results.steps_ratio}  library/stepsLoop ${results.machinery_ratio}`);
  await writeFile(OUT, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`written to ${OUT}`);
}

await main();
