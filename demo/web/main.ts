/**
 * The dashboard page: reads /config.json, runs the library against the server's Graph
 * proxy, reduces its events into the view model and renders it, on the server's clock.
 */
import { type DashboardConfig, dashboardSource } from './pipeline';
import { type DashboardEvent, type DashboardState, initialState, reduce } from './model';
import { ServerClock } from './serverClock';
import { DashboardView } from './view';

async function main(): Promise<void> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  const config = (await response.json()) as DashboardConfig;
  const clock = new ServerClock();
  clock.observe(response.headers.get('date'));
  const source = dashboardSource(config, `${location.origin}/graph`, clock);
  const view = new DashboardView(`${config.source} · polling every ${config.pollMs / 1000} s`, config.inboxes, source.connection, () => clock.now());
  let state: DashboardState = initialState(config.pageId);
  let scheduled = false;

  const render = () => {
    scheduled = false;
    view.render(state);
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(render);
  };

  source.events.subscribe((event: DashboardEvent) => {
    state = reduce(state, event);
    schedule();
  });
  // The clock moves the countdown, the ages and ends highlights.
  setInterval(schedule, 250);
  render();
}

main().catch((error: unknown) => {
  const banner = document.getElementById('banner');
  if (banner !== null) {
    banner.hidden = false;
    banner.dataset.type = 'fatal';
    banner.textContent = `The dashboard could not start: ${error instanceof Error ? error.message : String(error)}`;
  }
});
