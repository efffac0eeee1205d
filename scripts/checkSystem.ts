/**
 * `npm test`'s first step (the `pretest` script): the system programs the tests drive are
 * there, installed with apt-get when this process may (root on Debian), or the run stops
 * at once with one line that says what to install. What each needs: systemPrograms.ts.
 */
import { spawnSync } from 'node:child_process';
import { isExecutable, SYSTEM_PROGRAMS } from '../test/support/systemPrograms';
import { planSetup } from './systemSetup';

const onPath = (name: string): boolean => spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;

function apt(args: readonly string[]): void {
  const run = spawnSync('apt-get', args, { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, stdio: ['ignore', 'pipe', 'pipe'] });
  if (run.status !== 0) {
    process.stderr.write(`${run.stdout}${run.stderr}`);
    throw new Error(`apt-get ${args.join(' ')} failed (exit ${String(run.status)})`);
  }
}

function main(): number {
  const machine = { env: process.env, isExecutable, canApt: process.getuid?.() === 0 && onPath('apt-get') };
  const plan = planSetup(SYSTEM_PROGRAMS, machine);
  if (plan.kind === 'ready') return 0;
  if (plan.kind === 'stop') {
    process.stderr.write(`${plan.line}\n`);
    return 1;
  }
  process.stdout.write(`${plan.line}\n`);
  apt(['update', '-qq']);
  apt(['install', '-y', '-qq', ...plan.packages]);
  const after = planSetup(SYSTEM_PROGRAMS, { ...machine, canApt: false });
  if (after.kind === 'stop') {
    process.stderr.write(`${after.line}\n`);
    return 1;
  }
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  process.stderr.write(`npm test: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
