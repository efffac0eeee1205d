/**
 * 5. Time to first thread: with a fixed emulator latency, how long from subscribing to
 * `conversations$(...).pipe(take(1))` until the first thread arrives, next to one round
 * trip of the same first-page request made by hand (cross-fetch + text). Both use the
 * same keep-alive agent; runs alternate.
 */
import crossFetch from 'cross-fetch';
import { take } from 'rxjs';
import { conversations$ } from '../src/index';
import { startRemoteEmulator } from './emulatorClient';
import { since, stat, type Stat } from './stats';
import { PAGE_ID, walkFirstUrl } from './contenders';

export interface FirstThreadConfig {
  readonly threads: number;
  readonly limit: number;
  readonly latencyMs: number;
  readonly runs: number;
  readonly warmup: number;
}

export interface FirstThreadResult {
  readonly rtt: Stat;
  readonly library: Stat;
}

export async function runFirstThread(config: FirstThreadConfig): Promise<FirstThreadResult> {
  const emulator = await startRemoteEmulator({ pages: [{ id: PAGE_ID, name: 'Bench Page', threads: { MESSENGER: { inbox: config.threads } } }], latencyMs: config.latencyMs });
  try {
    const { url, accessToken } = emulator;
    const firstUrl = walkFirstUrl(url, config.limit);
    const roundTrip = async (): Promise<number> => {
      const start = performance.now();
      const response = await crossFetch(firstUrl, { headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' } });
      await response.text();
      return since(start);
    };
    const firstThread = (): Promise<number> =>
      new Promise((resolve, reject) => {
        const start = performance.now();
        conversations$(PAGE_ID, { accessToken, graphUrl: url, limit: config.limit })
          .pipe(take(1))
          .subscribe({ next: () => resolve(since(start)), error: reject });
      });
    const times = { rtt: [] as number[], library: [] as number[] };
    for (let round = 0; round < config.warmup + config.runs; round++) {
      const pair: Array<[keyof typeof times, () => Promise<number>]> = [
        ['rtt', roundTrip],
        ['library', firstThread],
      ];
      for (const [name, run] of round % 2 === 0 ? pair : pair.reverse()) {
        const ms = await run();
        if (round >= config.warmup) times[name].push(ms);
      }
    }
    return { rtt: stat(times.rtt), library: stat(times.library) };
  } finally {
    await emulator.close();
  }
}
