/**
 * The conversation panel: one thread's messages, read-only, newest first, a page at a
 * time as the reader scrolls. `messages$` walks the thread; a `perPage` policy holds
 * every page after the first until the end of the list is in view, so nothing is read
 * that nobody looks at. Pure reducer below; the DOM is in conversationView.ts.
 */
import { concatMap, defer, filter, map, Observable, pipe, take } from 'rxjs';
import { messages$, type PagePolicy } from '../../src/index';
import { describe, type PageConnection } from './pipeline';

export const MESSAGE_FIELDS = ['message', 'from'] as const;

/** Messages per page: more than a screenful, so the next page waits for a scroll. */
export const MESSAGES_PER_PAGE = 20;

/** A message as the panel shows it. */
export interface MessageView {
  readonly id: string;
  readonly created_time: Date;
  readonly message?: string | undefined;
  readonly from?: { readonly id: string; readonly name?: string | undefined; readonly username?: string | undefined } | undefined;
}

export type ConversationEvent =
  /** A page request went out. */
  | { readonly type: 'loading' }
  /** A page arrived (its messages follow); `more` when an older page exists. */
  | { readonly type: 'page'; readonly more: boolean }
  | { readonly type: 'message'; readonly message: MessageView }
  | { readonly type: 'end' }
  | { readonly type: 'error'; readonly kind: string; readonly message: string; readonly help: string };

export interface ConversationState {
  readonly threadId: string;
  readonly messages: readonly MessageView[];
  /** `loading` a page, `more` to read on scroll, `end` of the history, or `error`. */
  readonly status: 'loading' | 'more' | 'end' | 'error';
  readonly error?: string | undefined;
}

export function initialConversation(threadId: string): ConversationState {
  return { threadId, messages: [], status: 'loading' };
}

export function reduceConversation(state: ConversationState, event: ConversationEvent): ConversationState {
  switch (event.type) {
    case 'loading':
      return { ...state, status: 'loading' };
    case 'page':
      return { ...state, status: event.more ? 'more' : 'end' };
    case 'message':
      return { ...state, messages: [...state.messages, event.message] };
    case 'end':
      // A history limit (Instagram) ends the walk without a last page.
      return state.status === 'error' ? state : { ...state, status: 'end' };
    case 'error':
      return { ...state, status: 'error', error: `${event.message} ${event.help}` };
  }
}

/**
 * A page policy that lets the first page go and holds each later one until `wanted`
 * is true (the reader reached the end of the list); `onRequest` hears every request that
 * goes out, `onPage` every page that came back.
 */
export function whenWanted(wanted: Observable<boolean>, onRequest: () => void, onPage: (more: boolean) => void): PagePolicy {
  let first = true;
  return (request) =>
    defer(() => {
      const send = () => {
        onRequest();
        return request.pipe(map((page) => (onPage(page.next !== undefined), page)));
      };
      if (first) {
        first = false;
        return send();
      }
      return wanted.pipe(filter(Boolean), take(1), concatMap(send));
    });
}

/**
 * The thread's messages as panel events, newest first, paged on demand. Cold; an
 * unsubscribe (the panel closed) stops the walk and any request in flight.
 */
export function conversationEvents(threadId: string, connection: PageConnection, wanted: Observable<boolean>): Observable<ConversationEvent> {
  return new Observable<ConversationEvent>((subscriber) => {
    const gate = whenWanted(
      wanted,
      () => subscriber.next({ type: 'loading' }),
      (more) => subscriber.next({ type: 'page', more }),
    );
    return messages$(threadId, { ...connection, limit: MESSAGES_PER_PAGE, fields: MESSAGE_FIELDS, perPage: pipe(connection.perPage, gate) }).subscribe({
      next: (message) => subscriber.next({ type: 'message', message }),
      complete: () => {
        subscriber.next({ type: 'end' });
        subscriber.complete();
      },
      error: (error: unknown) => {
        subscriber.next({ type: 'error', ...describe(error) });
        subscriber.complete();
      },
    });
  });
}
