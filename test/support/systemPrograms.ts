/**
 * The system programs the tests drive, where they are, and the environment variables
 * that point elsewhere: Debian's Chromium for the dashboard's browser test (playwright-core
 * downloads no browser) and Debian's redis-server for the multi-worker tests. One list
 * for the tests and for `scripts/checkSystem.ts`, which `npm test` runs first.
 */
import { accessSync, constants } from 'node:fs';

export interface SystemProgram {
  /** What it is for, in a sentence's middle. */
  readonly purpose: string;
  /** The environment variable that names another path. */
  readonly env: string;
  /** Where Debian installs it. */
  readonly defaultPath: string;
  /** The Debian package that installs it there. */
  readonly debianPackage: string;
}

export const CHROMIUM: SystemProgram = { purpose: "the dashboard's browser test", env: 'CHROMIUM_PATH', defaultPath: '/usr/bin/chromium', debianPackage: 'chromium' };
export const REDIS_SERVER: SystemProgram = { purpose: 'the Redis adapter and multi-worker tests', env: 'REDIS_SERVER_PATH', defaultPath: '/usr/bin/redis-server', debianPackage: 'redis-server' };
export const SYSTEM_PROGRAMS: readonly SystemProgram[] = [CHROMIUM, REDIS_SERVER];

type Env = Readonly<Record<string, string | undefined>>;

/** The program's path: its environment variable when set, else Debian's path. */
export function programPath(program: SystemProgram, env: Env = process.env): string {
  const given = env[program.env]?.trim();
  return given === undefined || given === '' ? program.defaultPath : given;
}

/** Whether the path is a file this process may run. */
export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The path of the program, or an error that says how to get it (for a test's beforeAll). */
export function requireProgram(program: SystemProgram, env: Env = process.env): string {
  const path = programPath(program, env);
  if (!isExecutable(path)) {
    throw new Error(`${path} is missing or not executable: ${program.purpose} needs it (apt-get install ${program.debianPackage}, which npm test does as root; or set ${program.env})`);
  }
  return path;
}
