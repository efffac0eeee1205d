import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { REDIS_SERVER, requireProgram } from '../support/systemPrograms';

// Starts Debian's redis-server (or REDIS_SERVER_PATH) on a free loopback port, without persistence, for one test file.

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  /** A new client; closed by stop(). */
  client(): Redis;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startRedis(): Promise<RedisServer> {
  const program = requireProgram(REDIS_SERVER);
  const port = await freePort();
  const child: ChildProcess = spawn(program, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  // The server says when it listens: wait for that line (or its exit), not a polling loop.
  let output = '';
  let onOutput = (): void => undefined;
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    onOutput();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const clients: Redis[] = [];
  const client = () => {
    const redis = new Redis({ host: '127.0.0.1', port, lazyConnect: false, maxRetriesPerRequest: 2, retryStrategy: () => null });
    clients.push(redis);
    return redis;
  };
  const stop = async () => {
    await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  const ready = await new Promise<boolean>((resolve) => {
    // A deadline for a server that never gets ready, so the failure says why; not a sync point.
    const deadline = setTimeout(() => resolve(false), 10_000);
    onOutput = () => {
      if (!output.includes('Ready to accept connections')) return;
      clearTimeout(deadline);
      resolve(true);
    };
    onOutput();
    void exited.then(() => {
      clearTimeout(deadline);
      resolve(false);
    });
  });
  if (!ready) {
    await stop();
    throw new Error(`redis-server on port ${port} did not get ready (exit code ${String(child.exitCode)}): ${output}`);
  }
  const probe = client();
  if ((await probe.ping()) !== 'PONG') throw new Error(`redis-server on port ${port} did not answer PING: ${output}`);
  return { url: `redis://127.0.0.1:${port}`, port, client, stop };
}
