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

/** Forks `script` with `args` and node flags `execArgv`; resolves once it is ready. */
export function startChild<Ready, Command>(script: string, args: readonly string[], execArgv: readonly string[], close: Command): Promise<ChildRpc<Ready, Command>> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = fork(script, [...args], { execArgv: [...execArgv], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
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
