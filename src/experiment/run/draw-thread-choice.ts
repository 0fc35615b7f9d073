// Whether a single run has its draws made ahead on a second thread (random/draw-feed.ts): the outputs
// are byte-identical either way, so this is a matter of speed only.
import { availableParallelism } from 'node:os';
import { UsageError } from '../../errors.js';
import type { SimConfig } from '../../model/config.js';
import { estimateCost } from './cost-estimate.js';

/** The environment variable that overrides the choice: `auto` (the default), `on` or `off`. */
export const DRAW_THREAD_ENV = 'PCHAT_SIM_DRAW_THREAD';
/**
 * Events below which a run draws in its own thread (assumption: starting the thread takes about 30 ms,
 * and the draws it takes off cost about 30 ns an event, so it pays from about a million events).
 */
const MIN_EVENTS = 5e6;

/**
 * True if a single run of `config` should use the draw thread: with `auto`, when this process has a
 * second core and the run is estimated at {@link MIN_EVENTS} events or more.
 * @throws UsageError if the environment variable holds another value
 */
export function wantsDrawThread(config: SimConfig, env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env[DRAW_THREAD_ENV] ?? 'auto';
  if (v === 'on') return true;
  if (v === 'off') return false;
  if (v !== 'auto') throw new UsageError(`${DRAW_THREAD_ENV}: one of auto, on, off; received "${v}"`);
  return availableParallelism() >= 2 && estimateCost(config).events >= MIN_EVENTS;
}
