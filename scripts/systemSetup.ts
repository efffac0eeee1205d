/**
 * Pure: what `npm test` does about the system programs it needs before running anything:
 * nothing (all there), install the missing ones with apt-get (as root on Debian), or stop
 * with one line that says what to install.
 */
import { programPath, type SystemProgram } from '../test/support/systemPrograms';

export type SetupPlan =
  | { readonly kind: 'ready' }
  | { readonly kind: 'install'; readonly packages: readonly string[]; readonly line: string }
  | { readonly kind: 'stop'; readonly line: string };

export interface Machine {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly isExecutable: (path: string) => boolean;
  /** Root with apt-get on PATH: installing is ours to do. */
  readonly canApt: boolean;
}

const pathOf = (program: SystemProgram, env: Machine['env']): { readonly path: string; readonly chosen: boolean } => {
  const path = programPath(program, env);
  return { path, chosen: path !== program.defaultPath };
};

/** The plan for these programs on this machine. */
export function planSetup(programs: readonly SystemProgram[], machine: Machine): SetupPlan {
  const missing = programs.map((program) => ({ program, ...pathOf(program, machine.env) })).filter(({ path }) => !machine.isExecutable(path));
  if (missing.length === 0) return { kind: 'ready' };
  // A path the user chose is theirs to fix: apt-get would install elsewhere.
  const chosen = missing.filter((m) => m.chosen);
  if (chosen.length > 0) {
    const what = chosen.map((m) => `${m.program.env}=${m.path}`).join(', ');
    return { kind: 'stop', line: `npm test: ${what} ${chosen.length === 1 ? 'is' : 'are'} not an executable file: point ${chosen.map((m) => m.program.env).join(' / ')} at the program, or unset it to use Debian's path` };
  }
  const packages = missing.map((m) => m.program.debianPackage);
  const needs = missing.map((m) => `${m.program.debianPackage} (${m.path}, for ${m.program.purpose})`).join(' and ');
  if (machine.canApt) return { kind: 'install', packages, line: `npm test: installing ${needs} with apt-get` };
  const envs = missing.map((m) => m.program.env).join(' / ');
  return { kind: 'stop', line: `npm test needs ${needs}: install ${missing.length === 1 ? 'it' : 'them'} (sudo apt-get install ${packages.join(' ')}) or set ${envs} to ${missing.length === 1 ? 'its path' : 'their paths'}` };
}
