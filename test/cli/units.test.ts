import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Subject } from 'rxjs';
import { KIND_HELP, type ErrorKind } from '../../src/errors/kinds';
import { EXIT, EXIT_CODES, exitCodeFor, exitCodesHelp } from '../../src/cli/exitCodes';
import { ndjsonLine, secretScrubber, writeNdjson } from '../../src/cli/ndjson';
import { parseCliOptions, parseFields, parseWatch, secretsIn } from '../../src/cli/options';
import { Progress } from '../../src/cli/progress';
import { GraphApiError, InvalidInputError, TransportError } from '../../src/index';

// The pure parts of the command line, in process.

describe('options', () => {
  const env = { GRAPH_ACCESS_TOKEN: 'env-token', GRAPH_URL: 'http://127.0.0.1:9' };
  const parsed = (args: Parameters<typeof parseCliOptions>[1], e: Record<string, string | undefined> = env) => {
    const result = parseCliOptions('1001', args, e);
    if (result._tag === 'Left') throw result.left;
    return result.right;
  };
  const rejected = (args: Parameters<typeof parseCliOptions>[1], e: Record<string, string | undefined> = env) => {
    const result = parseCliOptions('1001', args, e);
    if (result._tag === 'Right') throw new Error('expected a rejection');
    return result.left;
  };

  it('takes the token and Graph URL from the environment, and flags over the environment', () => {
    expect(parsed({})).toMatchObject({ accessToken: 'env-token', graphUrl: 'http://127.0.0.1:9', maxRetries: 5, watchMs: undefined });
    expect(parsed({ token: 'flag-token', graphUrl: 'http://127.0.0.1:8' })).toMatchObject({ accessToken: 'flag-token', graphUrl: 'http://127.0.0.1:8' });
    expect(parsed({}, { GRAPH_ACCESS_TOKEN: 'x-token' }).graphUrl).toBeUndefined(); // the library's default: the real Graph API
  });

  it('asks for no more than --max needs when no page size is given', () => {
    expect(parsed({ max: '5' })).toMatchObject({ max: 5, limit: 5 });
    expect(parsed({ max: '500' })).toMatchObject({ max: 500, limit: 100 });
    expect(parsed({ max: '500', limit: '20' })).toMatchObject({ max: 500, limit: 20 });
  });

  it('normalises folder and platform spelling', () => {
    expect(parsed({ folder: 'SPAM', platform: 'instagram' })).toMatchObject({ folder: 'spam', platform: 'INSTAGRAM' });
  });

  it('parses --fields into known, distinct field names, and explains unknown ones', () => {
    expect(parseFields(' snippet,unread_count,snippet ,')).toEqual({ _tag: 'Right', right: ['snippet', 'unread_count'] });
    const nested = parseFields('messages.limit(5){message}');
    expect(nested._tag === 'Left' && nested.left.message).toMatch(/\(nested selections are not supported here: use messages\); known fields: id, updated_time/);
    expect(parseFields(',')._tag).toBe('Left');
  });

  it('reads --watch as seconds, 30 when bare', () => {
    expect(parseWatch(true)).toEqual({ _tag: 'Right', right: 30_000 });
    expect(parseWatch('0.25')).toEqual({ _tag: 'Right', right: 250 });
    for (const bad of ['0', '-1', 'soon', '', 'Infinity']) expect(parseWatch(bad)._tag).toBe('Left');
  });

  it('rejects flag combinations that make no sense, naming the flag', () => {
    expect(rejected({ folder: 'inbox', allFolders: true }).option).toBe('--folder');
    expect(rejected({ max: '3', watch: true }).option).toBe('--max');
    expect(rejected({ maxRetries: '-1' }).option).toBe('--max-retries');
    expect(rejected({ user: ' ' }).option).toBe('--user');
    expect(rejected({}, {}).option).toBe('--token');
    expect(rejected({}, {})).toBeInstanceOf(InvalidInputError);
  });

  it('finds the secrets on the command line before parsing it', () => {
    expect(secretsIn(['1001', '--token', 'a-token', '--app-secret=shh-secret'], { GRAPH_ACCESS_TOKEN: 'env-token' }).sort()).toEqual(
      ['a-token', 'a-token', 'env-token', 'env-token', 'shh-secret', 'shh-secret'].sort(),
    );
  });
});

