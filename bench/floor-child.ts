// Child process of the floor section: the least work per event any model of a closed
// population does on this engine, alone in its process, timed over a fixed number of events after a
// warm-up; prints one JSON line. Each of the scenario's users has one record of the model's size
// (USER_WORDS int32 words, the engine's two among them) and alternates between on and off:
// - `records`: the delays are Exp draws of a xorshift stream (ExpStream) with the means of the
//   scenario's session and off-time, so the cost is the engine's with the model's records;
// - `draws`: the delays are drawn as the model draws them (the scenario's own session and off-time
//   distributions, batched by Variates on the project's seeded streams), so the cost is the engine's
//   plus the draws a model must make to give the same results byte for byte.
// An optional third argument sets the record's int32 words (at least 3; the section uses the model's),
// to measure what the records' size costs.
import { performance } from 'node:perf_hooks';
import { Simulator, type EventHandler } from '../src/engine/simulator.js';
import { USER_WORDS } from '../src/model/user-table.js';
import { makeDistribution } from '../src/random/distributions.js';
import { Rng, streamSeed } from '../src/random/rng.js';
import { Variates } from '../src/random/variates.js';
import { loadScenarioFile } from '../src/scenario/load.js';
import { ExpStream } from './engine.bench.js';
import { FLOOR_MODES, type FloorMode, type FloorReport } from './floor.bench.js';

const TIMED = 10_000_000;
const USER_KIND = 1;

function cpuS(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
}

/** Users alternating on (a session) and off (an off-time), each holding one pending event. */
class OnOff implements EventHandler {
  readonly sim: Simulator;
  private readonly rec: Int32Array;
  /** Word of a user's record the on/off state lives in: the last, beside the engine's two. */
  private readonly state: number;
  private readonly exp = new ExpStream(0x9e3779b9);

  constructor(
    readonly n: number,
    private readonly mode: FloorMode,
    private readonly sessions: Variates,
    private readonly offs: Variates,
    private readonly sessionMean: number,
    private readonly offMean: number,
    private readonly words: number,
  ) {
    this.state = words - 1;
    this.sim = new Simulator(n + 1024);
    this.rec = new Int32Array(n * words).fill(-1);
    this.sim.useEntities(this.rec, words, USER_KIND);
    for (let u = 0; u < n; u++) {
      this.rec[u * words + this.state] = 1;
      this.handle(USER_KIND, u);
    }
  }

  handle(_kind: number, u: number): void {
    const o = u * this.words + this.state;
    // 0: off, the event ends the off-time; 1: on, it ends the session.
    const signIn = this.rec[o] === 0;
    this.rec[o] = signIn ? 1 : 0;
    const hot = this.sim.hotPath;
    const next = hot.nextTime;
    const now = hot.time[0] as number;
    if (this.mode === 'draws') {
      const v = signIn ? this.sessions : this.offs;
      next[0] = now + (v.draws[v.take()] as number);
    } else next[0] = now + (signIn ? this.sessionMean : this.offMean) * this.exp.next();
    hot.scheduleEntityAtTime(u);
  }
}

const [file, mode, wordsArg] = process.argv.slice(2);
const words = wordsArg === undefined ? USER_WORDS : Number(wordsArg);
if (file === undefined || !FLOOR_MODES.includes(mode as FloorMode) || !Number.isInteger(words) || words < 3) {
  process.stderr.write(
    `usage: floor-child.js <scenario.yaml> <${FLOOR_MODES.join('|')}> [record words, >= 3]\n`,
  );
  process.exit(2);
}
const config = loadScenarioFile(file);
const w = config.workload;
if (w.population === null || w.offTime === null) {
  process.stderr.write(`floor-child: ${file} is not a closed population with an off-time\n`);
  process.exit(2);
}
const session = makeDistribution(w.session);
const off = makeDistribution(w.offTime);
const world = new OnOff(
  w.population,
  mode as FloorMode,
  new Variates(session, new Rng(streamSeed(config.seed, 'session'))),
  new Variates(off, new Rng(streamSeed(config.seed, 'offTime'))),
  session.mean,
  off.mean,
  words,
);
// Warm-up: two whole on/off cycles of simulated time, so the pending events are spread as in a run.
world.sim.run(2 * (session.mean + off.mean), world);
const before = world.sim.eventsProcessed;
const c0 = cpuS();
const t0 = performance.now();
world.sim.run(Infinity, world, TIMED);
const wallS = (performance.now() - t0) / 1000;
const events = world.sim.eventsProcessed - before;
const report: FloorReport = {
  mode: mode as FloorMode,
  n: w.population,
  events,
  eventsPerS: events / wallS,
  eventsPerCpuS: events / (cpuS() - c0),
};
process.stdout.write(`${JSON.stringify(report)}\n`);
