import { execFile } from 'node:child_process';
import { join } from 'node:path';

// @angular/core is ESM-only, so jest (CommonJS) cannot load it: the check runs in its own
// Node process with tsx, compiled with the example's tsconfig (experimentalDecorators, and
// `rx-graph-conversations` mapped to src/). The check prints one JSON line of named checks.
const root = join(__dirname, '..', '..');

interface CheckResult {
  readonly ok: boolean;
  readonly checks: Record<string, { readonly ok: boolean; readonly detail?: unknown }>;
  readonly timings: Record<string, number>;
}

function runCheck(): Promise<{ code: number | null; result: CheckResult | undefined; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'examples/angular/test/inbox.check.ts'],
      { cwd: root, env: { ...process.env, TSX_TSCONFIG_PATH: 'examples/angular/tsconfig.json' }, timeout: 25_000 },
      (_error, stdout, stderr) => {
        const last = stdout.trim().split('\n').at(-1) ?? '';
        let result: CheckResult | undefined;
        try {
          result = JSON.parse(last) as CheckResult;
        } catch {
          result = undefined;
        }
        resolve({ code: child.exitCode, result, stderr });
      },
    );
  });
}

describe('examples/angular: PageInboxService', () => {
  it('created by Angular\'s injector, emits threads and changes from the emulator through the token-holding proxy and stops requesting once destroyed', async () => {
    const { code, result, stderr } = await runCheck();
    expect(result).toBeDefined();
    const failed = Object.entries(result?.checks ?? {}).filter(([, check]) => !check.ok);
    expect({ failed, stderr: result?.ok === true ? '' : stderr }).toEqual({ failed: [], stderr: '' });
    expect(Object.keys(result?.checks ?? {})).toEqual(
      expect.arrayContaining([
        'threads$ emits every thread of the configured folders from the emulator',
        'the proxy adds the token to every request Graph gets, as a header, never in the url',
        'the service never holds the token: what it emits carries neither the token nor its placeholder',
        'changes$ reports the new message as updated',
        'destroying the injector completes threads$ and changes$',
        'destroying the injector aborts the requests in flight',
        'no request reaches the emulator after destroy but our own',
      ]),
    );
    expect(result?.ok).toBe(true);
    expect(code).toBe(0);
  }, 30_000); // about 2 s alone (1 s of it loading tsx and Angular); more when the machine is busy
});
