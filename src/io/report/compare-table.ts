// What the comparison files (compare.csv, report.html) need of the runs compared and of each figure's row;
// experiment/combine/compare.ts reads the runs and computes the rows.

/** One run to compare, read from its folder. */
export interface ComparedRun {
  readonly dir: string;
  /** Scenario name, or the folder when names repeat. */
  readonly name: string;
  readonly scenario: string;
  /** 1 for a single run. */
  readonly replications: number;
  /** Each replication's seed (a single run: its seed). */
  readonly seeds: readonly number[];
  /** Figure path → value (a replicated run's mean). */
  readonly figures: ReadonlyMap<string, number | null>;
  /** The messages of its summary.json's `warnings` (null if it has no such list). */
  readonly warnings: readonly string[] | null;
  /** Start of its summary's window (`warmup_s`, a replicated run's mean of it; 0 without a warm-up). */
  readonly warmupS: number;
  /** End of its summary's window (`duration_s`, a replicated run's mean of it). */
  readonly durationS: number;
  /**
   * Figure path → one value per replication (replications.csv), entry k being replication k's (the file
   * is checked against summary.json: replications 0 to N − 1, each with its seed), when the run has the file.
   */
  readonly perReplication: ReadonlyMap<string, readonly (number | null)[]> | null;
}

/** One row of compare.csv. */
export interface CompareRow {
  readonly figure: string;
  readonly values: readonly (number | null)[];
  /**
   * Per run after the first: its value minus the first run's, and the 95% interval if any: `paired` on
   * replications with the same seeds, `unpaired` (Welch) when both are replicated with different seeds.
   */
  readonly differences: readonly {
    d: number | null;
    lo: number | null;
    hi: number | null;
    interval: 'paired' | 'unpaired' | null;
  }[];
}

/** compare.csv's header: figure, one column per run, then the differences (suffixed when > 2 runs). */
export function compareHeader(runs: readonly ComparedRun[]): string[] {
  const suffix = (r: ComparedRun): string => (runs.length > 2 ? `_${r.name}` : '');
  return [
    'figure',
    ...runs.map((r) => r.name),
    ...runs
      .slice(1)
      .flatMap((r) => [
        `difference${suffix(r)}`,
        `difference_ci95_lo${suffix(r)}`,
        `difference_ci95_hi${suffix(r)}`,
      ]),
  ];
}
