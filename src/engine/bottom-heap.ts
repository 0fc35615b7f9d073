// The heap beside the ladder's bottom run (bottom.ts): a small binary min-heap of (time, seq, node)
// entries in parallel typed arrays, for the events pushed into the current bucket after its run was
// made. Keys come in through a shared Float64Array (see EventQueue's `key`), never as double arguments.

/**
 * A binary min-heap keyed by `(time, seq)`: equal times leave in ascending `seq` (FIFO when seq is
 * an insertion counter). Stores a node id per entry. Grows by doubling; allocates nothing per push.
 */
export class BottomHeap {
  /** Number of entries. */
  length = 0;
  /** Entry times; `time[0]` is the minimum when `length > 0`. */
  time: Float64Array;
  /** Entry sequence numbers, parallel to {@link time}. */
  seq: Float64Array;
  /** Entry node ids, parallel to {@link time}; `node[0]` belongs to the minimum. */
  node: Int32Array;
  private capacity: number;

  /**
   * @param key - where callers put the `(time, seq)` of the entry they push (see {@link pushKey}).
   * @param initialCapacity - entries held before the first growth; at least 1.
   */
  constructor(
    private readonly key: Float64Array,
    initialCapacity = 64,
  ) {
    const n = Math.max(1, initialCapacity);
    this.capacity = n;
    this.time = new Float64Array(n);
    this.seq = new Float64Array(n);
    this.node = new Int32Array(n);
  }

  /** Adds an entry for `node` keyed by `(key[0], key[1])` = `(time, seq)`. */
  pushKey(node: number): void {
    if (this.length === this.capacity) this.grow();
    const time = this.key[0] as number;
    const seq = this.key[1] as number;
    const ht = this.time;
    const hs = this.seq;
    const hn = this.node;
    let pos = this.length++;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const pt = ht[parent] as number;
      if (time > pt || (time === pt && seq > (hs[parent] as number))) break;
      ht[pos] = pt;
      hs[pos] = hs[parent] as number;
      hn[pos] = hn[parent] as number;
      pos = parent;
    }
    ht[pos] = time;
    hs[pos] = seq;
    hn[pos] = node;
  }

  /** Removes the minimum entry; the heap must not be empty. */
  removeTop(): void {
    const last = --this.length;
    if (last === 0) return;
    const ht = this.time;
    const hs = this.seq;
    const hn = this.node;
    const time = ht[last] as number;
    const seq = hs[last] as number;
    const node = hn[last] as number;
    const half = last >> 1;
    let pos = 0;
    while (pos < half) {
      const left = 2 * pos + 1;
      const right = left + 1;
      const tl = ht[left] as number;
      const tr = ht[right] as number;
      // perf: branch-free choice of the smaller child (as in flatqueue), ties broken by seq; a
      // mispredicted branch here cost more than the extra loads.
      const child =
        left +
        (+(right < last) & (+(tr < tl) | (+(tr === tl) & +((hs[right] as number) < (hs[left] as number)))));
      const tc = ht[child] as number;
      if (time < tc || (time === tc && seq < (hs[child] as number))) break;
      ht[pos] = tc;
      hs[pos] = hs[child] as number;
      hn[pos] = hn[child] as number;
      pos = child;
    }
    ht[pos] = time;
    hs[pos] = seq;
    hn[pos] = node;
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
