// Options shared by the experiment commands (run --replications, sweep, plan), checked once before
// anything runs, and the lines every experiment leaves: warm-ups found, thread notes.
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import type { FoundWarmup } from '../experiment/run/auto-warmup.js';
import type { Console2 } from './console.js';
import { openFilesProblem } from './open-files.js';

/** The experiment options as the shared builders give them (already whole numbers where they count). */
export interface ExperimentArgs {
  replications?: number | undefined;
  workers?: number | undefined;
  shard?: string | undefined;
  /** Seconds, parsed by the option itself (options.ts), or `auto`. */
  warmup?: number | 'auto' | undefined;
  out?: string | undefined;
  force: boolean;
  /** --yes: run past the cost limits; then only memory stops a run. */
  yes?: boolean;
  quiet: boolean;
}

/** The checked options. */
export interface ExperimentSettings {
  readonly replications: number;
  /** Worker threads: as asked, at most the cores of this machine (more only add memory and switching). */
  readonly workers: number;
  readonly shard: { index: number; count: number } | null;
  /** `--warmup`: seconds, `auto` (found by a pilot pass), or null without the option. */
  readonly warmupS: number | 'auto' | null;
  /** A line for stderr when --workers asked for more threads than cores. */
  readonly workersNote: string | null;
}

/**
 * Checks the experiment options, and that the open-file limit allows the worker threads.
 * @throws UsageError with the option, the rule and the value
 */
export async function experimentSettings(
  args: ExperimentArgs,
  replicationsDefault: number,
): Promise<ExperimentSettings> {
  const { defaultWorkers } = await import('../experiment/run/task-runner.js');
  const { parseShard } = await import('../experiment/shards/shard.js');
  const cores = defaultWorkers();
  const asked = args.workers ?? cores;
  const tooFew = openFilesProblem(Math.min(asked, cores));
  if (tooFew !== null) throw new UsageError(tooFew);
  return {
    replications: args.replications ?? replicationsDefault,
    workers: Math.min(asked, cores),
    shard: args.shard === undefined ? null : parseShard(args.shard),
    warmupS: args.warmup ?? null,
    workersNote:
      asked > cores
        ? `note: --workers ${asked}: this machine has ${cores} cores; using ${cores} threads`
        : null,
  };
}

/** The lines `warmup: auto` leaves: what it found (stdout), and a warning at the edge (stderr). */
export async function reportWarmups(
  found: readonly (FoundWarmup | null)[] | undefined,
  labels: readonly string[],
  io: Console2,
  quiet: boolean,
): Promise<void> {
  const { warmupWarning } = await import('../experiment/run/auto-warmup.js');
  (found ?? []).forEach((f, i) => {
    if (f === null) return;
    const label = labels[i] ?? '';
    const warning = warmupWarning(f, label);
    if (warning !== null) io.err(warning);
    if (!quiet)
      io.out(
        `${label}: warm-up ${f.warmupS} s, found by MSER-5 on a pilot pass (searched 0 to ${f.searchedToS} s)`,
      );
  });
}

/** Where an experiment writes: --out, else results/<name>, a shard in results/<name>-shard-i-of-n. */
export function experimentOutDir(args: ExperimentArgs, name: string, settings: ExperimentSettings): string {
  if (args.out !== undefined) return args.out;
  const base = join('results', name);
  return settings.shard === null ? base : `${base}-shard-${settings.shard.index}-of-${settings.shard.count}`;
}

/** Notes worth a line on stderr: worker threads asked for but unavailable. */
export function threadNote(settings: ExperimentSettings, tasks: number, threads: number): string | null {
  if (settings.workersNote !== null) return settings.workersNote;
  if (settings.workers > 1 && tasks > 1 && threads === 0) {
    return 'note: ran in one thread: worker threads need the compiled build (npm run build)';
  }
  return null;
}
