// Partial results of one shard: partial.json (format pchat-sim-partial, version 3: the build that wrote
// it, the experiment's description, the normalised scenario the report is drawn from, a fingerprint of
// every task's configuration, and this shard's results) plus timelines.f64 (its timelines, little-endian doubles,
// in result order). Read back exactly: JSON numbers and doubles round-trip bit for bit.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../errors.js';
import { tempPathFor, writeJsonAtomic } from '../../io/atomic-file.js';
import { buildLabel, currentBuild, type BuildId } from '../../io/build-id.js';
import { outputError } from '../../io/io-error.js';
import type { SimConfig } from '../../model/config.js';
import type { EventRecord } from '../../model/event-log.js';
import { configFromJson, configToJson } from '../run/config-json.js';
import { taskCount, type ExperimentMeta } from './experiment-meta.js';
import type { Json, ReplicationResult, TaskSource } from '../run/replicate.js';
import { partialProblem } from './partial-schema.js';
import type { Shard } from './shard.js';

/** A shard folder's manifest and results; its timelines are in TIMELINES_FILE. */
export const PARTIAL_FILE = 'partial.json';
export const TIMELINES_FILE = 'timelines.f64';
const FORMAT = 'pchat-sim-partial';
/**
 * Version 2 added `scenario`, version 3 `build`; earlier files are refused with a line saying what they
 * lack, so the shards are run again.
 */
export const PARTIAL_VERSION = 3;
/** What each earlier version lacked. */
const LACKED: Readonly<Record<number, string>> = { 1: 'the scenario', 2: 'the build id' };
const VERSION = PARTIAL_VERSION;

interface StoredResult {
  index: number;
  summary: { [key: string]: Json };
  steady: { [column: string]: number } | null;
  events: EventRecord[];
  /** Doubles of this result in timelines.f64 (0 = no timeline). */
  timelineLength: number;
}

interface PartialFile {
  format: typeof FORMAT;
  version: number;
  /** The pchat-sim build that ran the shard (see io/build-id.ts). */
  build: BuildId;
  fingerprint: string;
  shard: Shard;
  meta: ExperimentMeta;
  /** The normalised scenario (the sweep's base scenario), non-finite numbers tagged (config-json.ts). */
  scenario: Json;
  results: StoredResult[];
}

/** A digest of the experiment (meta and every task's configuration and seed), shared by all its shards. */
export function fingerprint(meta: ExperimentMeta, tasks: TaskSource): string {
  const h = createHash('sha256');
  h.update(JSON.stringify(meta));
  for (let i = 0; i < tasks.count; i++) h.update(JSON.stringify(tasks.task(i).config));
  return h.digest('hex');
}

/** Every result's timeline, one after the other, as little-endian doubles (atomically). */
function writeTimelines(path: string, results: readonly ReplicationResult[]): void {
  const doubles = results.reduce((a, r) => a + (r.timeline?.length ?? 0), 0);
  const view = new DataView(new ArrayBuffer(doubles * 8));
  let at = 0;
  for (const r of results) for (const v of r.timeline ?? []) view.setFloat64(8 * at++, v, true);
  const tmp = tempPathFor(path);
  try {
    writeFileSync(tmp, new Uint8Array(view.buffer));
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw outputError(path, e);
  }
}

/** Writes a shard's results into `dir`; partial.json is written last, so its presence means complete. */
export function writePartial(
  dir: string,
  meta: ExperimentMeta,
  print: string,
  shard: Shard,
  results: readonly ReplicationResult[],
  config: SimConfig,
): void {
  mkdirSync(dir, { recursive: true });
  writeTimelines(join(dir, TIMELINES_FILE), results);
  const stored = results.map((r): StoredResult => ({
    index: r.index,
    summary: r.summary,
    steady: r.steady,
    events: [...r.events],
    timelineLength: r.timeline?.length ?? 0,
  }));
  const file: PartialFile = {
    format: FORMAT,
    version: VERSION,
    build: currentBuild(),
    fingerprint: print,
    shard,
    meta,
    scenario: configToJson(config),
    results: stored,
  };
  writeJsonAtomic(join(dir, PARTIAL_FILE), file);
}

/** Refuses another format, an earlier version (saying what it lacked) or a version that is not a number. */
function checkFormat(path: string, file: { readonly format?: unknown; readonly version?: unknown }): void {
  const { format, version } = file;
  if (format !== FORMAT)
    throw new UsageError(
      `${path}: format: expected "${FORMAT}"; received ${JSON.stringify(format) ?? 'nothing'}`,
    );
  if (typeof version !== 'number')
    throw new UsageError(
      `${path}: version: expected a number; received ${version === undefined ? 'nothing' : `${typeof version} ${JSON.stringify(version)}`}`,
    );
  const lacked = LACKED[version];
  if (lacked !== undefined)
    throw new UsageError(
      `${path}: a version ${version} shard (written before partial.json carried ${lacked}); run the shards again with this pchat-sim`,
    );
  if (version !== VERSION) throw new UsageError(`${path}: version: expected ${VERSION}; received ${version}`);
}

