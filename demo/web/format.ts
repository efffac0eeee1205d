/**
 * How the dashboard says things: banner text with its countdown, the quota bar, usage
 * figures, times and change labels. Pure functions of the view model and the clock.
 */
import type { GraphUsage, UsagePeak } from '../../src/index';
import type { Banner, ChangeKind } from './model';
import { PLATFORM_LABELS } from './platforms';

/** Whole seconds left until `until`, never below 0. */
export function secondsLeft(until: number, now: number): number {
  return Math.max(0, Math.ceil((until - now) / 1000));
}

/** The banner's line of text at `now`. */
export function bannerText(banner: Banner, now: number): string {
  switch (banner.type) {
    case 'retry': {
      const what = banner.kind === 'rate-limit' ? `Rate limited${banner.code === undefined ? '' : ` (code ${banner.code})`}` : `Request failed (${banner.kind})`;
      const left = secondsLeft(banner.until, now);
      return left > 0 ? `${what}, retrying in ${left} s (attempt ${banner.attempt})` : `${what}, retrying now (attempt ${banner.attempt})`;
    }
    case 'poll-error':
      return `${PLATFORM_LABELS[banner.platform]} poll failed (${banner.kind}): ${banner.message}. ${banner.help} The next poll tries again.`;
    case 'fatal':
      return `${PLATFORM_LABELS[banner.platform]} stopped (${banner.kind}): ${banner.message}. ${banner.help}`;
  }
}

/** The quota bar: the fullest quota in percent (clamped to 0..100) and a level for its colour. */
export function quotaLevel(peak: UsagePeak | undefined): { percent: number; level: 'ok' | 'warn' | 'full' } {
  const percent = Math.max(0, Math.min(100, Math.round(peak?.percent ?? 0)));
  return { percent, level: percent >= 90 ? 'full' : percent >= 75 ? 'warn' : 'ok' };
}

/** "app 3% · page 3%" from the usage headers, or a dash before any arrived. */
export function usageDetail(usage: GraphUsage | undefined): string {
  if (usage === undefined) return 'no usage headers yet';
  const parts: string[] = [];
  if (usage.app?.call_count !== undefined) parts.push(`app ${usage.app.call_count}%`);
  if (usage.page?.call_count !== undefined) parts.push(`page ${usage.page.call_count}%`);
  const business = Object.values(usage.businessUseCase ?? {}).flat();
  const bucPercent = Math.max(-1, ...business.map((b) => b.call_count ?? -1));
  if (bucPercent >= 0) parts.push(`business ${bucPercent}%`);
  return parts.length > 0 ? parts.join(' · ') : 'no usage figures';
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A short date, "Mar 1" (or "Mar 1, 2024" in another year than `now`'s), UTC like Graph's times. */
function shortDate(ms: number, now: number): string {
  const d = new Date(ms);
  const day = `${MONTHS[d.getUTCMonth()] ?? ''} ${d.getUTCDate()}`;
  return d.getUTCFullYear() === new Date(now).getUTCFullYear() ? day : `${day}, ${d.getUTCFullYear()}`;
}

/**
 * How long ago `ms` was at `now` (both on the server's clock): "just now", "5 min ago",
 * "3 h ago", "2 d ago", then the date. A time ahead of `now` (clocks a second apart) is "just now".
 */
export function relativeTime(ms: number, now: number): string {
  const age = now - ms;
  if (age < MINUTE) return 'just now';
  if (age < HOUR) return `${Math.floor(age / MINUTE)} min ago`;
  if (age < DAY) return `${Math.floor(age / HOUR)} h ago`;
  if (age < 7 * DAY) return `${Math.floor(age / DAY)} d ago`;
  return shortDate(ms, now);
}

/** How long a customer has waited: "waiting 12 min", "waiting 3 h", "waiting 2 d". */
export function waitingText(since: number, now: number): string {
  const age = Math.max(0, now - since);
  if (age < MINUTE) return 'waiting <1 min';
  if (age < HOUR) return `waiting ${Math.floor(age / MINUTE)} min`;
  if (age < DAY) return `waiting ${Math.floor(age / HOUR)} h`;
  return `waiting ${Math.floor(age / DAY)} d`;
}

/** The full time for a tooltip: "2024-03-01 12:30:05 UTC" (Graph's clock, unambiguous). */
export function absoluteTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export const CHANGE_LABELS: Readonly<Record<ChangeKind, string>> = {
  new: 'new thread',
  message: 'new message',
  reply: 'Page replied',
  moved: 'moved',
  removed: 'removed',
};
