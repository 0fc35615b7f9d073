// The engine's words at the start of an entity's record (Simulator.useEntities): where an entity's
// one pending event is kept, so firing it reads the record its handler is about to use. A model
// lays out its own fields after them.

/**
 * Int32 words the engine keeps at the start of each entity record: word 0 is the state
 * ({@link NO_ENTITY_EVENT} none queued, {@link ENTITY_CANCELLED} queued but cancelled, >= 0 the high
 * word of the live entry's seq); word 1 is the live entry's seq low word, otherwise the handle of a
 * pending fallback node or {@link NO_ENTITY_EVENT}.
 */
export const ENTITY_WORDS = 2;
/** Both engine words of a record with nothing queued, as every new record must be (see {@link clearEntityWords}). */
export const NO_ENTITY_EVENT = -1;
/** Word 0 of a record whose event was cancelled while still queued. */
export const ENTITY_CANCELLED = -2;

/** Marks the record at int32 offset `o` of `records` as having no event: what a new record holds. */
export function clearEntityWords(records: Int32Array, o: number): void {
  records[o] = NO_ENTITY_EVENT;
  records[o + 1] = NO_ENTITY_EVENT;
}
