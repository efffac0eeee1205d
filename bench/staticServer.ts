/**
 * The static servers (HTTP and HTTPS on loopback), in a child process: see
 * {@link ./staticProcess.ts}. Pages are recorded once from the emulator; the HTTPS
 * certificate is self-signed, made at start by the system's `openssl req -x509` (Node
 * cannot sign a certificate without a library). No openssl: no HTTPS mode, and the
 * bench says so.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pageKey } from './pageKey';

export interface StaticServers {
  readonly http: string;
  /** Undefined when no certificate could be made. */
  readonly https: string | undefined;
  /** The certificate to trust for `https`. */
  readonly ca: string | undefined;
  readonly certificateBy: string;
  requests(): Promise<number>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** A self-signed certificate for 127.0.0.1 by `openssl req -x509`, or why not. */
export function selfSigned(dir: string): { key: string; cert: string } | string {
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } catch (error) {
    return `openssl failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/**
 * Records every page of a walk: `(key, body)` with the origin replaced by `__ORIGIN__`,
 * or by `__ORIGIN_ESCAPED__` where the body wrote it as Graph writes JSON (`http:\/\/...`).
 */
export async function recordPages(firstUrl: string, origin: string, accessToken: string): Promise<Record<string, string>> {
  const pages: Record<string, string> = {};
  let next: string | undefined = firstUrl;
  while (next !== undefined) {
    const response: Response = await fetch(next, { headers: { Authorization: `Bearer ${accessToken}` } });
    const text: string = await response.text();
    if (!response.ok) throw new Error(`record: HTTP ${response.status}`);
    pages[pageKey(next)] = text.split(origin.replaceAll('/', '\\/')).join('__ORIGIN_ESCAPED__').split(origin).join('__ORIGIN__');
    next = (JSON.parse(text) as { paging?: { next?: string } }).paging?.next;
  }
  return pages;
}

const SCRIPT = fileURLToPath(new URL('./staticProcess.ts', import.meta.url));

export async function startStaticServers(pages: Record<string, string>): Promise<StaticServers> {
  const dir = mkdtempSync(join(tmpdir(), 'rxgc-bench-'));
  const file = join(dir, 'pages.json');
  writeFileSync(file, JSON.stringify({ pages }));
  const tls = selfSigned(dir);
  const child: ChildProcess = fork(SCRIPT, [JSON.stringify({ file, ...(typeof tls === 'string' ? {} : tls) })], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise<{ http: string; https?: string }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`static server exited (${code})`)));
    child.once('message', (m: { ready: { http: string; https?: string } }) => resolve(m.ready));
  });
  const ask = (op: string) =>
    new Promise<number>((resolve) => {
      child.once('message', (m: { requests: number }) => resolve(m.requests));
      child.send({ op });
    });
  return {
    http: ready.http,
    https: ready.https,
    ca: typeof tls === 'string' ? undefined : tls.cert,
    certificateBy: typeof tls === 'string' ? tls : 'openssl req -x509 (EC P-256, self-signed, made at bench start)',
    requests: () => ask('count'),
    reset: async () => void (await ask('reset')),
    close: async () => {
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ op: 'close' });
      await gone;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
