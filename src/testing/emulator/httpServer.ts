/**
 * The HTTP edge: reads a request, logs it, picks a fault, waits the latency, and
 * executes the planned response on the socket. Everything it decides comes from the
 * pure modules; this file only owns sockets and timers, and releases all of them on close.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { startRepeating, startTimer, type TimerHandle } from '../../timing/delay';
import type { AuthConfig } from './auth';
import { faultLabel, type Chaos } from './chaos';
import { graphErrorBody } from './errors';
import type { FaultQueue } from './faultQueue';
import type { Fault } from './faultTypes';
import type { Entries } from './links';
import { traceId } from './random';
import type { LiveRecord, RequestLog } from './requestLog';
import { CORS_HEADERS, planResponse, preflightResponse, type GraphRequest, type HttpResponse, type Plan, type ServeContext, type StreamPlan } from './responsePlan';
import type { RealismRules } from './realism';
import { resolvePath, type Identity } from './router';
import type { ThreadStore } from './store';
import type { UsageMeter } from './usage';

export interface ServerDeps {
  readonly store: ThreadStore;
  readonly auth: AuthConfig;
  readonly budgetCode: number;
  readonly seed: number;
  readonly log: RequestLog;
  readonly faults: FaultQueue;
  /** Random faults and mutations (when on), and the counters of applied faults. */
  readonly chaos: Chaos;
  readonly meter: UsageMeter;
  /** Current latency setting, read for every request. */
  readonly latency: () => number;
  readonly realism: RealismRules;
  /** Who `me` is, and whether the server plays graph.instagram.com. */
  readonly identity: Identity;
}

export class EmulatorServer {
  private readonly server: Server;
  private readonly timers = new Set<TimerHandle>();
  private closing: Promise<void> | undefined;
  private context: ServeContext | undefined;

  constructor(private readonly deps: ServerDeps) {
    this.server = createServer((req, res) => this.handle(req, res));
  }