describe('exit codes', () => {
  it('give every error kind a documented code, never the one for bugs', () => {
    for (const kind of Object.keys(KIND_HELP) as ErrorKind[]) {
      const code = exitCodeFor({ kind });
      expect([kind, code]).toEqual([kind, expect.any(Number)]);
      expect([kind, code]).not.toEqual([kind, EXIT.internal]);
      expect(exitCodesHelp()).toContain(`  ${code}  `);
    }
    expect(new Set(EXIT_CODES.map((row) => row.code)).size).toBe(EXIT_CODES.length);
  });

  it('follow the kind of real errors', () => {
    expect(exitCodeFor(new GraphApiError({ status: 400, code: 190, message: 'expired' }))).toBe(3);
    expect(exitCodeFor(new GraphApiError({ status: 403, code: 200, message: 'nope' }))).toBe(4);
    expect(exitCodeFor(new GraphApiError({ status: 400, code: 80006, message: 'slow down' }))).toBe(5);
    expect(exitCodeFor(new TransportError({ kind: 'timeout', message: 'late' }))).toBe(6);
    expect(exitCodeFor(new GraphApiError({ status: 500, code: 1, message: 'oops' }))).toBe(7);
    expect(exitCodeFor(new InvalidInputError('limit', 'no'))).toBe(2);
    expect(exitCodeFor(new Error('bug'))).toBe(1);
  });
});

describe('ndjson', () => {
  it('writes one line per value, dates as ISO strings, newlines escaped', () => {
    expect(ndjsonLine({ id: 't_1', updated_time: new Date('2024-03-01T12:30:05Z'), snippet: 'a\nb', gone: undefined })).toBe(
      '{"id":"t_1","updated_time":"2024-03-01T12:30:05.000Z","snippet":"a\\nb"}\n',
    );
  });

  it('removes secrets and nothing else', () => {
    const scrub = secretScrubber(['tok-123456', 'tok-123456-longer', 'ab']);
    expect(scrub('x tok-123456-longer y tok-123456 ab')).toBe('x [redacted] y [redacted] ab');
  });

  it('waits for drain when the sink is full before passing the value on', () => {
    const written: string[] = [];
    let drain: (() => void) | undefined;
    const sink = {
      write: (chunk: string) => (written.push(chunk), written.length !== 1),
      once: (_event: 'drain', listener: () => void) => (drain = listener),
    };
    const source = new Subject<{ n: number }>();
    const passed: number[] = [];
    source.pipe(writeNdjson(sink)).subscribe((v) => passed.push(v.n));
    source.next({ n: 1 });
    source.next({ n: 2 });
    expect({ written: written.length, passed }).toEqual({ written: 1, passed: [] }); // the second waits: concatMap holds it
    drain?.();
    return Promise.resolve().then(() => {
      expect(passed).toEqual([1, 2]);
      expect(written).toEqual(['{"n":1}\n', '{"n":2}\n']);
    });
  });
});

describe('progress', () => {
  const sink = (isTTY: boolean) => {
    const chunks: string[] = [];
    return { chunks, isTTY, write: (chunk: string) => (chunks.push(chunk), true) };
  };

  it('draws pages, items and rate in place on a terminal, at most every everyMs', () => {
    let now = 0;
    const out = sink(true);
    const progress = new Progress(out, { now: () => now, everyMs: 100 });
    progress.page();
    now = 50;
    progress.item(); // within 100 ms of the last draw: counted, not drawn
    now = 2000;
    progress.item();
    expect(out.chunks).toEqual(['\r\x1b[2Kpages 1 · threads 0 · 0 threads/s', '\r\x1b[2Kpages 1 · threads 2 · 1 threads/s']);
    progress.clear();
    progress.done();
    progress.page();
    expect(out.chunks.slice(2)).toEqual(['\r\x1b[2K']);
  });

  it('writes nothing when told not to, even on a terminal (stdout on the same terminal)', () => {
    const out = sink(true);
    const progress = new Progress(out, { enabled: false });
    progress.page();
    progress.done();
    expect({ enabled: progress.enabled, chunks: out.chunks }).toEqual({ enabled: false, chunks: [] });
  });

  it('writes nothing when stderr is not a terminal', () => {
    const out = sink(false);
    const progress = new Progress(out, { unit: 'changes' });
    progress.page();
    progress.item();
    progress.status('retrying');
    progress.done();
    expect(out.chunks).toEqual([]);
    expect(progress.line()).toMatch(/^pages 1 · changes 1 · \d+ changes\/s · retrying$/);
  });
});

describe('documentation', () => {
  it('the README lists every exit code', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    for (const row of EXIT_CODES) expect(readme).toMatch(new RegExp(`^\\| (\\d+ / )?${row.code}( / \\d+)? \\|`, 'm'));
  });
});
