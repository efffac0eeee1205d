/**
 * The conversation drawer: opens on a row, shows its messages newest first, read-only,
 * and asks for the next (older) page when the end of the list scrolls into view.
 */
import { BehaviorSubject, type Subscription } from 'rxjs';
import { type ConversationState, conversationEvents, initialConversation, type MessageView, reduceConversation } from './conversation';
import { absoluteTime, relativeTime } from './format';
import { avatar, byId, el, setText } from './dom';
import { FOLDER_LABELS, type Row } from './model';
import { PLATFORM_LABELS } from './platforms';
import type { PageConnection } from './pipeline';

/** How close to the end of the list the reader must scroll for the next page. */
const NEAR_PX = 80;

const STATUS_TEXT: Readonly<Record<ConversationState['status'], string>> = {
  loading: 'Loading messages…',
  more: 'Scroll for older messages',
  end: 'No older messages',
  error: '',
};

export class ConversationView {
  private subscription: Subscription | undefined;
  private state: ConversationState | undefined;
  private rendered = 0;
  private row: Row | undefined;
  /** Whether the end of the list is in view: the page policy lets the next page go then. */
  private readonly wanted = new BehaviorSubject<boolean>(false);
  private readonly times = new Map<HTMLTimeElement, number>();

  constructor(
    private readonly connection: PageConnection,
    private readonly own: () => ReadonlySet<string>,
    private readonly onChange: () => void,
  ) {
    byId('conversation-close').addEventListener('click', () => this.close());
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.openId !== undefined) this.close();
    });
    // The observer only says when to look: its entry may describe a layout from before
    // the last page arrived, so the answer is measured now.
    const observer = new IntersectionObserver(() => this.wanted.next(this.endInView()), { root: byId('conversation-scroll'), rootMargin: `0px 0px ${NEAR_PX}px 0px` });
    observer.observe(byId('conversation-status'));
  }

  get openId(): string | undefined {
    return this.state?.threadId;
  }

  open(row: Row): void {
    if (this.openId === row.id) return;
    this.subscription?.unsubscribe();
    this.state = initialConversation(row.id);
    this.row = row;
    this.rendered = 0;
    this.times.clear();
    const drawer = byId('conversation');
    drawer.hidden = false;
    drawer.dataset.threadId = row.id;
    drawer.dataset.platform = row.platform;
    setText(byId('conversation-title'), row.who);
    setText(byId('conversation-sub'), `${PLATFORM_LABELS[row.platform]} · ${FOLDER_LABELS[row.folder]} · ${row.messages} messages · read-only`);
    byId('conversation-messages').replaceChildren();
    byId('conversation-scroll').scrollTop = 0;
    this.renderStatus();
    this.wanted.next(false);
    this.subscription = conversationEvents(row.id, this.connection, this.wanted).subscribe((event) => {
      if (this.state === undefined) return;
      // The walk asks for the next page as soon as this one's messages are out, before
      // they are laid out: whatever was in view before no longer counts. Once they are on
      // screen, look again (the observer only speaks when the answer changes).
      if (event.type === 'page') {
        this.wanted.next(false);
        requestAnimationFrame(() => this.wanted.next(this.endInView()));
      }
      this.state = reduceConversation(this.state, event);
      this.renderMessages();
      this.renderStatus();
    });
    this.onChange();
    byId('conversation-close').focus({ preventScroll: true });
  }

  close(): void {
    const threadId = this.openId;
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.state = undefined;
    byId('conversation').hidden = true;
    this.onChange();
    // Back where the reader was: the row that opened it.
    if (threadId !== undefined) document.querySelector<HTMLElement>(`#threads tr[data-thread-id="${CSS.escape(threadId)}"]`)?.focus({ preventScroll: true });
  }

  /** Whether the end of the list is within {@link NEAR_PX} of the drawer's bottom edge. */
  private endInView(): boolean {
    if (this.state === undefined) return false;
    const end = byId('conversation-status').getBoundingClientRect();
    return end.top <= byId('conversation-scroll').getBoundingClientRect().bottom + NEAR_PX;
  }

  /** Re-says the messages' ages on the server's clock. */
  tick(now: number): void {
    for (const [time, at] of this.times) setText(time, relativeTime(at, now));
  }

  private renderMessages(): void {
    const state = this.state;
    if (state === undefined) return;
    const list = byId('conversation-messages');
    const own = this.own();
    for (const message of state.messages.slice(this.rendered)) list.append(this.item(message, own));
    this.rendered = state.messages.length;
  }

  private item(message: MessageView, own: ReadonlySet<string>): HTMLLIElement {
    const fromPage = message.from !== undefined && own.has(message.from.id);
    const li = el('li', fromPage ? 'message from-page' : 'message from-person');
    li.dataset.messageId = message.id;
    const sender = message.from === undefined ? 'Unknown' : message.from.username !== undefined ? `@${message.from.username}` : (message.from.name ?? message.from.id);
    const meta = el('div', 'meta');
    const time = el('time', undefined, relativeTime(message.created_time.getTime(), message.created_time.getTime()));
    time.dateTime = message.created_time.toISOString();
    time.title = absoluteTime(message.created_time.getTime());
    this.times.set(time, message.created_time.getTime());
    meta.append(el('span', 'sender', fromPage ? `${sender} (Page)` : sender), time);
    const bubble = el('div', 'bubble', message.message !== undefined && message.message !== '' ? message.message : '(no text: an attachment or a sticker)');
    li.append(fromPage ? el('span', 'spacer') : avatar(sender), el('div', 'body'));
    li.lastElementChild?.append(meta, bubble);
    return li;
  }

  private renderStatus(): void {
    const state = this.state;
    const status = byId('conversation-status');
    if (state === undefined) return;
    status.dataset.status = state.status;
    setText(status, state.status === 'error' ? `Could not read the messages: ${state.error ?? ''}` : state.status === 'end' ? this.endText(state) : STATUS_TEXT[state.status]);
  }

  private endText(state: ConversationState): string {
    if (state.messages.length === 0) return 'No messages';
    // Graph lets apps read only an Instagram thread's most recent messages (messages$ ends there).
    const hidden = (this.row?.messages ?? 0) - state.messages.length;
    if (this.row?.platform === 'INSTAGRAM' && hidden > 0) return `Instagram lets apps read only the most recent messages: ${hidden} older ones are not shown`;
    return STATUS_TEXT.end;
  }
}
