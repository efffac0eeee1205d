/**
 * A bounded cache of built codecs, by a key that says what they were built from.
 *
 * Why: a codec built per walk brings new closures (its compiled checks, its in-place
 * decoding), and V8 keeps a closure's optimized code only while some closure of that
 * code is alive. Once a walk's codec is collected, the next walk's new closures run in
 * the interpreter until V8 optimizes them again: measured, about 7% of a plain walk's
 * main-thread CPU (bench/README.md). One codec per field list keeps that code warm.
 * Codecs are immutable, so sharing one changes nothing a caller can see but identity.
 */
export class CodecCache<V> {
  private readonly built = new Map<string, V>();

  /** @param limit - the most codecs kept; the least recently used goes first. */
  constructor(private readonly limit: number) {}

  /** The codec built for `key`, building it with `build` the first time. */
  get(key: string, build: () => V): V {
    const held = this.built.get(key);
    if (held !== undefined) {
      // Map keeps insertion order: re-inserting makes this the most recently used.
      this.built.delete(key);
      this.built.set(key, held);
      return held;
    }
    const made = build();
    this.built.set(key, made);
    if (this.built.size > this.limit) {
      const oldest = this.built.keys().next();
      if (oldest.done !== true) this.built.delete(oldest.value);
    }
    return made;
  }
}
