// `npm run bench`: the six sections (hold model, whole scenarios, whole model against flatqueue,
// allocation check, the floor of year-150k, the second thread; bench/README.md), printed as tables and written to
// bench/results.json; `--compare FILE` adds the change against FILE.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchAllocationInChild } from './alloc.bench.js';
import { compareText, readResults, type BenchResults } from './compare.js';
import { benchEngine } from './engine.bench.js';
import { benchFloor } from './floor.bench.js';
import { benchModel } from './model.bench.js';
import {
  allocSection,
  floorSection,
  holdSection,
  modelSection,
  scenarioSection,
  threadsSection,
} from './report.js';
import { benchScenarios } from './scenario.bench.js';
import { benchThreads } from './threads.bench.js';

const SECTIONS = ['hold', 'scenarios', 'model', 'alloc', 'floor', 'threads'] as const;
const USAGE = `usage: npm run bench -- [--compare FILE] [--runs N] [--big] [--huge] [--rounds N] [--only ${SECTIONS.join(',')}] [--out FILE]
  --compare FILE  print the change of every figure against a saved results file (e.g. bench/results.json)
  --runs N        child-process runs per scenario and mode (floor rounds, second-thread pairs), median reported (default 3)
  --big           also run ten-million-users-week in the whole-model section (minutes per run)
                  and year-150k-minutes in the second-thread section
  --huge          also run hundred-million-users-day in the whole-model section (about 4 GB, minutes per run; no flatqueue pair)
  --huge-pages    run the whole-model section's children (CLI and flatqueue) with GLIBC_TUNABLES=glibc.malloc.hugetlb=1
                  (transparent huge pages for their typed arrays; glibc >= 2.35, Linux with THP not 'never')
  --rounds N      hold-model rounds per size, median reported (default 5)
  --only LIST     run only these sections; results are then written only with --out
  --out FILE      where to write the results (default bench/results.json after a full run)`;

function fromRepo(path: string): string {
  return fileURLToPath(new URL(`../../${path}`, import.meta.url));
}

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name}: a positive integer; received ${value}`);
  return n;
}

class UsageError extends Error {}

/** Parsed command line. */
interface Options {
  help: boolean;
  runs: number;
  rounds: number;
  big: boolean;
  huge: boolean;
  hugePages: boolean;
  only: string[];
  compare: string | undefined;
  out: string | undefined;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      compare: { type: 'string' },
      runs: { type: 'string' },
      rounds: { type: 'string' },
      only: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean' },
      big: { type: 'boolean' },
      huge: { type: 'boolean' },
      'huge-pages': { type: 'boolean' },
    },
  });
  const only = values.only === undefined ? [...SECTIONS] : values.only.split(',');
  const unknown = only.filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (unknown.length > 0)
    throw new UsageError(`--only: sections are ${SECTIONS.join(', ')}; received ${unknown.join(', ')}`);
  return {
    help: values.help === true,
    runs: positiveInt('runs', values.runs, 3),
    rounds: positiveInt('rounds', values.rounds, 5),
    big: values.big === true,
    huge: values.huge === true,
    hugePages: values['huge-pages'] === true,
    only,
    compare: values.compare,
    out: values.out,
  };
}

/** Runs the chosen sections, printing each as it completes. */
async function runSections(opts: Options, results: Partial<BenchResults>): Promise<void> {
  if (opts.only.includes('hold')) {
    results.hold = await benchEngine([1e3, 1e5, 1e6], opts.rounds);
    console.log(`${holdSection(results.hold)}\n`);
  }
  if (opts.only.includes('scenarios')) {
    results.scenarios = benchScenarios(opts.runs, (row) =>
      console.log(`  ... ${row.scenario} ${row.mode}: ${row.wallS.toFixed(2)} s`),
    );
    console.log(`${scenarioSection(results.scenarios, opts.runs)}\n`);
  }
  if (opts.only.includes('model')) {
    const sizes = [...(opts.big ? (['big'] as const) : []), ...(opts.huge ? (['huge'] as const) : [])];
    results.model = benchModel(opts.runs, sizes, opts.hugePages, (row) =>
      console.log(`  ... ${row.scenario}: ${row.wallS.toFixed(2)} s, ${row.ratio.toFixed(2)}x flatqueue`),
    );
    console.log(`${modelSection(results.model, opts.runs, opts.hugePages)}\n`);
  }
  if (opts.only.includes('alloc')) {
    results.allocation = benchAllocationInChild(fromRepo('bench/scenarios/year-80k.yaml'), 'year-80k');
    console.log(`${allocSection(results.allocation)}\n`);
  }
  if (opts.only.includes('floor')) {
    results.floor = benchFloor(opts.runs);
    console.log(`${floorSection(results.floor, opts.runs, results.model)}\n`);
  }
  if (opts.only.includes('threads')) {
    results.threads = benchThreads(opts.runs, opts.big, (row) =>
      console.log(`  ... ${row.scenario}: on ${row.onWallS.toFixed(2)} s, off ${row.offWallS.toFixed(2)} s`),
    );
    console.log(`${threadsSection(results.threads, opts.runs)}\n`);
  }
}

async function main(argv: string[]): Promise<void> {
  const opts = parseOptions(argv);
  if (opts.help) {
    console.log(USAGE);
    return;
  }
  // Read the saved figures first: the run may overwrite the same file.
  let saved: BenchResults | undefined;
  try {
    saved = opts.compare === undefined ? undefined : readResults(opts.compare);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const results: Partial<BenchResults> = {
    command: `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`,
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    date: new Date().toISOString(),
  };
  console.log(`pchat-sim bench: Node ${results.node}, ${results.cores} cores (${results.cpu})\n`);
  await runSections(opts, results);
  if (saved !== undefined && opts.compare !== undefined)
    console.log(`${compareText(opts.compare, saved, results)}\n`);
  const out = opts.out ?? (opts.only.length === SECTIONS.length ? fromRepo('bench/results.json') : undefined);
  if (out === undefined) console.log('results not written (partial run; pass --out FILE to write them)');
  else {
    writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`results written to ${opts.out ?? 'bench/results.json'}`);
  }
}

try {
  await main(process.argv.slice(2));
} catch (e) {
  if (!(e instanceof UsageError) && !(e instanceof TypeError && 'code' in e)) throw e;
  console.error(`bench: ${e.message}\n${USAGE}`);
  process.exitCode = 2;
}
