// Ladder queue inside EventQueue: (time, seq) order against a sort oracle on workloads that reach
// every path (rung splits, degenerate buckets, far and past times, infinities, cancellations).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BottomHeap } from '../../src/engine/bottom-heap.js';
import { CHUNK, ChunkStore } from '../../src/engine/chunk-store.js';
import { EventQueue } from '../../src/engine/event-queue.js';
import { Ladder, NODE_WORDS } from '../../src/engine/ladder.js';

/** xorshift32 in (0, 1]: the workloads below are reproducible from a fast-check seed. */
function uniform(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return ((x >>> 0) + 1) / 4294967296;
  };
}

const MODES = ['hold', 'ties', 'wide', 'narrow', 'past', 'bursts'] as const;
type Mode = (typeof MODES)[number];

/** A time for the next push, given the last popped time `now`; each mode stresses one path. */
function nextTime(mode: Mode, u: () => number, now: number): number {
  const r = u();
  switch (mode) {
    case 'hold':
      return now - Math.log(r);
    case 'ties':
      return Math.floor(now) + Math.floor(r * 4);
    case 'wide': {
      const special = [Infinity, -Infinity, 0, -0, 1e300, -1e300, 5e-324];
      return r < 0.1 ? (special[Math.floor(r * 70)] as number) : (u() - 0.5) * 10 ** Math.floor(r * 40 - 20);
    }
    case 'narrow':
      return 1 + r * 1e-12;
    case 'past':
      return now + (r - 0.7) * 10;
    case 'bursts':
      return r < 0.5 ? now : now + 3600 * Math.floor(u() * 3);
  }
}

/** The oracle: pending events sorted by (time, id), the smallest last. */
class Oracle {
  private readonly items: { time: number; id: number }[] = [];
  private readonly cancelled = new Set<number>();
  live = 0;
  add(time: number, id: number): void {
    const items = this.items;
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = items[mid] as { time: number; id: number };
      // Descending by (time, id): does the new item go after m?
      if (m.time > time || (m.time === time && m.id > id)) lo = mid + 1;
      else hi = mid;
    }
    items.splice(lo, 0, { time, id });
    this.live++;
  }
  cancel(id: number): void {
    this.cancelled.add(id);
    this.live--;
  }
  pop(): { time: number; id: number } | undefined {
    for (;;) {
      const top = this.items.pop();
      if (top === undefined || !this.cancelled.has(top.id)) {
        if (top) this.live--;
        return top;
      }
    }
  }
}

/** Runs `ops` random operations on a queue and the oracle side by side; checks every pop. */
function runWorkload(mode: Mode, seed: number, prefill: number, ops: number): void {
  const u = uniform(seed);
  const q = new EventQueue(1);
  const oracle = new Oracle();
  const handles = new Map<number, number>();
  let id = 0;
  let now = 0;
  const push = (): void => {
    const time = nextTime(mode, u, now);
    handles.set(id, q.push(time, id % 7, id, -id - 1));
    oracle.add(time, id++);
  };
  for (let i = 0; i < prefill; i++) push();
  for (let i = 0; i < ops; i++) {
    const r = u();
    if (r < 0.45) push();
    else if (r < 0.9) {
      const want = oracle.pop();
      expect(q.pop()).toBe(want !== undefined);
      if (want === undefined) continue;
      expect([q.time, q.a, q.b, q.kind]).toEqual([want.time, want.id, -want.id - 1, want.id % 7]);
      handles.delete(want.id);
      if (Number.isFinite(want.time)) now = want.time;
    } else if (handles.size > 0) {
      const victim = [...handles.keys()][Math.floor(u() * handles.size)] as number;
      q.cancel(handles.get(victim) as number);
      handles.delete(victim);
      oracle.cancel(victim);
    }
    expect(q.size).toBe(oracle.live);
  }
  for (let want = oracle.pop(); want !== undefined; want = oracle.pop()) {
    expect(q.pop()).toBe(true);
    expect([q.time, q.a]).toEqual([want.time, want.id]);
  }
  expect(q.pop()).toBe(false);
}

describe('EventQueue on the ladder', () => {
  it('pops in (time, seq) order on every workload shape', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...MODES),
        fc.integer(),
        fc.integer({ min: 0, max: 3000 }),
        (mode, seed, prefill) => runWorkload(mode, seed, prefill, 3000),
      ),
      { numRuns: 60 },
    );
  });

  it('keeps FIFO order among 10,000 events at one time pushed between other times', () => {
    const q = new EventQueue(4);
    for (let i = 0; i < 10_000; i++) {
      q.push(5, 0, i, 0);
      q.push(i % 2 === 0 ? 1 : 9, 1, i, 0);
    }
    const fives: number[] = [];
    let last = -Infinity;
    while (q.pop()) {
      expect(q.time).toBeGreaterThanOrEqual(last);
      last = q.time;
      if (q.time === 5) fives.push(q.a);
    }
    expect(fives).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
  });
});

