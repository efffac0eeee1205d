/**
 * How the dashboard says things: banner text with its countdown, the quota bar, usage
 * figures, times and change labels. Pure functions of the view model and the clock.
 */
import type { GraphUsage, UsagePeak } from '../../src/index';
import type { Banner, ChangeKind } from './model';

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
      return `Poll failed (${banner.kind}): ${banner.message}. ${banner.help} The next poll tries again.`;
    case 'fatal':
      return `Stopped (${banner.kind}): ${banner.message}. ${banner.help}`;
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

/** A thread time as "Mar 1, 12:30" (UTC, like Graph's times). */
export function formatTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()] ?? ''} ${d.getUTCDate()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** A wall-clock time as "14:03:27", local. */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export const CHANGE_LABELS: Readonly<Record<ChangeKind, string>> = {
  new: 'new thread',
  message: 'new message',
  reply: 'Page replied',
  moved: 'moved',
  removed: 'removed',
};
