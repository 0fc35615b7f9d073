// Child process of the whole-model section: the bare flatqueue hold loop at n pending events, alone
// in its process, timed over a fixed number of events after a warm-up; prints one JSON line.
import { performance } from 'node:perf_hooks';
import { FlatHold } from './engine.bench.js';

/** What the child reports. */
export interface FlatReport {
  n: number;
  events: number;
  /** Hold operations per second of wall time over the timed events. */
  eventsPerS: number;
  /** Hold operations per second of this process's CPU time over the timed events. */
  eventsPerCpuS: number;
}

const WARMUP = 1_000_000;
const TIMED = 5_000_000;

function cpuS(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
}

const n = Number(process.argv[2]);
if (!Number.isInteger(n) || n < 1) {
  process.stderr.write('usage: flat-child.js <n pending events>\n');
  process.exit(2);
}
const hold = new FlatHold(n);
hold.run(WARMUP);
const c0 = cpuS();
const t0 = performance.now();
hold.run(TIMED);
const wallS = (performance.now() - t0) / 1000;
const report: FlatReport = {
  n,
  events: TIMED,
  eventsPerS: TIMED / wallS,
  eventsPerCpuS: TIMED / (cpuS() - c0),
};
process.stdout.write(`${JSON.stringify(report)}\n`);
