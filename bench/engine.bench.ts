// Hold-model benchmark (tinybench): the engine's real path (Simulator.schedule + run(until), with
// its tie-break, cancellation check and dispatch) against a bare loop on the flatqueue package.
import FlatQueue from 'flatqueue';
import { Bench } from 'tinybench';
import { Simulator, type EventHandler } from '../src/engine/simulator.js';
import { median } from './median.js';

/** One row of section 1: throughput of both sides at `n` pending events (medians over rounds). */
export interface EngineBenchRow {
  /** Number of pending events held throughout. */
  n: number;
  /** Events fired per second by Simulator.run, each handler call rescheduling its event. */
  engineEventsPerS: number;
  /** Hold operations (pop the minimum, push it back later) per second on flatqueue. */
  flatqueueEventsPerS: number;
  /** Median over rounds of engine / flatqueue measured back to back; below 1 the engine is slower. */
  ratio: number;
}

/** Events per tinybench iteration on each side. */
const OPS = 100_000;
const SEED = 0x9e3779b9;

/** xorshift32 turned into Exp(1) draws; identical seeds give identical streams on both sides. */
export class ExpStream {
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

/** The engine side: every fired event reschedules itself Exp(1) later with the same payload. */
class HoldModel implements EventHandler {
  readonly sim: Simulator;
  private readonly rng = new ExpStream(SEED);
  constructor(n: number) {
    this.sim = new Simulator(n);
    for (let i = 0; i < n; i++) this.sim.schedule(this.rng.next(), 0, i, 0);
  }
  handle(kind: number, a: number, b: number): void {
    this.sim.schedule(this.sim.now + this.rng.next(), kind, a, b);
  }
}

/** The bare loop of the reference table: no tie-break, no cancellation, no dispatch. */
export class FlatHold {
  private readonly queue: FlatQueue<number>;
  private readonly rng = new ExpStream(SEED);
  constructor(n: number) {
    this.queue = new FlatQueue<number>(n);
    for (let i = 0; i < n; i++) this.queue.push(i, this.rng.next());
  }
  run(ops: number): void {
    const q = this.queue;
    const r = this.rng;
    for (let i = 0; i < ops; i++) {
      const t = q.peekValue() as number;
      const id = q.pop() as number;
      q.push(id, t + r.next());
    }
  }
}

/** Events per second of a task: `events` fired over all its measured iterations. */
function perSecond(bench: Bench, name: string, events: number): number {
  const result = bench.getTask(name)?.result;
  if (!result || !('latency' in result)) throw new Error(`benchmark task ${name} did not complete`);
  return events / (result.totalTime / 1000);
}

/** One round at `n`: both tasks in one tinybench run, same iteration counts. */
async function round(n: number, iterations: number): Promise<[number, number]> {
  const hold = new HoldModel(n);
  const flat = new FlatHold(n);
  // In the hold model events fire at rate n per unit time, so run(now + OPS / n) fires about OPS.
  const span = OPS / n;
  let engineEvents = 0;
  const bench = new Bench({ iterations, time: 0, warmupIterations: 2, warmupTime: 0, throws: true });
  bench.add(
    'engine',
    () => {
      const before = hold.sim.eventsProcessed;
      hold.sim.run(hold.sim.now + span, hold);
      engineEvents += hold.sim.eventsProcessed - before;
    },
    // Count only the measured iterations: tinybench calls beforeAll with 'warmup', then 'run'.
    { beforeAll: (mode) => void (engineEvents = mode === 'run' ? 0 : engineEvents) },
  );
  bench.add('flatqueue', () => flat.run(OPS));
  await bench.run();
  return [perSecond(bench, 'engine', engineEvents), perSecond(bench, 'flatqueue', OPS * iterations)];
}

/**
 * Section 1, the hold model: `n` pending events with Exp(1) times; each step fires the earliest
 * and schedules it again Exp(1) later. Each size runs `rounds` rounds of both sides back to back.
 * @param sizes - numbers of pending events, e.g. `[1e3, 1e5, 1e6]`.
 */
export async function benchEngine(
  sizes: readonly number[],
  rounds = 5,
  iterations = 10,
): Promise<EngineBenchRow[]> {
  const rows: EngineBenchRow[] = [];
  for (const n of sizes) {
    const engine: number[] = [];
    const flat: number[] = [];
    const ratio: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const [e, f] = await round(n, iterations);
      engine.push(e);
      flat.push(f);
      ratio.push(e / f);
    }
    rows.push({
      n,
      engineEventsPerS: median(engine),
      flatqueueEventsPerS: median(flat),
      ratio: median(ratio),
    });
  }
  return rows;
}
