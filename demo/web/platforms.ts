/** How the page names the two inboxes. */
import type { Platform } from '../../src/index';

export const PLATFORM_LABELS: Readonly<Record<Platform, string>> = { MESSENGER: 'Messenger', INSTAGRAM: 'Instagram' };
