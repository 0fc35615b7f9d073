// A run in memory, with no files: for validation checks and benchmarks. It takes the same samples as a
// run (the run cursor), so its figures are those of summary.json for the same scenario and seed.
import type { SimConfig } from '../../model/config.js';
import { summarise, type Summary } from '../../model/summary.js';
import { RunCursor, runToEnd } from './run-cursor.js';

/** Runs `config` to its end, synchronously, and returns the summary (the same figures summary.json holds). */
export function simulate(config: SimConfig): Summary {
  const cursor = new RunCursor(config);
  runToEnd(cursor, null, () => cursor.world.log.drain());
  const summary = summarise(cursor.world);
  cursor.world.discard();
  return summary;
}
