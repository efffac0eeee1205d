/**
 * Who is who in a thread: the Page's own accounts (the Page, its Instagram account) and
 * the customers. Graph does not say which participant is the Page's Instagram account;
 * it is the one that shows up in more than one thread, since a person has one thread
 * per Page. Pure.
 */

/** A person or Page in a thread: Messenger gives names, Instagram usernames. */
export interface Person {
  readonly id: string;
  readonly name?: string | undefined;
  readonly username?: string | undefined;
}

export const nameOf = (p: Person): string => (p.username !== undefined ? `@${p.username}` : (p.name ?? p.id));

/** The people in a thread other than the Page's own accounts: names, Instagram usernames or ids. */
export function whoOf(people: readonly Person[], own: ReadonlySet<string>): string {
  const names = people.filter((p) => !own.has(p.id)).map(nameOf);
  return names.length > 0 ? names.join(', ') : 'Unknown';
}

/** The Page's own name, as it appears among a thread's participants. */
export function pageNameOf(people: readonly Person[], pageId: string): string | undefined {
  const page = people.find((p) => p.id === pageId);
  return page === undefined ? undefined : nameOf(page);
}

/**
 * The Page's accounts after seeing `threadId`'s participants: an id already seen in
 * another thread joins `own`. `seenIn` maps each other id to the first thread it was in.
 * Returns the same sets when nothing changed.
 */
export function learnOwn(
  own: ReadonlySet<string>,
  seenIn: ReadonlyMap<string, string>,
  threadId: string,
  people: readonly Person[],
): { readonly own: ReadonlySet<string>; readonly seenIn: ReadonlyMap<string, string> } {
  let nextOwn = own;
  let nextSeen = seenIn;
  for (const person of people) {
    if (nextOwn.has(person.id)) continue;
    const first = nextSeen.get(person.id);
    if (first === undefined) nextSeen = new Map(nextSeen).set(person.id, threadId);
    else if (first !== threadId) nextOwn = new Set(nextOwn).add(person.id);
  }
  return { own: nextOwn, seenIn: nextSeen };
}
