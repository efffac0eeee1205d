// Seeded chaos: random faults and a random mutator (bumps, moves, deletes, new threads)
// against full walks, pollDiff and mergeFolders. Part of `npm test` (a few seeds,
// bounded); `npm run soak` runs the same code for longer (CHAOS_SOAK=1, CHAOS_ROUNDS,
// CHAOS_SEED to replay one seed). Each run prints requests, faults, duplicates, losses
// and phantom removals; any of the last three above zero fails it. pollDiff over every
// folder confirms removals with Graph (confirmRemovedThreads); over one folder it keeps
// the default two-scan rule.
import { formatFigures, mergeScenario, pollScenario, startChaosRun, walkScenario, type Figures, type Shaking } from './harness';

const soak = process.env['CHAOS_SOAK'] === '1';
const replay = process.env['CHAOS_SEED'] === undefined ? undefined : Number(process.env['CHAOS_SEED']);
const rounds = Number(process.env['CHAOS_ROUNDS'] ?? (soak ? 25 : 3));
const firstSeed = replay ?? (soak ? Date.now() % 100_000 : 1);
const seeds = replay !== undefined && process.env['CHAOS_ROUNDS'] === undefined ? [replay] : Array.from({ length: rounds }, (_, i) => firstSeed + i);
const scale = soak ? 3 : 1;

jest.setTimeout(soak ? 6 * 3600_000 : 60_000);

function report(figures: Figures): void {
  process.stdout.write(`${formatFigures(figures)}\n`);
  if (figures.duplicates > 0 || figures.lost > 0 || figures.phantoms > 0 || figures.problems.length > 0) {
    throw new Error(`chaos failed; replay with CHAOS_SEED=${figures.seed} npm run soak\n${formatFigures(figures)}`);
  }
}

/** The server mutates fast and never fails: what a walk misses is the mutation's doing alone. */
const MUTATING: Shaking = { faultRate: 0, mutateRate: 0.5, kinds: ['add-message', 'move-thread', 'delete-thread'] };
/** Both at once: bumps, moves and deletes, and 30% faults. */
const MUTATING_AND_FAILING: Shaking = { faultRate: 0.3, mutateRate: 0.5, kinds: ['add-message', 'move-thread', 'delete-thread'] };
/** Fewer faults, since each one ends the stream: a full scan of 8 pages still completes half the time. */
const MUTATING_AND_SOMETIMES_FAILING: Shaking = { faultRate: 0.1, mutateRate: 0.5, kinds: ['add-message', 'move-thread', 'delete-thread'] };

describe.each(seeds)('chaos seed %i', (seed) => {
  it('full walks with retryOnRateLimit deliver every untouched thread exactly once', async () => {
    const run = await startChaosRun(seed);
    try {
      report(await walkScenario(run, 2 * scale));
    } finally {
      await run.close();
    }
  });

  it('pollDiff ends with the emulator state after calm and two full scans', async () => {
    const run = await startChaosRun(seed);
    try {
      report(await pollScenario(run, 12 * scale, { merged: false }));
    } finally {
      await run.close();
    }
  });

  it('mergeFolders over every folder delivers every untouched thread exactly once', async () => {
    const run = await startChaosRun(seed);
    try {
      report(await mergeScenario(run, 2 * scale));
    } finally {
      await run.close();
    }
  });

  it('pollDiff over mergeFolders, confirming removals with Graph, ends with the emulator state', async () => {
    const run = await startChaosRun(seed);
    try {
      report(await pollScenario(run, 8 * scale, { merged: true }));
    } finally {
      await run.close();
    }
  });

  it('full walks under bumps, moves and deletes deliver every untouched thread exactly once', async () => {
    const run = await startChaosRun(seed);
    try {
      report(await walkScenario(run, 2 * scale, MUTATING));
    } finally {
      await run.close();
    }
  });

  it('pollDiff under bumps, moves and deletes with no faults reports no phantom removal', async () => {
    const run = await startChaosRun(seed);
    try {
      report(await pollScenario(run, 12 * scale, { merged: false, shaking: MUTATING }));
    } finally {
      await run.close();
    }
  });

  it('pollDiff over mergeFolders, confirming removals with Graph, under bumps, moves, deletes and faults reports no phantom removal', async () => {
    const run = await startChaosRun(seed);
    try {
      report(await pollScenario(run, 8 * scale, { merged: true, shaking: MUTATING_AND_FAILING }));
    } finally {
      await run.close();
    }
  });

  it('pollDiff restarted from its store after every error emits each change once', async () => {
    const run = await startChaosRun(seed);
    try {
      report(await pollScenario(run, 12 * scale, { merged: false, shaking: MUTATING_AND_SOMETIMES_FAILING, restarts: true }));
    } finally {
      await run.close();
    }
  });

  it('consistent walks under bumps, moves, deletes and faults deliver every thread that was only bumped, exactly once', async () => {
    const run = await startChaosRun(seed);
    try {
      report(await walkScenario(run, 2 * scale, MUTATING_AND_FAILING, true));
    } finally {
      await run.close();
    }
  });
});
