// Makes a ladder bucket into the bottom's sorted run: the entries' seqs read in one pass, a counting
// sort on a finer bucket of time, oldest chunk first so equal times are mostly in seq order already,
// then an insertion sort (Bottom.sortRun). Scratch arrays sized once; nothing allocated per run.
import type { Bottom } from './bottom.js';
import { CHUNK, type ChunkStore } from './chunk-store.js';

/**
 * Int32 words per node in the caller's node array; a node's seq is `high * 2^32 + (low >>> 0)`
 * with its high word first and its low word second.
 */
export const NODE_WORDS = 5;
const TWO_32 = 4294967296;

/** Turns buckets of at most `maxEntries` entries into the bottom's run (see {@link make}). */
export class RunMaker {
  /** The bucket's chunks, newest first. */
  private readonly chain: Int32Array;
  /** Per entry, oldest first: its seq, then its finer bucket. */
  private readonly seqs: Float64Array;
  private readonly sub: Int32Array;
  /** Per finer bucket: its count, then the index its next entry goes to. */
  private readonly counts: Int32Array;

  /**
   * @param bottom - the bottom the runs are made in.
   * @param span - `[start, width]` of the bucket being made a run, written by the caller before
   *   {@link make} (perf: no double crosses a call; bench/README.md, "No double crosses a call").
   * @param maxEntries - the largest bucket {@link make} is given.
   */
  constructor(
    private readonly bottom: Bottom,
    private readonly span: Float64Array,
    maxEntries: number,
  ) {
    let s = 1;
    while (s < maxEntries) s <<= 1;
    this.chain = new Int32Array(Math.ceil(maxEntries / CHUNK) + 1);
    this.seqs = new Float64Array(maxEntries);
    this.sub = new Int32Array(maxEntries);
    this.counts = new Int32Array(s);
  }

  /**
   * Moves the `m` entries (1 to `maxEntries`) of the bucket whose newest chunk `chunk` holds `fill`
   * into the empty bottom as a sorted run, releasing its chunks.
   * @param nodes - the caller's nodes ({@link NODE_WORDS} words each), read for their seq.
   * @param ents - the caller's entity records (`stride` words each, the seq in the first two).
   */
  // eslint-disable-next-line max-lines-per-function -- perf: the read, count and sort passes share hoisted locals in one frame (bench/README.md, "Sorted runs")
  make(
    chunks: ChunkStore,
    chunk: number,
    fill: number,
    m: number,
    nodes: Int32Array,
    ents: Int32Array,
    stride: number,
  ): void {
    const nc = this.readSeqs(chunks, chunk, fill, nodes, ents, stride);
    let s = 1;
    while (s < m) s <<= 1;
    const w = this.span[1] as number;
    const from = this.span[0] as number;
    let inv = w > 0 ? s / w : 0;
    if (!(inv < Infinity)) inv = 0;
    const last = s - 1;
    const chain = this.chain;
    const counts = this.counts;
    const sub = this.sub;
    counts.fill(0, 0, s);
    const times = chunks.time;
    const ids = chunks.node;
    // Any finer bucket monotone in time will do: the insertion sort makes the run exact.
    for (let q = nc - 1, i = 0; q >= 0; q--) {
      const base = (chain[q] as number) * CHUNK;
      const k = q === 0 ? fill : CHUNK;
      for (let j = 0; j < k; j++, i++) {
        const x = ((times[base + j] as number) - from) * inv;
        const b = x < last ? (x >= 0 ? x | 0 : 0) : last;
        sub[i] = b;
        counts[b] = (counts[b] as number) + 1;
      }
    }
    const bottom = this.bottom;
    bottom.startRun(m);
    for (let b = 0, at = bottom.head; b < s; b++) {
      const n = counts[b] as number;
      counts[b] = at;
      at += n;
    }
    const bt = bottom.time;
    const bs = bottom.seq;
    const bn = bottom.node;
    const seqs = this.seqs;
    for (let q = nc - 1, i = 0; q >= 0; q--) {
      const cq = chain[q] as number;
      const base = cq * CHUNK;
      const k = q === 0 ? fill : CHUNK;
      for (let j = 0; j < k; j++, i++) {
        const b = sub[i] as number;
        const p = counts[b] as number;
        counts[b] = p + 1;
        bt[p] = times[base + j] as number;
        bs[p] = seqs[i] as number;
        bn[p] = ids[base + j] as number;
      }
      chunks.release(cq);
    }
    bottom.sortRun(m);
  }

  /** Lists the bucket's chunks in {@link chain} and reads its entries' seqs, oldest first; returns the chunk count. */
  private readSeqs(
    chunks: ChunkStore,
    chunk: number,
    fill: number,
    nodes: Int32Array,
    ents: Int32Array,
    stride: number,
  ): number {
    const next = chunks.next;
    const chain = this.chain;
    let nc = 0;
    for (let x = chunk; x >= 0; x = next[x] as number) chain[nc++] = x;
    const ids = chunks.node;
    const seqs = this.seqs;
    // perf: the seqs first, in a loop of loads and one store each, so their cache misses overlap; with
    // the run's stores in the same loop they did not (bench/README.md, "Sorted runs"). A dead node's or
    // entity's high word is negative: its key is wrong, but it is discarded unread.
    for (let q = nc - 1, i = 0; q >= 0; q--) {
      const base = (chain[q] as number) * CHUNK;
      const k = q === 0 ? fill : CHUNK;
      for (let j = 0; j < k; j++, i++) {
        const node = ids[base + j] as number;
        if (node >= 0) {
          const o = node * NODE_WORDS;
          seqs[i] = (nodes[o] as number) * TWO_32 + ((nodes[o + 1] as number) >>> 0);
        } else {
          const o = (-1 - node) * stride;
          seqs[i] = (ents[o] as number) * TWO_32 + ((ents[o + 1] as number) >>> 0);
        }
      }
    }
    return nc;
  }
}