describe('EventQueue sequence numbers', () => {
  it('keeps FIFO order among equal times when the insertion counter passes 2^31 and 2^32', () => {
    for (const start of [2 ** 31 - 3, 2 ** 32 - 3, 2 ** 52]) {
      const q = new EventQueue(4);
      // White-box: jump the private counter instead of pushing billions of events.
      (q as unknown as { nextSeq: number }).nextSeq = start;
      for (let i = 0; i < 40; i++) q.push(i % 2 === 0 ? 7 : 3, 0, i, 0);
      const order: number[] = [];
      while (q.pop()) order.push(q.a);
      const odds = Array.from({ length: 20 }, (_, i) => 2 * i + 1);
      const evens = Array.from({ length: 20 }, (_, i) => 2 * i);
      expect(order).toEqual([...odds, ...evens]);
    }
  });
});

describe('Ladder', () => {
  it('moves only the earliest bucket of a crowded Top into the bottom', () => {
    const key = new Float64Array(2);
    const ladder = new Ladder(key, 16);
    const n = 100_000;
    const nodes = new Int32Array(n * NODE_WORDS);
    for (let i = 0; i < n; i++) {
      nodes[i * NODE_WORDS + 1] = i;
      key[0] = (i * 7919) % n;
      key[1] = i;
      ladder.insert(i);
    }
    expect(ladder.refill(nodes, new Int32Array(0), 2)).toBe(true);
    expect(ladder.bottom.length).toBeGreaterThan(0);
    expect(ladder.bottom.length).toBeLessThanOrEqual(256);
    expect(ladder.bottom.time[ladder.bottom.head]).toBe(0);
  });

  it('puts events that cannot be told apart by time into the bottom together', () => {
    const key = new Float64Array(2);
    const ladder = new Ladder(key, 16);
    const nodes = new Int32Array(1000 * NODE_WORDS);
    for (let i = 0; i < 1000; i++) {
      nodes[i * NODE_WORDS + 1] = i;
      key[0] = 42;
      key[1] = i;
      ladder.insert(i);
    }
    expect(ladder.refill(nodes, new Int32Array(0), 2)).toBe(true);
    expect(ladder.bottom.length).toBe(1000);
    for (let i = 0; i < 1000; i++) {
      expect(ladder.bottom.node[ladder.bottom.head]).toBe(i);
      ladder.bottom.removeTop();
    }
  });
});

describe('BottomHeap', () => {
  it('removes entries in (time, seq) order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 200 }), (times) => {
        const key = new Float64Array(2);
        const heap = new BottomHeap(key, 1);
        times.forEach((t, i) => {
          key[0] = t;
          key[1] = i;
          heap.pushKey(i);
        });
        const out: number[] = [];
        while (heap.length > 0) {
          out.push(heap.node[0] as number);
          heap.removeTop();
        }
        const expected = times.map((t, i) => [t, i] as const).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
        expect(out).toEqual(expected.map(([, i]) => i));
      }),
    );
  });
});

function append(store: ChunkStore, hdr: Int32Array, o: number, time: number, node: number): void {
  const e = store.slot(hdr, o);
  store.time[e] = time;
  store.node[e] = node;
}

describe('ChunkStore', () => {
  it('appends across chunks, counts a bucket and grows its pool', () => {
    const store = new ChunkStore(1);
    const hdr = new Int32Array([-1, 0, -1, 0]);
    for (let i = 0; i < 2 * CHUNK + 3; i++) {
      append(store, hdr, 0, i, i);
      if (i < CHUNK) append(store, hdr, 2, -i, 1000 + i);
    }
    expect(store.count(hdr[0] as number, hdr[1] as number)).toBe(2 * CHUNK + 3);
    expect(store.count(hdr[2] as number, hdr[3] as number)).toBe(CHUNK);
    const seen: number[] = [];
    for (let c = hdr[0] as number, k = hdr[1] as number; c >= 0; c = store.next[c] as number, k = CHUNK) {
      for (let j = 0; j < k; j++) {
        expect(store.time[c * CHUNK + j]).toBe(store.node[c * CHUNK + j]);
        seen.push(store.node[c * CHUNK + j] as number);
      }
    }
    expect(seen.sort((x, y) => x - y)).toEqual(Array.from({ length: 2 * CHUNK + 3 }, (_, i) => i));
  });
});
