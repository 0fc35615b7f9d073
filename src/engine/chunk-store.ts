// Bucket storage for the ladder queue: fixed-size chunks of (time, node) entries in typed arrays,
// linked newest-first, so appending to a bucket is O(1) and reading it back is sequential.
import { discardBuffers } from './discard.js';

/**
 * Entries per chunk. perf: chunked buckets rather than linked lists of nodes, because walking a
 * list of nodes scattered over memory is a chain of dependent cache misses (bench/README.md,
 * "Chunked buckets").
 */
export const CHUNK = 16;
const CHUNK_SHIFT = 4;

/**
 * A pool of chunks. A bucket is described by two int32 words in a caller's header array: the id
 * of its newest chunk (-1 = empty bucket) and the number of entries in that chunk; every older
 * chunk of the bucket is full. Nothing is allocated per entry; the pool grows by doubling.
 */
export class ChunkStore {
  /** Entry times; entry `j` of chunk `c` is at `c * CHUNK + j`. */
  time: Float64Array;
  /** Entry node ids (the queue's handles), parallel to {@link time}. */
  node: Int32Array;
  /** Next older chunk of the same bucket, -1 at the end. */
  next: Int32Array;
  private free: Int32Array;
  private freeTop = 0;
  private used = 0;
  private capacity: number;

  /** @param initialChunks - chunks held before the first growth; at least 1. */
  constructor(initialChunks: number) {
    const n = Math.max(1, initialChunks);
    this.capacity = n;
    this.time = new Float64Array(n << CHUNK_SHIFT);
    this.node = new Int32Array(n << CHUNK_SHIFT);
    this.next = new Int32Array(n);
    this.free = new Int32Array(n);
  }

  /**
   * Reserves the next entry of a bucket whose header words are `hdr[o]` (newest chunk) and
   * `hdr[o + 1]` (its fill), and returns the entry's index; the caller writes `time` and `node`.
   */
  slot(hdr: Int32Array, o: number): number {
    let chunk = hdr[o] as number;
    let fill = hdr[o + 1] as number;
    if (chunk < 0 || fill === CHUNK) {
      const c = this.alloc();
      this.next[c] = chunk;
      hdr[o] = chunk = c;
      fill = 0;
    }
    hdr[o + 1] = fill + 1;
    return (chunk << CHUNK_SHIFT) + fill;
  }

  /** Number of entries in the bucket whose newest chunk `chunk` holds `fill` entries. */
  count(chunk: number, fill: number): number {
    const next = this.next;
    let n = fill;
    for (let c = next[chunk] as number; c >= 0; c = next[c] as number) n += CHUNK;
    return n;
  }

  /** Returns a chunk to the pool; the caller has read it (and its `next`) already. */
  release(chunk: number): void {
    this.free[this.freeTop++] = chunk;
  }

  /** Gives the pool's memory back (see discardBuffers); the store must not be used afterwards. */
  discard(): void {
    discardBuffers([this.time, this.node, this.next, this.free]);
  }

  /** Forgets every chunk; keeps the allocated capacity. */
  clear(): void {
    this.used = 0;
    this.freeTop = 0;
  }

  private alloc(): number {
    if (this.freeTop > 0) return this.free[--this.freeTop] as number;
    if (this.used === this.capacity) this.grow();
    return this.used++;
  }

  private grow(): void {
    const n = this.capacity * 2;
    const time = new Float64Array(n << CHUNK_SHIFT);
    time.set(this.time);
    const node = new Int32Array(n << CHUNK_SHIFT);
    node.set(this.node);
    const next = new Int32Array(n);
    next.set(this.next);
    this.time = time;
    this.node = node;
    this.next = next;
    this.free = new Int32Array(n);
    this.capacity = n;
  }
}
