// Users as one 32-byte record each in one buffer, recycled through a free list (last in, first out)
// so memory grows with the number of users alive at once, never with simulated time.
import { discardBuffers } from '../engine/discard.js';
import { clearEntityWords, ENTITY_WORDS } from '../engine/entity-record.js';
import type { StateIn, StateOut } from '../state-io.js';

/** A slot not holding a user (open model: the user has left). */
export const U_FREE = 0;
/** Closed model: signed out, will return after an off-time. */
export const U_SIGNED_OUT = 1;
export const U_CONNECTED = 2;
/** Trying to (re)connect: between a refusal or a lost server and the next attempt. */
export const U_WAITING = 3;

/** UserTable flags: the user wanted service at some time in the run (counted once). */
export const F_WANTED = 1;
/** UserTable flags: the user gave up (refused with no retry left) at some time in the run (counted once). */
export const F_LOST = 2;
/** UserTable flags: the user's planned session ended while they were locked out (counted once). */
export const F_LEFT = 4;

// A user is one record of USER_WORDS int32 words: the engine's ENTITY_WORDS first (the user's
// pending event, see Simulator.useEntities), then the model's fields, each named once below.
// perf: 32 bytes, so two to a cache line and never split across two; firing a user's event reads
// this record and no other memory (bench/README.md, "User events in the user's record"). The
// accessors are small, but V8 inlines even small ones only while the caller's inlining budget lasts:
// the one double, the planned sign-out, is read and written through `times` (see there).
/** log2 of {@link USER_WORDS}. */
const SHIFT = 3;
/** Int32 words per user record. */
export const USER_WORDS = 1 << SHIFT;
/** Int32 word: the server the user is connected to, -1 if none. */
const SERVER = ENTITY_WORDS;
/** Int32 word: retries made in this sign-in episode; in a free slot, the next free slot. */
const ATTEMPT = ENTITY_WORDS + 1;
/** Int32 word: the outage the user is recovering from, -1 if none. */
const OUTAGE = ENTITY_WORDS + 2;
/** Int32 word: pool | flags << 16 | state << 24. */
const PACKED = ENTITY_WORDS + 3;
/** Float64 word (int32 words 2 * END_AT and the next): the planned sign-out time; 8-byte aligned. */
const END_AT = (ENTITY_WORDS + 4) >> 1;
const F64_SHIFT = SHIFT - 1;
const POOL_MASK = 0xffff;
const FLAGS_MASK = 0xff0000;

/** User state in one typed-array buffer; grows by doubling. */
export class UserTable {
  private i32: Int32Array;
  private f64: Float64Array;
  /** Last released slot, -1 if none; a free slot's attempt word links to the one released before it. */
  private freeHead = -1;
  private slots: number;
  /** Slots handed out so far (the high-water mark). */
  used = 0;

  /**
   * @param onGrow - called with the new records after the table grows (the engine reads them).
   */
  constructor(
    initialCapacity: number,
    private readonly onGrow: (records: Int32Array) => void = () => undefined,
  ) {
    const n = Math.max(16, initialCapacity);
    this.i32 = new Int32Array(n * USER_WORDS);
    this.f64 = new Float64Array(this.i32.buffer);
    this.slots = n;
  }

  /** The records ({@link USER_WORDS} int32 words each); the first ENTITY_WORDS of each are the engine's. */
  get records(): Int32Array {
    return this.i32;
  }

  get capacity(): number {
    return this.slots;
  }

  /** A fresh slot for a new user of `pool`, in state `state`. */
  alloc(pool: number, state: number): number {
    let u = this.freeHead;
    if (u >= 0) this.freeHead = this.i32[(u << SHIFT) + ATTEMPT] as number;
    else {
      if (this.used === this.slots) this.grow();
      u = this.used++;
      // A new record has no event; a reused one keeps the engine's words (a cancelled event may be queued).
      clearEntityWords(this.i32, u << SHIFT);
    }
    const o = u << SHIFT;
    const i32 = this.i32;
    this.f64[(u << F64_SHIFT) + END_AT] = NaN;
    i32[o + SERVER] = -1;
    i32[o + ATTEMPT] = 0;
    i32[o + OUTAGE] = -1;
    i32[o + PACKED] = pool | (state << 24);
    return u;
  }

