// A run in memory, with no files: for replications, sweeps and validation checks.
import { ChatWorld } from '../model/chat-world.js';
import type { SimConfig } from '../model/config.js';
import { summarise, type Summary } from '../model/summary.js';

/** Runs `config` to its end and returns the summary (the same figures summary.json holds). */
export function simulate(config: SimConfig): Summary {
  const world = new ChatWorld(config);
  world.start();
  world.advanceTo(config.durationS);
  world.finish();
  world.log.drain();
  return summarise(world);
}
