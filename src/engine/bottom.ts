// The ladder queue's bottom: the current bucket's (time, seq, node) entries as a sorted run popped
// from its head, and a small heap for the entries pushed after the run was made. Its minimum is always
// at the run's head. Keys come in through a shared Float64Array (see EventQueue's `key`).
import { BottomHeap } from './bottom-heap.js';

/** Free entries kept before a new run, so entries pushed ahead of its head need no shifting. */
const ROOM = 16;

/**
 * A min-queue keyed by `(time, seq)`: equal times leave in ascending `seq` (FIFO when seq is an
 * insertion counter). Stores a node id per entry. Filled as a sorted run ({@link startRun},
 * {@link sortRun}); an entry pushed later goes ahead of the head if it is the new minimum, else into
 * a heap whose minimum moves to the head when it becomes the smallest. Allocates nothing per push.
 * perf: a run pops in O(1) (bench/README.md, "Sorted runs").
 */
export class Bottom {
  /** Number of entries. */
  length = 0;
  /** Index of the minimum entry in {@link time}, {@link seq} and {@link node} when `length > 0`. */
  head = ROOM;
  /** The run's entry times, from {@link head} on. */
  time: Float64Array;
  /** The run's entry sequence numbers, parallel to {@link time}. */
  seq: Float64Array;
  /** The run's entry node ids, parallel to {@link time}. */
  node: Int32Array;
  /** Entries pushed after the run was made and not yet moved to its head. */
  readonly late: BottomHeap;
  /** Entries in the run, from {@link head} on. */
  private run = 0;
  private capacity: number;

  /** @param key - where callers put the `(time, seq)` of the entry they push (see {@link pushKey}). */
  constructor(
    private readonly key: Float64Array,
    initialCapacity = 64,
  ) {
    const n = Math.max(2 * ROOM, initialCapacity);
    this.capacity = n;
    this.time = new Float64Array(n);
    this.seq = new Float64Array(n);
    this.node = new Int32Array(n);
    this.late = new BottomHeap(key);
  }

  /** Adds an entry for `node` keyed by `(key[0], key[1])` = `(time, seq)`. */
  pushKey(node: number): void {
    const time = this.key[0] as number;
    const head = this.head;
    this.length++;
    if (this.run > 0) {
      const th = this.time[head] as number;
      if (time > th || (time === th && (this.key[1] as number) > (this.seq[head] as number))) {
        this.late.pushKey(node);
        return;
      }
    }
    if (head === 0) this.recentre();
    const at = --this.head;
    this.time[at] = time;
    this.seq[at] = this.key[1] as number;
    this.node[at] = node;
    this.run++;
  }

  /** Removes the minimum entry; the bottom must not be empty. */
  removeTop(): void {
    this.head++;
    this.run--;
    this.length--;
    if (this.late.length > 0) this.takeLate();
  }

  /** Calls `visit(time, id)` for every entry, in no particular order. */
  entries(visit: (time: number, id: number) => void): void {
    for (let i = this.head; i < this.head + this.run; i++)
      visit(this.time[i] as number, this.node[i] as number);
    const late = this.late;
    for (let i = 0; i < late.length; i++) visit(late.time[i] as number, late.node[i] as number);
  }

  /** Forgets every entry. */
  clear(): void {
    this.length = 0;
    this.run = 0;
    this.head = ROOM;
    this.late.length = 0;
  }

  /**
   * Makes room for a run of `m` entries in this empty bottom; the caller writes them, in any order,
   * at indices `[head, head + m)` (reading the arrays after this call), then calls {@link sortRun}.
   */
  startRun(m: number): void {
    while (this.capacity < m + 2 * ROOM) this.grow();
    this.head = ROOM;
  }

  /** Sorts the `m` entries written after {@link startRun} into the run (an insertion sort). */
  sortRun(m: number): void {
    const ht = this.time;
    const hs = this.seq;
    const hn = this.node;
    const lo = this.head;
    const end = lo + m;
    for (let i = lo + 1; i < end; i++) {
      const time = ht[i] as number;
      const seq = hs[i] as number;
      let j = i - 1;
      let tj = ht[j] as number;
      if (tj < time || (tj === time && (hs[j] as number) < seq)) continue;
      const node = hn[i] as number;
      do {
        ht[j + 1] = tj;
        hs[j + 1] = hs[j] as number;
        hn[j + 1] = hn[j] as number;
        if (--j < lo) break;
        tj = ht[j] as number;
      } while (tj > time || (tj === time && (hs[j] as number) > seq));
      ht[j + 1] = time;
      hs[j + 1] = seq;
      hn[j + 1] = node;
    }
    this.run = m;
    this.length = m;
  }

  /** After a pop: moves the late heap's minimum to the head if it is now the smallest entry. */
  private takeLate(): void {
    const late = this.late;
    const lt = late.time[0] as number;
    const head = this.head;
    if (this.run > 0) {
      const th = this.time[head] as number;
      if (lt > th || (lt === th && (late.seq[0] as number) > (this.seq[head] as number))) return;
    }
    const at = head - 1;
    this.time[at] = lt;
    this.seq[at] = late.seq[0] as number;
    this.node[at] = late.node[0] as number;
    this.head = at;
    this.run++;
    late.removeTop();
  }

  /** Moves the run to leave ROOM free entries before its head. */
  private recentre(): void {
    while (this.capacity < this.run + 2 * ROOM) this.grow();
    const head = this.head;
    const end = head + this.run;
    this.time.copyWithin(ROOM, head, end);
    this.seq.copyWithin(ROOM, head, end);
    this.node.copyWithin(ROOM, head, end);
    this.head = ROOM;
  }

  private grow(): void {
    const n = this.capacity * 2;
    const time = new Float64Array(n);
    time.set(this.time);
    const seq = new Float64Array(n);
    seq.set(this.seq);
    const node = new Int32Array(n);
    node.set(this.node);
    this.time = time;
    this.seq = seq;
    this.node = node;
    this.capacity = n;
  }
}
