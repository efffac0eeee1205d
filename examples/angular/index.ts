// The Angular example's public surface: re-exports only.
export { PageInboxService, providePageInbox } from './page-inbox.service';
export { PAGE_INBOX_CONFIG, type PageInboxConfig } from './page-inbox.config';
export type { InboxChange, InboxThread } from './inbox-polls';
