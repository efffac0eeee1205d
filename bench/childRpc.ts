/**
 * A bench helper process over IPC: forked, it first sends `{ ready }`, then answers each
 * `{ id, command }` with `{ id, result }` or `{ id, error }` (see {@link serveRpc}).
 */
import { fork, type ChildProcess } from 'node:child_process';

/** A started helper: what it said when ready, and how to call it. */
export interface ChildRpc<Ready, Command> {
  readonly ready: Ready;
  call(command: Command): Promise<unknown>;
  /** Sends `close` (the helper exits after answering) and waits for the exit. */
  close(): Promise<void>;
}

/**
 * glibc's malloc gives the top of its heap back to the kernel once more than 128 KiB of it
 * is free, and faults it in again on the next allocation. Whether a process falls into
 * that cycle depends on where its buffers happen to land: on the project's VM, 2 of 5
 * processes of the same raw loop paid 2,000-3,900 page faults a walk (10-30 in the
 * others) and 40-80% more CPU, for as long as they lived. A draw that large, at random,
 * swamps what the bench compares, so every helper keeps its freed heap (a threshold of
 * 1 GiB), the same for every contender. An explicit MALLOC_TRIM_THRESHOLD_ (131072 is
 * glibc's default) wins, for a run that wants the lottery back.
 */
const HELPER_ENV = { ...process.env, MALLOC_TRIM_THRESHOLD_: process.env['MALLOC_TRIM_THRESHOLD_'] ?? String(2 ** 30) };

/** Forks `script` with `args` and node flags `execArgv` (and {@link HELPER_ENV}); resolves once it is ready. */
export function startChild<Ready, Command>(script: string, args: readonly string[], execArgv: readonly string[], close: Command): Promise<ChildRpc<Ready, Command>> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = fork(script, [...args], { execArgv: [...execArgv], env: HELPER_ENV, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let nextId = 1;
    const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
    const call = (command: Command): Promise<unknown> =>
      new Promise((res, rej) => {
        const id = nextId++;
        pending.set(id, { resolve: res, reject: rej });
        child.send({ id, command });
      });
    let exited = false;
    child.on('exit', (code) => {
      exited = true;
      for (const p of pending.values()) p.reject(new Error(`${script} exited (${code})`));
      pending.clear();
      reject(new Error(`${script} exited before it was ready (${code})`));
    });
    child.on('message', (message: { ready?: Ready; id?: number; result?: unknown; error?: string }) => {
      if (message.ready !== undefined) {
        resolve({
          ready: message.ready,
          call,
          close: async () => {
            if (exited) return;
            const gone = new Promise<void>((res) => child.once('exit', () => res()));
            await call(close).catch(() => undefined);
            await gone;
          },
        });
        return;
      }
      const entry = message.id === undefined ? undefined : pending.get(message.id);
      if (entry === undefined || message.id === undefined) return;
      pending.delete(message.id);
      if (message.error !== undefined) entry.reject(new Error(message.error));
      else entry.resolve(message.result);
    });
  });
}

/**
 * The helper's side: announces `ready`, runs each command with `run` and answers it.
 * Exits when the parent goes away, and after answering a command `run` marks as the last.
 */
export function serveRpc<Command>(ready: unknown, run: (command: Command) => Promise<unknown>, isClose: (command: Command) => boolean): void {
  const send = (message: unknown) => process.send?.(message);
  process.on('message', (message: { id: number; command: Command }) => {
    run(message.command).then(
      (result) => {
        send({ id: message.id, result });
        if (isClose(message.command)) setImmediate(() => process.exit(0));
      },
      (error: unknown) => send({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
    );
  });
  // The parent went away: do not linger.
  process.on('disconnect', () => process.exit(0));
  send({ ready });
}
