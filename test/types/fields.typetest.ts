// Compiled by `tsc --noEmit` in `npm test`, never run: it proves that the emitted types
// follow the requested fields. Each @ts-expect-error line must stay an error.
import {
  conversations$,
  messages$,
  messagesField,
  mergeFolders,
  retryOnRateLimit,
  type Participant,
  type SelectedThread,
} from '../../src/index';
import type { Observable } from 'rxjs';

declare const accessToken: string;

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
const exactly = <A, B>(proof: Equals<A, B>): Equals<A, B> => proof;

export function narrowsToTheRequestedFields(): void {
  conversations$('1001', { accessToken, fields: ['participants', 'snippet', 'unread_count'] as const }).subscribe((thread) => {
    exactly<typeof thread, { id: string; updated_time: Date; unread_count: number; snippet?: string; participants?: { data: Participant[] } }>(true);
    // @ts-expect-error message_count was not requested
    void thread.message_count;
    // @ts-expect-error subject was not requested
    void thread.subject;
  });
}

export function typesIsOwnerAsAThreadField(): void {
  conversations$('me', { accessToken, graphUrl: 'https://graph.instagram.com', platform: 'INSTAGRAM', fields: ['is_owner'] }).subscribe((thread) => {
    exactly<typeof thread, { id: string; updated_time: Date; is_owner?: boolean }>(true);
  });
}

export function infersTheListWithoutAsConst(): void {
  conversations$('1001', { accessToken, fields: ['snippet'] }).subscribe((thread) => {
    exactly<typeof thread, { id: string; updated_time: Date; snippet?: string }>(true);
    // @ts-expect-error participants was not requested
    void thread.participants;
  });
}

export function defaultsToTheDefaultFields(): void {
  conversations$('1001', { accessToken }).subscribe((thread) => {
    const count: number = thread.message_count + thread.unread_count;
    void count;
    void thread.snippet;
    void thread.can_reply;
    // @ts-expect-error senders is not among the default fields
    void thread.senders;
  });
}

export function typesNestedMessages(): void {
  const fields = ['snippet', messagesField({ limit: 5, fields: ['message', 'from', 'created_time'] })] as const;
  conversations$('1001', { accessToken, fields }).subscribe((thread) => {
    const first = thread.messages?.data[0];
    exactly<NonNullable<typeof first>, { id: string; message?: string; from?: Participant; created_time?: Date }>(true);
    // @ts-expect-error attachments were not requested for the nested messages
    void first?.attachments;
  });
}

export function rejectsUnknownFieldNames(): void {
  // @ts-expect-error 'secret_notes' is not a thread field
  conversations$('1001', { accessToken, fields: ['snippet', 'secret_notes'] });
  // @ts-expect-error 'colour' is not a message field
  messagesField({ fields: ['message', 'colour'] });
  // @ts-expect-error 'colour' is not a message field
  messages$('t_1', { accessToken, fields: ['colour'] });
}

export function typesMessages(): void {
  messages$('t_1', { accessToken, fields: ['message', 'attachments'] }).subscribe((message) => {
    exactly<keyof typeof message, 'id' | 'created_time' | 'message' | 'attachments'>(true);
    const created: Date = message.created_time;
    void created;
    void message.attachments?.data[0]?.mime_type;
    // @ts-expect-error from was not requested
    void message.from;
  });
}

export function keepsTypesThroughOperators(): void {
  const walk: Observable<SelectedThread<readonly ['snippet']>> = conversations$('1001', { accessToken, fields: ['snippet'] as const });
  const retried: Observable<SelectedThread<readonly ['snippet']>> = walk.pipe(retryOnRateLimit());
  void retried;
  mergeFolders(['inbox', 'spam'], (folder) => conversations$('1001', { accessToken, folder, fields: ['snippet'] as const })).subscribe((thread) => {
    const where: 'inbox' | 'other' | 'page_done' | 'spam' = thread.folder;
    void where;
    void thread.snippet;
    // @ts-expect-error unread_count was not requested
    void thread.unread_count;
  });
  void walk;
}
