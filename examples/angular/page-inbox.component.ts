/**
 * A component showing a Page's inbox with {@link PageInboxService}: the list as a signal,
 * and the last change as a one-line notice. Type-checked in `npm test`; the Angular
 * compiler checks the template in an application build.
 */
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { PageInboxService } from './page-inbox.service';

/**
 * The inbox of the Page configured where `providePageInbox` was given. Put
 * `providers: [providePageInbox(...)]` on this component instead to poll only while it
 * is shown.
 *
 * @example
 * ```html
 * <app-page-inbox />
 * ```
 */
@Component({
  selector: 'app-page-inbox',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (lastChange(); as change) {
      <p class="notice">{{ change.type }}: {{ change.thread.id }}</p>
    }
    <p>{{ unread() }} unread</p>
    <ul>
      @for (thread of threads(); track thread.id) {
        <li [class.unread]="thread.unread_count">
          <time>{{ thread.updated_time.toISOString() }}</time> [{{ thread.folder }}] {{ thread.snippet }}
        </li>
      } @empty {
        <li>Loading…</li>
      }
    </ul>
  `,
})
export class PageInboxComponent {
  private readonly inbox = inject(PageInboxService);
  /** Newest first; `[]` until every folder was read once. Reading it rethrows a `GraphError` that ended the polling. */
  readonly threads = toSignal(this.inbox.threads$, { initialValue: [] });
  /** The latest change, for a notice. */
  readonly lastChange = toSignal(this.inbox.changes$);
  /** Threads with unread messages. */
  readonly unread = computed(() => this.threads().filter((thread) => (thread.unread_count ?? 0) > 0).length);
}
