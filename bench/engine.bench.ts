// Hold-model benchmark of the pending-event set: EventQueue (with tie-break and slot bookkeeping)
// against the flatqueue package, both driven by the same seeded Exp(1) stream.
import FlatQueue from 'flatqueue';
import { Bench } from 'tinybench';
import { EventQueue } from '../src/engine/event-queue.js';

/** One benchmark row: throughput of both queues at `n` pending events. */
export interface EngineBenchRow {
  /** Number of pending events held throughout. */
  n: number;
  /** Hold operations (pop the minimum, push it back later) per second with EventQueue. */
  engineEventsPerS: number;
  /** Hold operations per second with flatqueue. */
  flatqueueEventsPerS: number;
  /** `engineEventsPerS / flatqueueEventsPerS`; below 1 means the engine is slower. */
  ratio: number;
}

const OPS_PER_ITERATION = 100_000;
const ITERATIONS = 10;
const WARMUP_ITERATIONS = 2;
const SEED = 0x9e3779b9;

/** xorshift32 turned into Exp(1) draws; identical seeds give identical streams on both sides. */
class ExpStream {
  private x: number;
  constructor(seed: number) {
    this.x = seed | 0 || 1;
  }
  next(): number {
    let x = this.x;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.x = x;
    // (x >>> 0) + 1 lies in [1, 2^32], so u lies in (0, 1] and the log is finite.
    return -Math.log(((x >>> 0) + 1) / 4294967296);
  }
}

/** Builds both hold-model tasks for `n` pending events on `bench`. */
function addTasks(bench: Bench, n: number): void {
  let queue = new EventQueue(1);
  let rng = new ExpStream(SEED);
  bench.add(
    `engine n=${n}`,
    () => {
      const q = queue;
      const r = rng;
      for (let i = 0; i < OPS_PER_ITERATION; i++) {
        q.pop();
        q.push(q.time + r.next(), q.kind, q.a, q.b);
      }
    },
    {
      beforeAll() {
        queue = new EventQueue(n);
        rng = new ExpStream(SEED);
        for (let i = 0; i < n; i++) queue.push(rng.next(), 0, i, 0);
      },
    },
  );

  let fq = new FlatQueue<number>(1);
  let fqRng = new ExpStream(SEED);
  bench.add(
    `flatqueue n=${n}`,
    () => {
      const q = fq;
      const r = fqRng;
      for (let i = 0; i < OPS_PER_ITERATION; i++) {
        const t = q.peekValue() as number;
        const id = q.pop() as number;
        q.push(id, t + r.next());
      }
    },
    {
      beforeAll() {
        fq = new FlatQueue<number>(n);
        fqRng = new ExpStream(SEED);
        for (let i = 0; i < n; i++) fq.push(i, fqRng.next());
      },
    },
  );
}

/** Events per second from a task's mean latency per iteration (ms). */
function eventsPerS(bench: Bench, name: string): number {
  const result = bench.getTask(name)?.result;
  if (!result || !('latency' in result)) throw new Error(`benchmark task ${name} did not complete`);
  return (OPS_PER_ITERATION * 1000) / result.latency.mean;
}

/**
 * Hold model: `n` pending events with Exp(1) times; each operation pops the earliest and pushes
 * it back at its time plus Exp(1). Each task runs a fixed number of 100,000-operation iterations.
 * @param sizes - numbers of pending events, e.g. `[1e3, 1e5, 1e6]`.
 */
export async function benchEngine(sizes: number[]): Promise<EngineBenchRow[]> {
  const rows: EngineBenchRow[] = [];
  for (const n of sizes) {
    const bench = new Bench({
      iterations: ITERATIONS,
      time: 0,
      warmupIterations: WARMUP_ITERATIONS,
      warmupTime: 0,
      throws: true,
    });
    addTasks(bench, n);
    await bench.run();
    const engineEventsPerS = eventsPerS(bench, `engine n=${n}`);
    const flatqueueEventsPerS = eventsPerS(bench, `flatqueue n=${n}`);
    rows.push({ n, engineEventsPerS, flatqueueEventsPerS, ratio: engineEventsPerS / flatqueueEventsPerS });
  }
  return rows;
}
