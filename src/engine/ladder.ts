// The ordering structure of the event queue: a ladder queue (Tang, Goh and Thng, 2005) on typed
// arrays. Far events wait unsorted in Top; rungs of time buckets split them finer and finer; only
// the current bucket is sorted, into a run (the bottom). O(1) amortised per event.
import { Bottom } from './bottom.js';
import { CHUNK, ChunkStore } from './chunk-store.js';
import { NODE_WORDS, RunMaker } from './run-maker.js';

export { NODE_WORDS } from './run-maker.js';

const TWO_32 = 4294967296;
/** Rungs at most; a bucket still too big at the deepest rung is pushed into the bottom's heap as it is. */
const MAX_RUNGS = 8;
/** perf: mean entries per bucket when Top becomes rung 0 (bench/README.md, "Ladder queue"). */
const TOP_PER_BUCKET = 16;
/**
 * perf: rung 0's buckets at most, whatever Top holds. Each insert reads its bucket's header and writes
 * at the end of the bucket's newest chunk, so rung 0's headers and open chunks are touched at random;
 * uncapped, a million pending events would make 65,536 buckets and a cache (and TLB) miss per insert.
 * Capped, rung 0's buckets get fuller and are split once more when their turn comes, in cache
 * (bench/README.md, "Rung 0 capped").
 */
const MAX_TOP_BUCKETS = 16384;
/** perf: mean entries per bucket when a crowded bucket is split (bench/README.md, "Sorted runs"). */
const CHILD_PER_BUCKET = 32;
/**
 * perf: a bucket with more entries than this is split into a new rung rather than made a sorted run
 * (bench/README.md, "Sorted runs").
 */
const SPLIT_ABOVE = 256;

/**
 * Events ordered by `(time, seq)`, stored as ids: a node id (>= 0) or an entity's `-1 - e`; the
 * caller keeps each node's and entity's payload and sequence number. Every step that moves events (Top → rung → finer rung → bottom) routes them
 * by a monotone function of time alone, so equal times always meet in the bottom, where
 * `seq` orders them.
 */
export class Ladder {
  /** The events of the current bucket, sorted by `(time, seq)`; pop from here. */
  readonly bottom: Bottom;
  private readonly chunks: ChunkStore;
  /** Top's bucket header: newest chunk, its fill. */
  private readonly top = new Int32Array([-1, 0]);
  private topCount = 0;
  private topMin = Infinity;
  private topMax = -Infinity;
  /** Events at or after this time go to Top (the end of rung 0 when it was made). */
  private topStart = -Infinity;
  private rungs = 0;
  private readonly start = new Float64Array(MAX_RUNGS);
  private readonly width = new Float64Array(MAX_RUNGS);
  private readonly inv = new Float64Array(MAX_RUNGS);
  private readonly buckets = new Int32Array(MAX_RUNGS);
  /** Per rung, the bucket being consumed (moved to the bottom or split); earlier ones are empty. */
  private readonly cur = new Int32Array(MAX_RUNGS);
  /** Per rung, two words per bucket (see ChunkStore). */
  private readonly headers: Int32Array[] = [];
  /** The seqs of one chunk's entries, read before they are pushed (see toBottom). */
  private readonly seqs = new Float64Array(CHUNK);
  /** The start and width of the bucket being made a run (perf: no double crosses a call). */
  private readonly span = new Float64Array(2);
  private readonly runs: RunMaker;

  /**
   * @param key - `[time, seq]` of the event being inserted, written by the caller before {@link insert}.
   * @param expectedEvents - events the chunk pool holds before it first grows.
   */
  constructor(
    private readonly key: Float64Array,
    expectedEvents: number,
  ) {
    this.bottom = new Bottom(key);
    this.runs = new RunMaker(this.bottom, this.span, SPLIT_ABOVE);
    this.chunks = new ChunkStore(Math.ceil(expectedEvents / CHUNK) * 2);
    for (let r = 0; r < MAX_RUNGS; r++) this.headers.push(new Int32Array(2).fill(-1));
  }

