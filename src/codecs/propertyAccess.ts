/**
 * Reads and writes one named property of a record through a load or store site of its own.
 *
 * Why: a checker that walks a list of names (`u[names[i]]`) reads them all through one
 * keyed load site, which sees many names on many shapes and goes megamorphic: each read
 * then looks the name up in V8's generic cache. Counted with valgrind over a 200-page
 * walk, those reads were a quarter of the instructions of decoding a page of threads.
 * A literal `u.link` in a function of its own keeps its own inline cache, which sees one
 * name on the few shapes JSON.parse gives a page's threads. (Closures made from one
 * literal share its cache, hence one literal per name; `new Function` would break under a
 * browser's content security policy.)
 */

/** Reads one property. */
export type PropertyReader = (u: Record<string, unknown>) => unknown;

/**
 * The names the thread fast path checks: every thread field, every participant field, a
 * list's `data`, and the paging fields. (Message fields are not among them: a thread with
 * `messages` goes through io-ts, see `ThreadPlan.transformed`.) A name missing here is
 * still read correctly, only through the shared keyed site.
 */
const READERS: ReadonlyMap<string, PropertyReader> = new Map<string, PropertyReader>([
  ['id', (u) => u.id],
  ['updated_time', (u) => u.updated_time],
  ['link', (u) => u.link],
  ['message_count', (u) => u.message_count],
  ['unread_count', (u) => u.unread_count],
  ['snippet', (u) => u.snippet],
  ['subject', (u) => u.subject],
  ['name', (u) => u.name],
  ['can_reply', (u) => u.can_reply],
  ['is_subscribed', (u) => u.is_subscribed],
  ['is_owner', (u) => u.is_owner],
  ['scoped_thread_key', (u) => u.scoped_thread_key],
  ['wallpaper', (u) => u.wallpaper],
  ['participants', (u) => u.participants],
  ['former_participants', (u) => u.former_participants],
  ['senders', (u) => u.senders],
  ['messages', (u) => u.messages],
  ['data', (u) => u.data],
  ['email', (u) => u.email],
  ['username', (u) => u.username],
  ['cursors', (u) => u.cursors],
  ['before', (u) => u.before],
  ['after', (u) => u.after],
  ['next', (u) => u.next],
  ['previous', (u) => u.previous],
]);

/** A reader of `name`: its own load site when the name is a known field, else a keyed read. */
export function propertyReader(name: string): PropertyReader {
  return READERS.get(name) ?? ((u) => u[name]);
}

/** Writes one property. */
export type PropertyWriter = (u: Record<string, unknown>, value: unknown) => void;

/**
 * The names decoding adds to a thread (the counters Graph leaves out when zero). Adding a
 * property through a shared keyed site went to V8's runtime every time: counted, ~1,400
 * instructions a thread, more than the rest of its check. A literal store site caches the
 * shape change.
 */
const WRITERS: ReadonlyMap<string, PropertyWriter> = new Map<string, PropertyWriter>([
  [
    'message_count',
    (u, value) => {
      u.message_count = value;
    },
  ],
  [
    'unread_count',
    (u, value) => {
      u.unread_count = value;
    },
  ],
]);

/** A writer of `name`: its own store site when the name is a known counter, else a keyed write. */
export function propertyWriter(name: string): PropertyWriter {
  return (
    WRITERS.get(name) ??
    ((u, value) => {
      u[name] = value;
    })
  );
}
