// The options several commands share, each defined once and composed into the commands (nx style);
// the argument types of every command are inferred from these builders, never asserted. An option
// given twice, or a seed that is not a whole number, is one usage line (exit 2).
import type { Argv } from 'yargs';
import { UsageError } from '../errors.js';
import { COST_LIMITS, MEMORY_SHARE } from '../experiment/run/cost-limits.js';
import { bytes, sci } from '../experiment/run/cost-words.js';
import { DURATION_FORMS, parseDuration } from '../scenario/duration.js';

/** The arguments a command's builder produces: what its handler receives. */
export type ArgsOf<B> = B extends (y: Argv) => Argv<infer T> ? T : never;

/** A command's `--help` examples, in the order they are listed: the command line and what it shows. */
export type Examples = readonly (readonly [line: string, what: string])[];

/** Adds the examples one `.example()` call each, as yargs lists them. */
export function withExamples<T>(y: Argv<T>, examples: Examples): Argv<T> {
  let out = y;
  for (const [line, what] of examples) out = out.example(line, what);
  return out;
}

/** Accepts the option once: yargs turns `--out a --out b` into an array, which is refused. */
function once<T>(name: string, check: (v: unknown) => T): (v: unknown) => T {
  return (v) => {
    if (Array.isArray(v)) throw new UsageError(`--${name}: given ${v.length} times; give it once`);
    return check(v);
  };
}

/** A string option given at most once. */
export const text = (name: string) =>
  once(name, (v): string => {
    if (typeof v !== 'string') throw new UsageError(`--${name}: expected a value; received none`);
    return v;
  });

/** An integer from `min` to `max`, as typed (so `--seed ''`, `--seed abc` or `--replications 2.5` is refused, not rounded). */
export const whole = (name: string, min: number, max: number) =>
  once(name, (v): number => {
    const s = String(v).trim();
    const n = /^\d+$/.test(s) ? Number(s) : NaN;
    if (!(n >= min && n <= max))
      throw new UsageError(`--${name}: expected an integer from ${min} to ${max}; received "${String(v)}"`);
    return n;
  });

/**
 * A duration option: a plain number is seconds (`--duration 90`), as in a scenario file; other text
 * (`2h45m`, a clock time `08:15`) is passed on as typed, to be checked against the scenario where it is read, once it is
 * known to be a duration (a bad one is the option's mistake, not the file's).
 */
export const duration = (name: string) =>
  once(name, (v): number | string => {
    if (typeof v !== 'string') throw new UsageError(`--${name}: expected a duration; received none`);
    if (/^\s*(?:\d+(?:\.\d+)?|\.\d+)\s*$/.test(v)) return Number(v);
    if (parseDuration(v) === undefined)
      throw new UsageError(`--${name}: expected ${DURATION_FORMS}; received "${v}"`);
    return v;
  });

/**
 * A duration option read to seconds here, once (`--warmup`): a plain number is seconds, other text a
 * duration like "2h45m" or a clock time like "08:15". The scenario's rules (a warm-up shorter than the run) check the value later.
 */
export const seconds = (name: string) =>
  once(name, (v): number => {
    const d = duration(name)(v);
    return typeof d === 'number' ? d : (parseDuration(d) as number);
  });

/** `--warmup`: seconds as {@link seconds} reads them, or `auto` (found from a pilot run by MSER-5). */
export const warmupValue = (name: string) =>
  once(name, (v): number | 'auto' => (v === 'auto' ? 'auto' : seconds(name)(v)));

/**
 * `0.1%` → 0.001. A bare number is refused: `0.1` could mean 0.1% or 10%, and a target read the other
 * way would pass or fail a plan a hundredfold off. @throws UsageError unless a percentage from 0% to 100%.
 */
export function parseFraction(option: string, text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(%?)\s*$/.exec(text);
  if (m !== null && m[2] === '')
    throw new UsageError(`--${option}: a percentage needs its % sign: write 0.1% or 10%; received "${text}"`);
  const v = m === null ? NaN : Number(m[1]) / 100;
  if (!(v >= 0 && v <= 1))
    throw new UsageError(`--${option}: expected a percentage from 0% to 100%, like 0.1%; received "${text}"`);
  return v;
}

/** --out, --force, --quiet: where results go and how much is said. `what` names the default folder. */
export function outputOptions<T>(y: Argv<T>, what: string) {
  return y.options({
    out: { type: 'string', describe: `output folder (default: ${what})`, coerce: text('out') },
    force: {
      type: 'boolean',
      default: false,
      describe: 'replace an existing results folder (only files its manifest lists are deleted)',
    },
    quiet: { type: 'boolean', default: false, describe: 'print nothing on success' },
  });
}

/** --yes: run even if the up-front cost estimate exceeds the limits. */
export function yesOption<T>(y: Argv<T>) {
  return y.option('yes', {
    type: 'boolean',
    default: false,
    describe: `run even if the up-front estimate exceeds ${sci(COST_LIMITS.events)} events, ${bytes(COST_LIMITS.outputBytes)} of output or ${Math.round(100 * MEMORY_SHARE)}% of this machine's memory`,
  });
}

/** --seed: a whole number overriding the scenario's seed. */
export function seedOption<T>(y: Argv<T>) {
  return y.option('seed', {
    type: 'string',
    describe: 'override the scenario seed (an integer)',
    coerce: whole('seed', 0, Number.MAX_SAFE_INTEGER),
  });
}

/** --replications, --workers, --warmup and (when `shard`) --shard. */
export function experimentOptions<T>(y: Argv<T>, replicationsDefault: string) {
  return y.options({
    replications: {
      type: 'string',
      describe: `independent replications (${replicationsDefault})`,
      coerce: whole('replications', 1, 1_000_000),
    },
    workers: {
      type: 'string',
      describe: 'worker threads (default and most: the cores of this machine)',
      coerce: whole('workers', 1, 1024),
    },
    warmup: {
      type: 'string',
      describe:
        "warm-up, e.g. 2h, or auto (MSER-5 on a pilot run): sets the scenario's warmup, so every figure is taken after it",
      coerce: warmupValue('warmup'),
    },
  });
}

/** --shard i/n (run, sweep). */
export function shardOption<T>(y: Argv<T>) {
  return y.option('shard', {
    type: 'string',
    describe: 'run only shard i of n (i from 0), e.g. 0/3; combine with merge',
    coerce: text('shard'),
  });
}
