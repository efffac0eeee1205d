// `npm start`: the live inbox dashboard. Starts the Graph emulator with seeded Pages, a
// simulator that keeps the inbox busy, and a web page that runs the library in the
// browser. With a token (--token or GRAPH_ACCESS_TOKEN) it shows a real Page instead.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Platform } from '../src/index';
import { startDashboard } from './server';

const HELP = `Usage: npm start -- [options]

  --page <id>         Page to show (default: the emulator's Page 1001; required with a token)
  --port <n>          port on 127.0.0.1 (default: a free one)
  --poll <ms>         pause between polls of each folder (default 2000; 30000 on Graph)
  --platform <p>      messenger, instagram or both (default: both, or what the emulator Page has)
  --graph-url <url>   Graph's url (env GRAPH_URL; default https://graph.facebook.com with a token)
  --token <token>     Page access token (env GRAPH_ACCESS_TOKEN, preferred: flags show in ps)
  --webhooks          the emulator posts signed webhooks; the page polls on each, and every
                      --poll ms to reconcile (default 300000)
  --no-simulate       keep the emulator's inbox still
  --seed <n>          seed of the simulator (default 7)
  -h, --help          this text

Without a token the dashboard runs on the local Graph emulator. The token stays in this
process: the page talks to Graph through the server's /graph proxy.`;

function fail(message: string): never {
  console.error(`${message}\n\n${HELP}`);
  process.exit(2);
}

const PLATFORM_CHOICES: Readonly<Record<string, readonly Platform[]>> = { messenger: ['MESSENGER'], instagram: ['INSTAGRAM'], both: ['MESSENGER', 'INSTAGRAM'] };

function platforms(value: string | undefined): readonly Platform[] | undefined {
  if (value === undefined) return undefined;
  const key = value.toLowerCase();
  return Object.hasOwn(PLATFORM_CHOICES, key) ? (PLATFORM_CHOICES[key] as readonly Platform[]) : fail(`--platform expects messenger, instagram or both, got ${JSON.stringify(value)}`);
}

function whole(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) fail(`--${name} expects a whole number, got ${JSON.stringify(value)}`);
  return n;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        page: { type: 'string' },
        port: { type: 'string' },
        poll: { type: 'string' },
        platform: { type: 'string' },
        'graph-url': { type: 'string' },
        token: { type: 'string' },
        'no-simulate': { type: 'boolean', default: false },
        webhooks: { type: 'boolean', default: false },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    console.log(HELP);
    return;
  }
  const token = values.token ?? process.env.GRAPH_ACCESS_TOKEN;
  const graphUrl = values['graph-url'] ?? process.env.GRAPH_URL;
  if (graphUrl !== undefined && (token === undefined || token === '')) fail('--graph-url needs a token: --token or GRAPH_ACCESS_TOKEN');
  const real = token !== undefined && token !== '';
  if (real && values.page === undefined) fail('--page is required with a Graph token');
  if (real && values.webhooks) fail('--webhooks runs on the emulator; for a real Page, see the README recipe "Live inbox on webhooks"');

  const dashboard = await startDashboard({
    root: fileURLToPath(new URL('..', import.meta.url)),
    port: whole('port', values.port) ?? 0,
    pageId: values.page,
    graphUrl,
    token: real ? token : undefined,
    pollMs: whole('poll', values.poll),
    webhooks: values.webhooks,
    platforms: platforms(values.platform),
    simulate: values['no-simulate'] ? false : { seed: whole('seed', values.seed) ?? 7 },
  });

  const source = dashboard.emulator === undefined ? `Graph at ${graphUrl ?? 'https://graph.facebook.com'} (token kept in this process)` : `the Graph emulator on ${dashboard.emulator.url}`;
  console.log(`Inbox dashboard for Page ${dashboard.config.pageId}: ${dashboard.url}`);
  console.log(`Data: ${source}${dashboard.emulator !== undefined && !values['no-simulate'] ? ', with simulated activity and an occasional rate limit' : ''}.`);
  if (values.webhooks) console.log(`Webhooks: the emulator posts signed events; each inbox polls on each, and every ${dashboard.config.pollMs / 1000} s to reconcile.`);
  if (dashboard.emulator !== undefined) {
    // The emulator's own token, not a secret: printed so other clients can read the same inbox.
    const { url, accessToken } = dashboard.emulator;
    console.log(`Graph emulator: ${url}, token ${accessToken}; e.g. GRAPH_URL=${url} GRAPH_ACCESS_TOKEN=${accessToken} npx rx-graph-conversations ${dashboard.config.pageId}`);
  }
  console.log('Ctrl-C to stop.');

  const stop = () => {
    void dashboard.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
