// Section 3, the allocation check: after a warm-up, fire 10^6 events and see whether the JS heap
// grows and whether the garbage collector had to run. Needs node --expose-gc.
import { execFileSync } from 'node:child_process';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { setImmediate as nextTurn, setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Simulator, type EventHandler } from '../src/engine/simulator.js';
import { ChatWorld } from '../src/model/chat-world.js';
import { loadScenarioFile } from '../src/scenario/load.js';

/** One row of section 3. */
export interface AllocRow {
  /** What ran: the engine's hold model or a whole bench scenario. */
  name: string;
  /** Events in the measured window. */
  events: number;
  /** heapUsed growth over the first 10^6 events after a full GC (includes re-warming after it). */
  firstWindowBytes: number;
  /** heapUsed growth over the next 10^6 events: the figure that must stay flat. */
  heapGrowthBytes: number;
  bytesPerEvent: number;
  /** Garbage collections (of any kind) during the measured window. */
  gcRuns: number;
  /** True when the second window grew by under one byte per event and no collection ran. */
  flat: boolean;
}

const EVENTS = 1_000_000;

/** Hold model: `n` pending events, each rescheduled 0.5 to 1.5 time units after it fires. */
class Hold implements EventHandler {
  readonly sim: Simulator;
  private x = 12345;
  constructor(n: number) {
    this.sim = new Simulator(n);
    for (let i = 0; i < n; i++) this.handle(0, i, 0);
  }
  handle(kind: number, a: number, b: number): void {
    // The draw is written out here, not in a method: a double returned from a call V8 does not
    // inline is boxed, and the check is about the engine, not this harness. The time goes through
    // the hot path's `nextTime` for the same reason: `schedule(at, …)` boxed `at` in 5 of 6 runs, left
    // out of line.
    const hot = this.sim.hotPath;
    this.x = (Math.imul(this.x, 1103515245) + 12345) | 0;
    hot.nextTime[0] = (hot.time[0] as number) + 0.5 + (this.x >>> 0) / 4294967296;
    hot.scheduleAtTime(kind, a, b);
  }
}

/**
 * Heap growth over two windows of about 10^6 events each, after a full GC. The first window also
 * absorbs the one-off cost of the GC (V8 re-warming code and feedback: about 0.5 MB measured,
 * whatever the window length); the second must not grow if nothing is allocated per event.
 * @param fire - fires about 10^6 events and returns how many it fired.
 */
async function measure(name: string, fire: () => number): Promise<AllocRow> {
  const gc = globalThis.gc;
  if (gc === undefined) throw new Error('the allocation check needs node --expose-gc');
  const gcTimes: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcTimes.push(entry.startTime);
  });
  gc();
  await nextTurn();
  observer.observe({ entryTypes: ['gc'] });
  const h0 = process.memoryUsage().heapUsed;
  fire();
  // A minor GC between the windows: the first window's re-warming garbage (code deoptimised by
  // the full GC or by a path first taken there, run unoptimised until recompiled) is swept out of
  // the young generation, so a collection in the second window can only be caused by the second
  // window's own allocation.
  gc({ type: 'minor' });
  const h1 = process.memoryUsage().heapUsed;
  const t1 = performance.now();
  const events = fire();
  const h2 = process.memoryUsage().heapUsed;
  const t2 = performance.now();
  // GC entries are delivered asynchronously, after a timer turn; their start times say which
  // window they fell in.
  await delay(100);
  observer.disconnect();
  const gcRuns = gcTimes.filter((t) => t >= t1 && t <= t2).length;
  const heapGrowthBytes = h2 - h1;
  const bytesPerEvent = heapGrowthBytes / events;
  return {
    name,
    events,
    firstWindowBytes: h1 - h0,
    heapGrowthBytes,
    bytesPerEvent,
    gcRuns,
    flat: bytesPerEvent < 1 && gcRuns === 0,
  };
}

/**
 * The median of `repeats` measurements, each on fresh objects, ordered by GC runs then growth (a
 * collection in the window makes the growth meaningless, even negative).
 */
async function medianOf(repeats: number, one: () => Promise<AllocRow>): Promise<AllocRow> {
  const rows: AllocRow[] = [];
  for (let i = 0; i < repeats; i++) rows.push(await one());
  rows.sort((x, y) => x.gcRuns - y.gcRuns || x.heapGrowthBytes - y.heapGrowthBytes);
  return rows[rows.length >> 1] as AllocRow;
}

/** The engine alone: hold model with 10^5 pending events, 5 x 10^6 events of warm-up (JIT settled). */
async function engineRow(): Promise<AllocRow> {
  const hold = new Hold(100_000);
  hold.sim.run((5 * EVENTS) / 100_000, hold);
  return measure('engine hold model, n=1e5', () => {
    const start = hold.sim.eventsProcessed;
    hold.sim.run(hold.sim.now + EVENTS / 100_000, hold);
    return hold.sim.eventsProcessed - start;
  });
}

/**
 * The whole model on a bench scenario: two simulated days of warm-up, then 10^6 more events; with
 * `drawThread`, the users' draws made ahead on a second thread (random/draw-feed.ts).
 */
async function scenarioRow(file: string, label: string, drawThread = false): Promise<AllocRow> {
  const config = loadScenarioFile(file);
  const world = new ChatWorld(config);
  world.start();
  if (drawThread) {
    world.flow.draws.startFeed();
    await world.flow.draws.feedReady();
    if (!world.flow.draws.drawThread) throw new Error('no draw thread (run from dist-bench)');
  }
  world.advanceTo(2 * 86_400);
  const name = `${label}: whole model after 2 days${drawThread ? ', draw thread' : ''}`;
  const row = await measure(name, () => {
    const start = world.sim.eventsProcessed;
    // Advance a minute at a time (as the timeline loop does) until 10^6 more events have fired.
    for (
      let t = world.sim.now + 60;
      world.sim.eventsProcessed - start < EVENTS && t <= config.durationS;
      t += 60
    )
      world.advanceTo(t);
    return world.sim.eventsProcessed - start;
  });
  world.flow.draws.stopFeed();
  return row;
}

/**
 * Section 3: the engine's hold model and the whole model of bench scenario (a), without and with the
 * draw thread; each row is the
 * median of `repeats` measurements (the JIT's timing varies from run to run).
 */
export async function benchAllocation(scenarioFile: string, label: string, repeats = 3): Promise<AllocRow[]> {
  return [
    await medianOf(repeats, engineRow),
    await medianOf(repeats, () => scenarioRow(scenarioFile, label)),
    await medianOf(repeats, () => scenarioRow(scenarioFile, label, true)),
  ];
}

/** {@link benchAllocation} in a child process of its own (see alloc-child.ts for why). */
export function benchAllocationInChild(scenarioFile: string, label: string): AllocRow[] {
  const child = fileURLToPath(new URL('./alloc-child.js', import.meta.url));
  const out = execFileSync(process.execPath, ['--expose-gc', child, scenarioFile, label], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out) as AllocRow[];
}
