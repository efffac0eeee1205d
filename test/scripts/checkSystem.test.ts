import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { planSetup } from '../../scripts/systemSetup';
import { CHROMIUM, REDIS_SERVER, SYSTEM_PROGRAMS } from '../support/systemPrograms';

const root = join(__dirname, '..', '..');
const only =
  (...present: string[]) =>
  (path: string) =>
    present.includes(path);

describe("npm test's check of the system programs", () => {
  it('does nothing when every program is at its path', () => {
    expect(planSetup(SYSTEM_PROGRAMS, { env: {}, isExecutable: only('/usr/bin/chromium', '/usr/bin/redis-server'), canApt: false })).toEqual({ kind: 'ready' });
  });

  it('uses the paths the environment variables give', () => {
    const env = { [CHROMIUM.env]: '/opt/chrome/chrome', [REDIS_SERVER.env]: '/opt/redis/bin/redis-server' };
    expect(planSetup(SYSTEM_PROGRAMS, { env, isExecutable: only('/opt/chrome/chrome', '/opt/redis/bin/redis-server'), canApt: true })).toEqual({ kind: 'ready' });
  });

  it('installs the missing Debian packages with apt-get when it may, saying so in one line', () => {
    const plan = planSetup(SYSTEM_PROGRAMS, { env: {}, isExecutable: only('/usr/bin/redis-server'), canApt: true });
    expect(plan).toEqual({ kind: 'install', packages: ['chromium'], line: "npm test: installing chromium (/usr/bin/chromium, for the dashboard's browser test) with apt-get" });
  });

  it('otherwise stops with one line that says what to install and which variables point elsewhere', () => {
    const plan = planSetup(SYSTEM_PROGRAMS, { env: {}, isExecutable: only(), canApt: false });
    expect(plan.kind).toBe('stop');
    const line = plan.kind === 'stop' ? plan.line : '';
    expect(line).not.toContain('\n');
    expect(line).toContain('sudo apt-get install chromium redis-server');
    expect(line).toContain('CHROMIUM_PATH / REDIS_SERVER_PATH');
  });

  it('does not install over a path the user chose: it says that path is wrong', () => {
    const plan = planSetup(SYSTEM_PROGRAMS, { env: { [CHROMIUM.env]: '/opt/nothing-here' }, isExecutable: only('/usr/bin/chromium', '/usr/bin/redis-server'), canApt: true });
    expect(plan).toEqual({ kind: 'stop', line: expect.stringContaining('CHROMIUM_PATH=/opt/nothing-here is not an executable file') as unknown as string });
  });

  it('as a script, stops at once with exit 1 and that one line on stderr', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/checkSystem.ts'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, [CHROMIUM.env]: join(root, 'no-such-chromium') },
    });
    expect({ status: run.status, stdout: run.stdout, lines: run.stderr.trim().split('\n').length }).toEqual({ status: 1, stdout: '', lines: 1 });
    expect(run.stderr).toContain(`${CHROMIUM.env}=${join(root, 'no-such-chromium')} is not an executable file`);
  });
});
