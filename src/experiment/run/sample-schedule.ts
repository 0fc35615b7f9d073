// When a run takes its timeline samples: every `sampleEvery` from 0, and the end of the run.
// The k-th time is computed on demand, so a fine schedule over a long run costs no memory.
import type { SimConfig } from '../../model/config.js';

/** The sample times of a run: `k · sampleEveryS` for k = 0..n, then `durationS` if not already there. */
export class SampleSchedule {
  /** Number of samples (timeline rows) the run takes. */
  readonly count: number;
  private readonly everyS: number;
  private readonly durationS: number;
  /** Index of the last multiple of `everyS`; a sample after it (if any) is at `durationS`. */
  private readonly last: number;

  constructor(config: Pick<SimConfig, 'durationS' | 'sampleEveryS'>) {
    this.everyS = config.sampleEveryS;
    this.durationS = config.durationS;
    // The 1e-9 keeps a duration that is a multiple of the interval from losing its last row to rounding.
    this.last = Math.floor(config.durationS / config.sampleEveryS + 1e-9);
    this.count = this.last + 1 + (this.last * this.everyS < this.durationS ? 1 : 0);
  }

  /** Time of sample `k` in simulated seconds, for 0 <= k < {@link count}. */
  timeAt(k: number): number {
    return k <= this.last ? k * this.everyS : this.durationS;
  }
}