/** One shard read back. */
export interface Partial {
  readonly dir: string;
  readonly build: BuildId;
  readonly fingerprint: string;
  readonly shard: Shard;
  readonly meta: ExperimentMeta;
  readonly config: SimConfig;
  readonly results: ReplicationResult[];
}

/** The stored results with their timelines read back. @throws UsageError when the file is missing or its length is wrong */
function readTimelines(path: string, stored: readonly StoredResult[]): ReplicationResult[] {
  if (!existsSync(path)) throw new UsageError(`${path}: missing (the shard's folder is incomplete)`);
  const bytes = readFileSync(path);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const need = stored.reduce((a, r) => a + r.timelineLength, 0) * 8;
  if (bytes.byteLength !== need)
    throw new UsageError(`${path}: expected ${need} bytes; received ${bytes.byteLength}`);
  let at = 0;
  return stored.map((r): ReplicationResult => {
    let timeline: Float64Array | null = null;
    if (r.timelineLength > 0) {
      timeline = new Float64Array(r.timelineLength);
      for (let i = 0; i < r.timelineLength; i++) timeline[i] = view.getFloat64(8 * at++, true);
    }
    return { index: r.index, summary: r.summary, steady: r.steady, events: r.events, timeline };
  });
}

/** Reads the partial result in `dir`. @throws UsageError when it is missing, unreadable or not ours. */
export function readPartial(dir: string): Partial {
  const path = join(dir, PARTIAL_FILE);
  if (!existsSync(path))
    throw new UsageError(`${dir}: no ${PARTIAL_FILE} (not a shard's output, or the shard did not finish)`);
  let file: PartialFile; // checked field by field by partialSchema below, before any is used
  try {
    file = JSON.parse(readFileSync(path, 'utf8')) as PartialFile;
  } catch (e) {
    throw new UsageError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  if (typeof file !== 'object' || file === null || Array.isArray(file))
    throw new UsageError(`${path}: expected a ${FORMAT} object; received ${JSON.stringify(file)}`);
  checkFormat(path, file);
  const checked = partialProblem(file);
  if ('problem' in checked) throw new UsageError(`${path}: ${checked.problem}`);
  const results = readTimelines(join(dir, TIMELINES_FILE), file.results);
  return {
    dir,
    build: file.build,
    fingerprint: file.fingerprint,
    shard: file.shard,
    meta: file.meta,
    config: configFromJson(file.scenario),
    results,
  };
}

/**
 * Refuses shards of different builds or experiments, of different shard counts, a shard given twice and
 * a shard missing. @throws UsageError naming the folder and the shard
 */
function checkShards(parts: readonly Partial[], first: Partial): void {
  const seen = new Map<number, string>();
  for (const p of parts)
    if (p.build.id !== first.build.id)
      throw new UsageError(
        `${p.dir}: written by build ${buildLabel(p.build)}; ${first.dir} by ${buildLabel(first.build)}: run every shard with one build`,
      );
  for (const p of parts) {
    if (p.fingerprint !== first.fingerprint)
      throw new UsageError(
        `${p.dir}: a shard of another experiment than ${first.dir} (scenario, seed, replications or sweep differ)`,
      );
    if (p.shard.count !== first.shard.count)
      throw new UsageError(
        `${p.dir}: shard ${p.shard.index}/${p.shard.count}, but ${first.dir} is one of ${first.shard.count}`,
      );
    const other = seen.get(p.shard.index);
    if (other !== undefined)
      throw new UsageError(`${p.dir}: shard ${p.shard.index}/${p.shard.count} is also in ${other}`);
    seen.set(p.shard.index, p.dir);
  }
  const missing = Array.from({ length: first.shard.count }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length > 0)
    throw new UsageError(
      `merge: missing shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${first.shard.count}`).join(', ')}`,
    );
}

/**
 * Reads every shard and returns the experiment's meta and all results in task order.
 * @throws UsageError when the shards belong to different experiments, repeat or miss a shard or a task.
 */
export function collectPartials(dirs: readonly string[]): {
  meta: ExperimentMeta;
  config: SimConfig;
  results: ReplicationResult[];
  /** The one build that wrote every shard. */
  build: BuildId;
} {
  const parts = dirs.map(readPartial);
  const first = parts[0];
  if (first === undefined) throw new UsageError('merge: name at least one shard folder');
  checkShards(parts, first);
  const total = taskCount(first.meta);
  const results = new Array<ReplicationResult | undefined>(total);
  for (const p of parts) for (const r of p.results) results[r.index] = r;
  const absent = results.findIndex((r) => r === undefined);
  if (absent >= 0) throw new UsageError(`merge: task ${absent} of ${total} is in no shard`);
  return {
    meta: first.meta,
    config: first.config,
    results: results as ReplicationResult[],
    build: first.build,
  };
}
