// Whether a single run uses a second thread: for its users' draws (random/draw-feed.ts) and for writing
// its timeline.csv (io/timeline-writer.ts). The outputs are byte-identical either way, so this is a
// matter of speed only.
import { availableParallelism } from 'node:os';
import { UsageError } from '../../errors.js';
import type { SimConfig } from '../../model/config.js';
import { estimateCost } from './cost-estimate.js';
import { SampleSchedule } from './sample-schedule.js';

/** The environment variable that overrides the choice: `auto` (the default), `on` or `off`. */
export const THREADS_ENV = 'PCHAT_SIM_THREADS';
/**
 * Events below which a run draws in its own thread (assumption: starting the thread takes about 30 ms,
 * and the draws it takes off cost about 30 ns an event, so it pays from about a million events).
 */
const MIN_EVENTS = 5e6;
/**
 * timeline.csv rows below which a run writes them in its own thread (assumption: a row costs the event
 * thread about 4 µs to format and write, a thread about 2 ms of it to start; so it pays from about 500
 * rows, and a day sampled every minute, 1,441 rows, is not worth a thread).
 */
const MIN_ROWS = 5000;

/** The setting: `auto`, `on` or `off`. @throws UsageError for anything else */
function setting(env: NodeJS.ProcessEnv): string {
  const v = env[THREADS_ENV] ?? 'auto';
  if (v !== 'auto' && v !== 'on' && v !== 'off')
    throw new UsageError(`${THREADS_ENV}: one of auto, on, off; received "${v}"`);
  return v;
}

/**
 * True if a single run of `config` should have its draws made on a second thread: with `auto`, when
 * this process has a second core and the run is estimated at {@link MIN_EVENTS} events or more.
 * @throws UsageError if the environment variable holds another value
 */
export function wantsDrawThread(config: SimConfig, env: NodeJS.ProcessEnv = process.env): boolean {
  const v = setting(env);
  if (v !== 'auto') return v === 'on';
  return availableParallelism() >= 2 && estimateCost(config).events >= MIN_EVENTS;
}

/**
 * True if a single run of `config` should have its timeline.csv written by a second thread: with
 * `auto`, when this process has a second core and the run writes {@link MIN_ROWS} rows or more.
 * @throws UsageError if the environment variable holds another value
 */
export function wantsTimelineThread(config: SimConfig, env: NodeJS.ProcessEnv = process.env): boolean {
  const v = setting(env);
  if (v !== 'auto') return v === 'on';
  return availableParallelism() >= 2 && new SampleSchedule(config).count >= MIN_ROWS;
}