  /** U_FREE, U_SIGNED_OUT, U_CONNECTED or U_WAITING. */
  state(u: number): number {
    return (this.i32[(u << SHIFT) + PACKED] as number) >>> 24;
  }

  setState(u: number, state: number): void {
    const o = (u << SHIFT) + PACKED;
    this.i32[o] = ((this.i32[o] as number) & (POOL_MASK | FLAGS_MASK)) | (state << 24);
  }

  pool(u: number): number {
    return (this.i32[(u << SHIFT) + PACKED] as number) & POOL_MASK;
  }

  /** Server the user is connected to, -1 if none. */
  server(u: number): number {
    return this.i32[(u << SHIFT) + SERVER] as number;
  }

  setServer(u: number, s: number): void {
    this.i32[(u << SHIFT) + SERVER] = s;
  }

  /** Retries made so far in the current sign-in episode. */
  attempt(u: number): number {
    return this.i32[(u << SHIFT) + ATTEMPT] as number;
  }

  setAttempt(u: number, retries: number): void {
    this.i32[(u << SHIFT) + ATTEMPT] = retries;
  }

  /** The outage that disconnected the user and that they are still recovering from, -1 if none. */
  outage(u: number): number {
    return this.i32[(u << SHIFT) + OUTAGE] as number;
  }

  setOutage(u: number, outage: number): void {
    this.i32[(u << SHIFT) + OUTAGE] = outage;
  }

  /**
   * The records as float64 words: user `u`'s planned sign-out time, in seconds, is
   * `times[endAtIndex(u)]`, NaN until the first successful sign-in of the episode. The one way to read
   * and write it. perf: no accessor, as a double passed to or returned from a call V8 does not inline
   * is boxed (bench/README.md, "No double crosses a call"). Read it again after {@link alloc}: the
   * table may have grown.
   */
  get times(): Float64Array {
    return this.f64;
  }

  /** Where user `u`'s planned sign-out time is in {@link times}. */
  endAtIndex(u: number): number {
    return (u << F64_SHIFT) + END_AT;
  }

  /** F_WANTED | F_LOST | F_LEFT bits, so a closed-model user is counted once however many sessions they have. */
  flags(u: number): number {
    return ((this.i32[(u << SHIFT) + PACKED] as number) & FLAGS_MASK) >>> 16;
  }

  /** Replaces user `u`'s flags with `flags`. */
  setFlags(u: number, flags: number): void {
    const o = (u << SHIFT) + PACKED;
    this.i32[o] = ((this.i32[o] as number) & ~FLAGS_MASK) | (flags << 16);
  }

  /** Sets `flag` on user `u`; @returns true if it was not set before. */
  flag(u: number, flag: number): boolean {
    const o = (u << SHIFT) + PACKED;
    const word = this.i32[o] as number;
    this.i32[o] = word | (flag << 16);
    return (word & (flag << 16)) === 0;
  }

  /** Gives the records' memory back (see discardBuffers); the table must not be used afterwards. */
  discard(): void {
    discardBuffers([this.i32]);
  }

  /** Writes the records (the engine's words included) and the free list, for a checkpoint. */
  saveState(out: StateOut): void {
    out.numbers(this.used, this.freeHead, this.slots);
    out.array(this.i32);
  }

  /** Reads them back, taking the records over, and hands them to the engine (`onGrow`). */
  restoreState(inp: StateIn): void {
    const [used = 0, freeHead = -1, slots = 0] = inp.numbers(3);
    const i32 = inp.int32();
    this.i32 = i32;
    this.f64 = new Float64Array(i32.buffer, i32.byteOffset, i32.length >> 1);
    this.used = used;
    this.freeHead = freeHead;
    this.slots = slots;
    this.onGrow(i32);
  }

  /** Returns slot `u` to the free list. */
  release(u: number): void {
    const o = u << SHIFT;
    this.setState(u, U_FREE);
    this.i32[o + ATTEMPT] = this.freeHead;
    this.freeHead = u;
  }

  private grow(): void {
    const n = this.slots * 2;
    const i32 = new Int32Array(n * USER_WORDS);
    i32.set(this.i32);
    this.i32 = i32;
    this.f64 = new Float64Array(i32.buffer);
    this.slots = n;
    this.onGrow(i32);
  }
}