  /** Adds id `node` (a node, or `-1 - e` for entity e) with key `(key[0], key[1])` = `(time, seq)`: time not NaN, seq above every earlier one. */
  insert(node: number): void {
    const time = this.key[0] as number;
    if (time >= this.topStart) {
      this.insertTop(node);
      return;
    }
    const rungs = this.rungs;
    for (let r = 0; r < rungs; r++) {
      const x = (time - (this.start[r] as number)) * (this.inv[r] as number);
      const last = (this.buckets[r] as number) - 1;
      const idx = x < last ? (x >= 0 ? x | 0 : 0) : last;
      const cur = this.cur[r] as number;
      if (idx > cur) {
        const e = this.chunks.slot(this.headers[r] as Int32Array, idx << 1);
        this.chunks.time[e] = time;
        this.chunks.node[e] = node;
        return;
      }
      // idx === cur: the bucket was split into rung r + 1 (go on) or moved to the bottom.
      if (idx < cur) break;
    }
    this.bottom.pushKey(node);
  }

  /**
   * Refills the empty bottom with the next non-empty bucket, splitting crowded buckets first.
   * @param nodes - the caller's nodes ({@link NODE_WORDS} words each), read for their seq.
   * @param ents - the caller's entity records (`stride` words each, the seq in the first two).
   * @returns false if no event is pending.
   */
  refill(nodes: Int32Array, ents: Int32Array, stride: number): boolean {
    for (;;) {
      if (this.rungs === 0) {
        if (this.topCount === 0) return false;
        this.spawnFromTop();
        continue;
      }
      const r = this.rungs - 1;
      const hdr = this.headers[r] as Int32Array;
      const n = this.buckets[r] as number;
      let c = (this.cur[r] as number) + 1;
      while (c < n && (hdr[c << 1] as number) < 0) c++;
      this.cur[r] = c;
      if (c === n) {
        this.rungs = r;
        continue;
      }
      const chunk = hdr[c << 1] as number;
      const fill = hdr[(c << 1) + 1] as number;
      hdr[c << 1] = -1;
      const m = this.chunks.count(chunk, fill);
      if (m > SPLIT_ABOVE && r + 1 < MAX_RUNGS && this.spawnChild(r, c, chunk, fill)) continue;
      if (m <= SPLIT_ABOVE) {
        const w = this.width[r] as number;
        this.span[0] = (this.start[r] as number) + c * w;
        this.span[1] = w;
        this.runs.make(this.chunks, chunk, fill, m, nodes, ents, stride);
      } else this.toBottom(chunk, fill, nodes, ents, stride);
      return true;
    }
  }

  /**
   * Calls `visit(time, id)` for every entry, live or cancelled, in no particular order; changes nothing.
   * For a checkpoint (between chunks, never per event).
   */
  entries(visit: (time: number, id: number) => void): void {
    const chunks = this.chunks;
    const bucket = (chunk: number, fill: number): void => {
      let k = fill;
      for (let c = chunk; c >= 0; c = chunks.next[c] as number, k = CHUNK)
        for (let j = 0; j < k; j++)
          visit(chunks.time[c * CHUNK + j] as number, chunks.node[c * CHUNK + j] as number);
    };
    bucket(this.top[0] as number, this.top[1] as number);
    for (let r = 0; r < this.rungs; r++) {
      const hdr = this.headers[r] as Int32Array;
      for (let c = (this.cur[r] as number) + 1; c < (this.buckets[r] as number); c++)
        bucket(hdr[c << 1] as number, hdr[(c << 1) + 1] as number);
    }
    this.bottom.entries(visit);
  }

  /** Gives the chunk pool's memory back; the ladder must not be used afterwards. */
  discard(): void {
    this.chunks.discard();
  }

  /** Forgets every event; keeps the allocated capacity. */
  clear(): void {
    this.bottom.clear();
    this.chunks.clear();
    this.top[0] = -1;
    this.topCount = 0;
    this.topMin = Infinity;
    this.topMax = -Infinity;
    this.topStart = -Infinity;
    this.rungs = 0;
  }

  /** Appends to Top: events at or after the end of rung 0, rare once the ladder is built. */
  private insertTop(node: number): void {
    const time = this.key[0] as number;
    const e = this.chunks.slot(this.top, 0);
    this.chunks.time[e] = time;
    this.chunks.node[e] = node;
    this.topCount++;
    if (time < this.topMin) this.topMin = time;
    if (time > this.topMax) this.topMax = time;
  }

