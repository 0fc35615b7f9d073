// Refuses a `warmup: auto` that has too little of the run to search, before anything runs.
import type { SimConfig } from '../../model/config.js';
import { pilotSamples } from './auto-warmup.js';

/**
 * Checks every config asking for `warmup: auto` (see pilotSamples). `warmup` is the command's
 * `--warmup`: the line names the option when it asked for auto, else the file's key.
 * @throws UsageError
 */
export function checkAutoWarmup(
  configs: readonly SimConfig[],
  file: string,
  warmup: number | 'auto' | null | undefined,
): void {
  const where = warmup === 'auto' ? '--warmup' : `${file}: warmup`;
  for (const c of configs) if (c.warmupAuto) pilotSamples(c, where);
}
