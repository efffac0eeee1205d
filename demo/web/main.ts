/**
 * The dashboard page: reads /config.json, runs the library against the server's Graph
 * proxy, reduces its events into the view model and renders it.
 */
import { type DashboardConfig, dashboardEvents } from './pipeline';
import { type DashboardEvent, type DashboardState, initialState, reduce } from './model';
import { DashboardView } from './view';

async function main(): Promise<void> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  const config = (await response.json()) as DashboardConfig;
  const view = new DashboardView(`${config.source} · polling every ${config.pollMs / 1000} s`);
  let state: DashboardState = initialState(config.pageId);
  let scheduled = false;

  const render = () => {
    scheduled = false;
    view.render(state, Date.now());
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(render);
  };

  dashboardEvents(config, `${location.origin}/graph`).subscribe((event: DashboardEvent) => {
    state = reduce(state, event);
    schedule();
  });
  // The clock moves the countdown and ends highlights.
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
