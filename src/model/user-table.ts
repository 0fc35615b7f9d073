// Users as one 32-byte record each in one buffer, recycled through a free list (last in, first out)
// so memory grows with the number of users alive at once, never with simulated time.

/** A slot not holding a user (open model: the user has left). */
export const U_FREE = 0;
/** Closed model: signed out, will return after an off-time. */
export const U_SIGNED_OUT = 1;
export const U_CONNECTED = 2;
/** Trying to (re)connect: between a refusal or a lost server and the next attempt. */
export const U_WAITING = 3;

/** UserTable flags: the user wanted service at some time in the run (counted once). */
export const F_WANTED = 1;
/** UserTable flags: the user gave up or left while locked out at some time in the run (counted once). */
export const F_LOST = 2;

// perf: a user is one record of 8 int32 words (32 bytes, so two to a cache line and never split
// across two): [endAt as f64 (words 0-1), server, event, attempt, outage, state, pool | flags << 16].
// An event touches one cache line of user state, where one typed array per field cost a miss per
// field read (about 27% of year-150k's CPU). The accessors are small enough that V8 always inlines them.
const WORDS = 8;
const SHIFT = 3;
const F64_SHIFT = 2;
const SERVER = 2;
const EVENT = 3;
const ATTEMPT = 4;
const OUTAGE = 5;
const STATE = 6;
const POOL_FLAGS = 7;
const POOL_MASK = 0xffff;

/** User state in one typed-array buffer; grows by doubling. */
export class UserTable {
  private i32: Int32Array;
  private f64: Float64Array;
  /** Last released slot, -1 if none; a free slot's event word links to the one released before it. */
  private freeHead = -1;
  private slots: number;
  /** Where {@link touch} puts what it reads, so the read is not optimised away. */
  private sink = 0;
  /** Slots handed out so far (the high-water mark). */
  used = 0;

  constructor(initialCapacity: number) {
    const n = Math.max(16, initialCapacity);
    this.i32 = new Int32Array(n * WORDS);
    this.f64 = new Float64Array(this.i32.buffer);
    this.slots = n;
  }

  get capacity(): number {
    return this.slots;
  }

  /** A fresh slot for a new user of `pool`, in state `state`. */
  alloc(pool: number, state: number): number {
    let u = this.freeHead;
    if (u >= 0) this.freeHead = this.i32[(u << SHIFT) + EVENT] as number;
    else {
      if (this.used === this.slots) this.grow();
      u = this.used++;
    }
    const o = u << SHIFT;
    const i32 = this.i32;
    this.f64[u << F64_SHIFT] = NaN;
    i32[o + SERVER] = -1;
    i32[o + EVENT] = -1;
    i32[o + ATTEMPT] = 0;
    i32[o + OUTAGE] = -1;
    i32[o + STATE] = state;
    i32[o + POOL_FLAGS] = pool;
    return u;
  }

  /** U_FREE, U_SIGNED_OUT, U_CONNECTED or U_WAITING. */
  state(u: number): number {
    return this.i32[(u << SHIFT) + STATE] as number;
  }

  setState(u: number, state: number): void {
    this.i32[(u << SHIFT) + STATE] = state;
  }

  pool(u: number): number {
    return (this.i32[(u << SHIFT) + POOL_FLAGS] as number) & POOL_MASK;
  }

  /** Server the user is connected to, -1 if none. */
  server(u: number): number {
    return this.i32[(u << SHIFT) + SERVER] as number;
  }

  setServer(u: number, s: number): void {
    this.i32[(u << SHIFT) + SERVER] = s;
  }

  /** Handle of the user's pending event in the engine, -1 if none (in a free slot: the free-list link). */
  event(u: number): number {
    return this.i32[(u << SHIFT) + EVENT] as number;
  }

  setEvent(u: number, handle: number): void {
    this.i32[(u << SHIFT) + EVENT] = handle;
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

  /** Planned sign-out time (s); NaN until the first successful sign-in of the episode. */
  endAt(u: number): number {
    return this.f64[u << F64_SHIFT] as number;
  }

  setEndAt(u: number, t: number): void {
    this.f64[u << F64_SHIFT] = t;
  }

  /** F_WANTED | F_LOST bits, so a closed-model user is counted once however many sessions they have. */
  flags(u: number): number {
    return (this.i32[(u << SHIFT) + POOL_FLAGS] as number) >>> 16;
  }

  /** Replaces user `u`'s flags with `flags`. */
  setFlags(u: number, flags: number): void {
    const o = (u << SHIFT) + POOL_FLAGS;
    this.i32[o] = ((this.i32[o] as number) & POOL_MASK) | (flags << 16);
  }

  /** Sets `flag` on user `u`; @returns true if it was not set before. */
  flag(u: number, flag: number): boolean {
    const o = (u << SHIFT) + POOL_FLAGS;
    const word = this.i32[o] as number;
    this.i32[o] = word | (flag << 16);
    return (word & (flag << 16)) === 0;
  }

  /**
   * Reads the records of the first `n` users of `list` (values outside the table ignored) so they are
   * in cache when needed. perf: the first read of a record is a cache miss; read together, the misses
   * overlap.
   */
  touch(list: Int32Array, n: number): void {
    const i32 = this.i32;
    const used = this.used;
    let x = 0;
    for (let i = 0; i < n; i++) {
      const u = list[i] as number;
      if (u >= 0 && u < used) x ^= i32[u << SHIFT] as number;
    }
    this.sink = x;
  }

  /** Returns slot `u` to the free list. */
  release(u: number): void {
    const o = u << SHIFT;
    this.i32[o + STATE] = U_FREE;
    this.i32[o + EVENT] = this.freeHead;
    this.freeHead = u;
  }

  private grow(): void {
    const n = this.slots * 2;
    const i32 = new Int32Array(n * WORDS);
    i32.set(this.i32);
    this.i32 = i32;
    this.f64 = new Float64Array(i32.buffer);
    this.slots = n;
  }
}