  /** Starts listening; resolves with the base url. */
  listen(port: number, host: string): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const address = this.server.address();
        const bound = typeof address === 'object' && address !== null ? address.port : port;
        const origin = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
        this.context = { store: this.deps.store, auth: this.deps.auth, budgetCode: this.deps.budgetCode, origin, realism: this.deps.realism };
        resolve(origin);
      });
    });
  }

  close(): Promise<void> {
    this.closing ??= new Promise((resolve) => {
      for (const timer of this.timers) timer.cancel();
      this.timers.clear();
      // The callback may carry "not running"; closed is closed either way.
      this.server.close(() => resolve());
      // Hanging, delayed and keep-alive sockets would otherwise keep close() waiting.
      this.server.closeAllConnections();
    });
    return this.closing;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    // Bodies are never read (every write verb is refused); drain them so keep-alive works.
    req.resume();
    const rawUrl = req.url ?? '/';
    const queryStart = rawUrl.indexOf('?');
    const pathname = queryStart < 0 ? rawUrl : rawUrl.slice(0, queryStart);
    const entries = firstValues(new URLSearchParams(queryStart < 0 ? '' : rawUrl.slice(queryStart + 1)));
    const query = Object.fromEntries(entries);
    const target = resolvePath(this.deps.store, pathname, this.deps.identity);
    const method = (req.method ?? 'GET').toUpperCase();
    const record = this.deps.log.open({
      method,
      url: rawUrl,
      path: safeDecode(pathname),
      query,
      headers: flatHeaders(req),
      ...(target.pageId === undefined ? {} : { pageId: target.pageId }),
    });
    let timer: TimerHandle | undefined;
    res.on('finish', () => this.deps.log.settle(record, 'completed'));
    res.on('close', () => {
      if (timer !== undefined) this.cancel(timer);
      if (!res.writableFinished) this.deps.log.settle(record, 'aborted');
    });
    if (method === 'OPTIONS') return this.send(record, res, preflightResponse());

    const usage = this.deps.meter.hit(Date.now());
    // Mutations first, so the answer (and any fault built on it) shows the changed data.
    this.deps.chaos.beforeRequest(record.seq);
    const injected = this.deps.faults.take(record.path);
    const chosen = injected === undefined ? this.deps.chaos.faultFor(rawUrl, query, target.pageId) : { fault: injected, label: faultLabel(injected) };
    const fault = chosen?.fault;
    if (chosen !== undefined) {
      record.fault = chosen.fault.kind;
      this.deps.chaos.count(chosen.label);
    }
    const request: GraphRequest = {
      method,
      path: record.path,
      target,
      entries,
      query,
      headers: record.headers,
      usage,
      traceId: traceId(this.deps.seed, record.seq),
      realism: this.deps.realism,
    };
    const run = (): void => {
      timer = undefined;
      try {
        // Planned only now, so a delayed response shows the data as of when it is sent.
        this.execute(record, req, res, this.plan(request, fault));
      } catch (error) {
        // E.g. a raw fault's body function threw: answer, never crash the test process.
        const message = error instanceof Error ? error.message : String(error);
        const body = JSON.stringify(graphErrorBody(1, { message: `Emulator error: ${message}`, fbtraceId: request.traceId }));
        this.send(record, res, { status: 500, headers: { 'content-type': 'application/json; charset=UTF-8', ...CORS_HEADERS }, body });
      }
    };
    const delay = this.deps.latency() + (fault?.kind === 'latency' ? fault.ms : 0);
    if (delay <= 0) return run();
    // An endless latency is a hang: the socket stays open until the client or close() ends it.
    if (!Number.isFinite(delay)) return;
    const started: TimerHandle = startTimer(
      delay,
      () => {
        this.timers.delete(started);
        run();
      },
      { unref: true },
    );
    timer = started;
    this.timers.add(started);
  }

  private plan(request: GraphRequest, fault: Fault | undefined): Plan {
    // The context is set once listening, before any request can arrive.
    const context = this.context;
    if (context === undefined) throw new Error('emulator: request before listen');
    return planResponse(context, request, fault);
  }

  private execute(record: LiveRecord, req: IncomingMessage, res: ServerResponse, plan: Plan): void {
    if (plan.kind === 'hang') return;
    if (plan.kind === 'reset') {
      this.deps.log.settle(record, 'reset');
      req.socket.destroy();
      return;
    }
    if (plan.kind === 'respond') return this.send(record, res, plan.response);
    this.stream(record, res, plan);
  }

  /** Bodies sent over time; every timer and write loop stops when the socket closes. */
  private stream(record: LiveRecord, res: ServerResponse, plan: StreamPlan): void {
    if (res.destroyed || res.headersSent) return;
    record.status = 200;
    if (plan.kind === 'never-close') {
      res.writeHead(200, plan.headers);
      res.write(plan.body);
      return;
    }
    if (plan.kind === 'trickle') {
      res.writeHead(200, plan.headers);
      res.write(' ');
      const interval = startRepeating(
        plan.intervalMs,
        () => {
          if (!res.destroyed) res.write(' ');
        },
        { unref: true },
      );
      this.timers.add(interval);
      res.on('close', () => this.cancel(interval));
      return;
    }
    res.writeHead(200, plan.announce ? { ...plan.headers, 'content-length': String(plan.bytes) } : plan.headers);
    let left = plan.bytes - HUGE_PREFIX.length - HUGE_SUFFIX.length;
    res.write(HUGE_PREFIX);
    // Paced by the client: write until the socket's buffer is full, continue on drain.
    const pump = (): void => {
      while (!res.destroyed) {
        if (left <= 0) {
          res.end(HUGE_SUFFIX);
          return;
        }
        const size = Math.min(left, FILLER.length);
        left -= size;
        if (!res.write(size === FILLER.length ? FILLER : FILLER.subarray(0, size))) {
          res.once('drain', pump);
          return;
        }
      }
    };
    pump();
  }

  private send(record: LiveRecord, res: ServerResponse, response: HttpResponse): void {
    if (res.destroyed || res.headersSent) return;
    record.status = response.status;
    res.writeHead(response.status, { ...response.headers, 'content-length': String(Buffer.byteLength(response.body)) });
    res.end(response.body);
  }

  private cancel(timer: TimerHandle): void {
    timer.cancel();
    this.timers.delete(timer);
  }
}

const HUGE_PREFIX = '{"data":[';
const HUGE_SUFFIX = ']}';
/** JSON whitespace, shared by every huge body. */
const FILLER = Buffer.alloc(64 * 1024, 0x20);

/** Query entries in order, first value of each name (what the routes read). */
function firstValues(params: URLSearchParams): Entries {
  const seen = new Set<string>();
  const out: Array<readonly [string, string]> = [];
  for (const [name, value] of params) {
    if (seen.has(name)) continue;
    seen.add(name);
    out.push([name, value]);
  }
  return out;
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function safeDecode(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}
