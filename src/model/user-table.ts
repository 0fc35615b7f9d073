// Users as struct-of-arrays: one slot per user, recycled through a free list so memory
// grows with the number of users alive at once, never with simulated time.

/** A slot not holding a user (open model: the user has left). */
export const U_FREE = 0;
/** Closed model: signed out, will return after an off-time. */
export const U_SIGNED_OUT = 1;
export const U_CONNECTED = 2;
/** Trying to (re)connect: between a refusal or a lost server and the next attempt. */
export const U_WAITING = 3;

/** UserTable.flags: the user wanted service at some time in the run (counted once). */
export const F_WANTED = 1;
/** UserTable.flags: the user gave up or left while locked out at some time in the run (counted once). */
export const F_LOST = 2;

/** Typed-array user state; grows by doubling. */
export class UserTable {
  state: Uint8Array;
  pool: Uint16Array;
  /** Server the user is connected to, -1 if none. */
  server: Int32Array;
  /** Retries made so far in the current sign-in episode. */
  attempt: Int32Array;
  /** Planned sign-out time (s); NaN until the first successful sign-in of the episode. */
  endAt: Float64Array;
  /** Handle of the user's pending event in the engine, -1 if none. */
  event: Int32Array;
  /** The outage that disconnected the user and that they are still recovering from, -1 if none. */
  outage: Int32Array;
  /** F_WANTED | F_LOST bits, so a closed-model user is counted once however many sessions they have. */
  flags: Uint8Array;
  private free: Int32Array;
  private freeTop = 0;
  /** Slots handed out so far (the high-water mark). */
  used = 0;

  constructor(initialCapacity: number) {
    const n = Math.max(16, initialCapacity);
    this.state = new Uint8Array(n);
    this.pool = new Uint16Array(n);
    this.server = new Int32Array(n).fill(-1);
    this.attempt = new Int32Array(n);
    this.endAt = new Float64Array(n).fill(NaN);
    this.event = new Int32Array(n).fill(-1);
    this.outage = new Int32Array(n).fill(-1);
    this.flags = new Uint8Array(n);
    this.free = new Int32Array(n);
  }

  get capacity(): number {
    return this.state.length;
  }

  /** A fresh slot for a new user of `pool`, in state `state`. */
  alloc(pool: number, state: number): number {
    let u: number;
    if (this.freeTop > 0) u = this.free[--this.freeTop] as number;
    else {
      if (this.used === this.state.length) this.grow();
      u = this.used++;
    }
    this.state[u] = state;
    this.pool[u] = pool;
    this.server[u] = -1;
    this.attempt[u] = 0;
    this.endAt[u] = NaN;
    this.event[u] = -1;
    this.outage[u] = -1;
    this.flags[u] = 0;
    return u;
  }

  /** Sets `flag` on user `u`; @returns true if it was not set before. */
  flag(u: number, flag: number): boolean {
    const f = this.flags[u] as number;
    this.flags[u] = f | flag;
    return (f & flag) === 0;
  }

  /** Returns slot `u` to the free list. */
  release(u: number): void {
    this.state[u] = U_FREE;
    this.free[this.freeTop++] = u;
  }

  private grow(): void {
    const n = this.state.length * 2;
    this.state = copy(new Uint8Array(n), this.state);
    this.pool = copy(new Uint16Array(n), this.pool);
    this.server = copy(new Int32Array(n).fill(-1), this.server);
    this.attempt = copy(new Int32Array(n), this.attempt);
    this.endAt = copy(new Float64Array(n).fill(NaN), this.endAt);
    this.event = copy(new Int32Array(n).fill(-1), this.event);
    this.outage = copy(new Int32Array(n).fill(-1), this.outage);
    this.flags = copy(new Uint8Array(n), this.flags);
    this.free = copy(new Int32Array(n), this.free);
  }
}

function copy<T extends Uint8Array | Uint16Array | Int32Array | Float64Array>(into: T, from: T): T {
  into.set(from);
  return into;
}
