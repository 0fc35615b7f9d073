// `merge`: combines the shards' partial results into exactly the files the unsharded run writes, report
// and charts included: the results are put back in task order and finished by the same code the
// unsharded run uses, the report drawn from the scenario every partial.json carries.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeJsonAtomic } from '../../io/atomic-file.js';
import { currentBuild, type BuildId } from '../../io/build-id.js';
import { writeReplicationsReport, writeSweepOutputs } from '../../io/report/experiment-outputs.js';
import type { SimConfig } from '../../model/config.js';
import type { Aggregate } from '../aggregate/aggregate.js';
import type { ExperimentMeta } from '../shards/experiment-meta.js';
import { collectPartials } from '../shards/partial.js';
import type { ReplicationResult } from '../run/replicate.js';
import { finishRun, type ExperimentSummary } from '../replications/finish-run.js';
import { finishSweep } from '../sweep/sweep.js';

/** What a merge wrote. */
export interface MergeReport {
  readonly meta: ExperimentMeta;
  readonly shards: number;
  /** The replication experiment's summary, or null for a sweep. */
  readonly summary: ExperimentSummary | null;
  /** The sweep's per-point aggregates, or null for a replication experiment. */
  readonly perPoint: Aggregate[] | null;
}

/** Where an experiment's final files go by default: results/<name> (runs) or results/<name>-sweep. */
export function defaultOutDir(meta: ExperimentMeta): string {
  return join('results', meta.kind === 'run' ? meta.scenario : `${meta.scenario}-sweep`);
}

/** Writes the final files of shards already read and checked (see collectPartials) into `outDir`. */
export async function finishMerge(
  parts: { meta: ExperimentMeta; config: SimConfig; results: ReplicationResult[]; build: BuildId },
  shards: number,
  outDir: string,
): Promise<MergeReport> {
  const started = performance.now();
  const { meta, config, results } = parts;
  let summary: ExperimentSummary | null = null;
  let perPoint: Aggregate[] | null = null;
  if (meta.kind === 'run') summary = await finishRun(meta, results, outDir);
  else perPoint = await finishSweep(meta, results, outDir);
  // run.json before the report, as in the unsharded run: the report lists it among the files.
  const wallS = (performance.now() - started) / 1000;
  writeJsonAtomic(join(outDir, 'run.json'), {
    wall_s: Number(wallS.toFixed(3)),
    node: process.version,
    build: currentBuild(),
    shards_build: parts.build,
    merged_shards: shards,
    replications_merged: results.length,
  });
  if (summary !== null) await writeReplicationsReport(config, outDir, summary, summary.replications);
  else if (meta.kind === 'sweep') await writeSweepOutputs(config, outDir, meta.replications);
  return { meta, shards, summary, perPoint };
}

/** Reads every shard folder, checks they make one whole experiment, and writes its final files. @throws UsageError */
export async function mergePartials(
  dirs: readonly string[],
  outDir?: string,
): Promise<MergeReport & { outDir: string }> {
  const parts = collectPartials(dirs);
  const out = outDir ?? defaultOutDir(parts.meta);
  return { ...(await finishMerge(parts, dirs.length, out)), outDir: out };
}
