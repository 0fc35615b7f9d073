// Second-thread section: one scenario as whole processes of the built CLI with its second thread on
// (`PCHAT_SIM_THREADS=on`: the draws and timeline.csv on another thread) and off, in alternating pairs,
// which of the two goes first alternating too, so each ratio sees one machine load; and whether the
// three files each run writes are the same bytes in both modes.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from './median.js';
import { runCli, scenarioPath } from './model.bench.js';

/** One scenario's pairs (medians; the ratio is the median of the pairs' ratios). */
export interface ThreadsBenchRow {
  scenario: string;
  pairs: number;
  /** Whole process, start to exit, with the second thread on and off. */
  onWallS: number;
  offWallS: number;
  /** Median over pairs of on wall / off wall, and its range (below 1: the thread pays). */
  wallRatio: number;
  wallRatioMin: number;
  wallRatioMax: number;
  /** User + system CPU of the whole process, on and off. */
  onCpuS: number;
  offCpuS: number;
  /** What run.json of the runs with the thread on says was on another thread. */
  onThreads: string;
  /** Whether summary.json, timeline.csv and events.csv were the same bytes in every run of both modes. */
  identical: boolean;
}

/** The section's scenarios; `big` ones only with --big (both run a simulated year: about 25 s a run). */
export const THREAD_SCENARIOS: readonly { name: string; big: boolean }[] = [
  { name: 'year-150k', big: false },
  { name: 'year-150k-minutes', big: true },
];

/** The files whose bytes must not depend on the thread. */
const COMPARED = ['summary.json', 'timeline.csv', 'events.csv'] as const;

interface ModeRun {
  wallS: number;
  cpuS: number;
  /** sha256 of the compared files, in order. */
  digest: string;
  threads: string;
}

/** One whole run with the thread `mode` (on or off), its outputs hashed, its folder removed. */
function runMode(name: string, mode: 'on' | 'off'): ModeRun {
  const dir = mkdtempSync(join(tmpdir(), 'pchat-bench-'));
  try {
    const out = join(dir, 'out');
    const run = runCli(['run', scenarioPath(name), '--quiet', '--out', out, '--force', '--yes'], dir, false, {
      PCHAT_SIM_THREADS: mode,
    });
    const hash = createHash('sha256');
    for (const f of COMPARED) hash.update(readFileSync(join(out, f)));
    const info = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as {
      draw_thread: boolean;
      timeline_thread: boolean;
    };
    const on = [info.draw_thread ? 'draws' : '', info.timeline_thread ? 'timeline.csv' : ''].filter(Boolean);
    return {
      wallS: run.wallS,
      cpuS: run.report.cpuS,
      digest: hash.digest('hex'),
      threads: on.length === 0 ? 'none' : on.join(' + '),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `pairs` pairs of runs of `name`, on then off in even pairs and off then on in odd ones. */
function measure(name: string, pairs: number): ThreadsBenchRow {
  const on: ModeRun[] = [];
  const off: ModeRun[] = [];
  for (let i = 0; i < pairs; i++) {
    if (i % 2 === 0) {
      on.push(runMode(name, 'on'));
      off.push(runMode(name, 'off'));
    } else {
      off.push(runMode(name, 'off'));
      on.push(runMode(name, 'on'));
    }
  }
  const ratios = on.map((r, i) => r.wallS / (off[i] as ModeRun).wallS);
  const digests = new Set([...on, ...off].map((r) => r.digest));
  return {
    scenario: name,
    pairs,
    onWallS: median(on.map((r) => r.wallS)),
    offWallS: median(off.map((r) => r.wallS)),
    wallRatio: median(ratios),
    wallRatioMin: Math.min(...ratios),
    wallRatioMax: Math.max(...ratios),
    onCpuS: median(on.map((r) => r.cpuS)),
    offCpuS: median(off.map((r) => r.cpuS)),
    onThreads: [...new Set(on.map((r) => r.threads))].join(', '),
    identical: digests.size === 1,
  };
}

/**
 * The second-thread section: each scenario (the `big` ones only with `big`), `pairs` alternating pairs.
 * @param onRow - called as each row completes (a pair takes about a minute).
 */
export function benchThreads(
  pairs: number,
  big: boolean,
  onRow: (row: ThreadsBenchRow) => void = () => undefined,
): ThreadsBenchRow[] {
  const rows: ThreadsBenchRow[] = [];
  for (const s of THREAD_SCENARIOS) {
    if (s.big && !big) continue;
    const row = measure(s.name, pairs);
    rows.push(row);
    onRow(row);
  }
  return rows;
}