  /** Turns Top into rung 0 spanning [topMin, topMax]; later events from topMax on go to a new Top. */
  private spawnFromTop(): void {
    const count = this.topCount;
    let n = 1;
    while (n * TOP_PER_BUCKET < count && n < MAX_TOP_BUCKETS) n <<= 1;
    this.setRung(0, this.topMin, (this.topMax - this.topMin) / n, n);
    this.topStart = this.topMax;
    const chunk = this.top[0] as number;
    const fill = this.top[1] as number;
    this.top[0] = -1;
    this.topCount = 0;
    this.topMin = Infinity;
    this.topMax = -Infinity;
    this.rungs = 1;
    this.spread(0, chunk, fill);
  }

  /** Splits bucket `c` of rung `r` into a new rung r + 1; false if it cannot be split finer. */
  private spawnChild(r: number, c: number, chunk: number, fill: number): boolean {
    const w = this.width[r] as number;
    if (!(w > 0)) return false;
    const count = this.chunks.count(chunk, fill);
    let n = 1;
    while (n * CHILD_PER_BUCKET < count) n <<= 1;
    const start = (this.start[r] as number) + c * w;
    if (!(start + w / n > start)) return false;
    this.setRung(r + 1, start, w / n, n);
    this.rungs = r + 2;
    this.spread(r + 1, chunk, fill);
    return true;
  }

  /** Sets rung `r` to `n` empty buckets of `width` from `start`; one catch-all bucket if degenerate. */
  private setRung(r: number, start: number, width: number, n: number): void {
    const inv = 1 / width;
    const ok = width > 0 && inv < Infinity && Number.isFinite(start) && Number.isFinite(width);
    this.start[r] = ok ? start : 0;
    this.width[r] = ok ? width : 0;
    this.inv[r] = ok ? inv : 1;
    const buckets = ok ? n : 1;
    this.buckets[r] = buckets;
    this.cur[r] = -1;
    let hdr = this.headers[r] as Int32Array;
    if (hdr.length < 2 * buckets) this.headers[r] = hdr = new Int32Array(2 * buckets);
    hdr.fill(-1, 0, 2 * buckets);
  }

  /** Moves every entry of a bucket into rung `r`, releasing its chunks. */
  private spread(r: number, chunk: number, fill: number): void {
    const chunks = this.chunks;
    const hdr = this.headers[r] as Int32Array;
    // start is finite and inv finite and > 0, so x is a number or ±Infinity, never NaN; the
    // clamp keeps the bucket index monotone in time (insert computes it the same way).
    const start = this.start[r] as number;
    const inv = this.inv[r] as number;
    const last = (this.buckets[r] as number) - 1;
    let k = fill;
    for (let c = chunk; c >= 0;) {
      const base = c * CHUNK;
      for (let j = 0; j < k; j++) {
        // Read through `chunks` each time: slot() may grow (replace) its arrays.
        const time = chunks.time[base + j] as number;
        const x = (time - start) * inv;
        const e = chunks.slot(hdr, (x < last ? (x >= 0 ? x | 0 : 0) : last) << 1);
        chunks.time[e] = time;
        chunks.node[e] = chunks.node[base + j] as number;
      }
      const next = chunks.next[c] as number;
      chunks.release(c);
      c = next;
      k = CHUNK;
    }
  }

  /** Pushes every entry of a bucket too big for a run into the bottom, releasing its chunks. */
  private toBottom(chunk: number, fill: number, nodes: Int32Array, ents: Int32Array, stride: number): void {
    const chunks = this.chunks;
    const bottom = this.bottom;
    const times = chunks.time;
    const ids = chunks.node;
    const key = this.key;
    const seqs = this.seqs;
    let k = fill;
    for (let c = chunk; c >= 0;) {
      const base = c * CHUNK;
      // perf: the seqs first, in a loop of loads only, so their cache misses overlap; then the pushes.
      // A dead node's or entity's high word is negative: its key is wrong, but it is discarded unread.
      for (let j = 0; j < k; j++) {
        const node = ids[base + j] as number;
        if (node >= 0) {
          const o = node * NODE_WORDS;
          seqs[j] = (nodes[o] as number) * TWO_32 + ((nodes[o + 1] as number) >>> 0);
        } else {
          const o = (-1 - node) * stride;
          seqs[j] = (ents[o] as number) * TWO_32 + ((ents[o + 1] as number) >>> 0);
        }
      }
      for (let j = 0; j < k; j++) {
        key[0] = times[base + j] as number;
        key[1] = seqs[j] as number;
        bottom.pushKey(ids[base + j] as number);
      }
      const next = chunks.next[c] as number;
      chunks.release(c);
      c = next;
      k = CHUNK;
    }
  }
}
