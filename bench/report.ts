// Text tables for the bench sections and the verdict on each target.
import type { AllocRow } from './alloc.bench.js';
import type { EngineBenchRow } from './engine.bench.js';
import type { FloorBenchRow } from './floor.bench.js';
import { MODEL_SCENARIOS, type ModelBenchRow } from './model.bench.js';
import type { ScenarioBenchRow } from './scenario.bench.js';
import type { ThreadsBenchRow } from './threads.bench.js';

/** The speed targets the bench judges against, as numbers the verdicts are computed from. */
export const TARGETS = {
  ratioAt1e5: 1.0,
  ratioAt1e6: 1.5,
  yearMaxWallS: 20,
  millionMaxWallS: 15,
  millionMaxBytesPerUser: 100,
  /** year-150k's speed-up with the second thread, off wall / on wall. */
  yearThreadSpeedUp: 1.15,
} as const;

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** `12.3 M/s` style throughput. */
export function perS(x: number): string {
  return `${(x / 1e6).toFixed(2)} M/s`;
}

/** Right-aligned columns; the first column left-aligned. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), ...rows.map(line)].map((l) => `  ${l}`).join('\n');
}

function verdict(held: boolean | undefined): string {
  return held === undefined ? 'not measured' : held ? 'HELD' : 'MISSED';
}

/** Section 1 as text, with the two ratio targets. */
export function holdSection(rows: readonly EngineBenchRow[]): string {
  const at = (n: number): EngineBenchRow | undefined => rows.find((r) => r.n === n);
  const body = table(
    ['n pending', 'engine (Simulator.run)', 'flatqueue loop', 'engine / flatqueue'],
    rows.map((r) => [
      int.format(r.n),
      perS(r.engineEventsPerS),
      perS(r.flatqueueEventsPerS),
      `${r.ratio.toFixed(2)}x`,
    ]),
  );
  const r5 = at(1e5)?.ratio;
  const r6 = at(1e6)?.ratio;
  return [
    '1. Hold model: pop the earliest of n pending events, schedule it again Exp(1) later (events/s, medians)',
    body,
    `  target >= ${TARGETS.ratioAt1e5.toFixed(1)}x at n = 100,000: ${verdict(r5 === undefined ? undefined : r5 >= TARGETS.ratioAt1e5)}` +
      `; target >= ${TARGETS.ratioAt1e6.toFixed(1)}x at n = 1,000,000: ${verdict(r6 === undefined ? undefined : r6 >= TARGETS.ratioAt1e6)}`,
  ].join('\n');
}

/** Section 2 as text, with the wall-time and memory targets per mode. */
export function scenarioSection(rows: readonly ScenarioBenchRow[], runs: number): string {
  const body = table(
    ['scenario', 'mode', 'users', 'events', 'wall s', 'events/s', 'peak RSS MB', 'empty MB', 'bytes/user'],
    rows.map((r) => [
      r.scenario,
      r.mode,
      int.format(r.users),
      int.format(r.events),
      r.wallS.toFixed(2),
      perS(r.eventsPerS),
      r.peakRssMB.toFixed(1),
      r.emptyRssMB.toFixed(1),
      r.bytesPerUser.toFixed(1),
    ]),
  );
  const lines = [
    `2. Whole scenarios, one child process per run (median of ${runs}); bytes/user = (peak RSS - empty RSS) / users`,
    body,
  ];
  const long = rows.find((r) => r.scenario === 'year-80k' && r.mode === 'files');
  const short = rows.find((r) => r.scenario.startsWith('year-80k@') && r.mode === 'files');
  if (long && short) {
    lines.push(
      `  streamed to files, ${short.scenario} vs year-80k: peak RSS ${short.peakRssMB.toFixed(1)} vs ${long.peakRssMB.toFixed(1)} MB ` +
        `(${(long.peakRssMB / short.peakRssMB).toFixed(2)}x for 5x the run length)`,
    );
  }
  for (const mode of ['memory', 'files'] as const) {
    const year = rows.find((r) => r.scenario === 'year-80k' && r.mode === mode);
    const million = rows.find((r) => r.scenario === 'million-week' && r.mode === mode);
    lines.push(
      `  ${mode}: (a) under ${TARGETS.yearMaxWallS} s: ${verdict(year && year.wallS < TARGETS.yearMaxWallS)}` +
        `; (b) under ${TARGETS.millionMaxWallS} s: ${verdict(million && million.wallS < TARGETS.millionMaxWallS)}` +
        `; (b) under ${TARGETS.millionMaxBytesPerUser} bytes/user: ${verdict(million && million.bytesPerUser < TARGETS.millionMaxBytesPerUser)}`,
    );
  }
  return lines.join('\n');
}

/** Section 3 as text. */
export function allocSection(rows: readonly AllocRow[]): string {
  return [
    '4. Allocation check, in a child process: full GC, 10^6 events (first window), minor GC, 10^6 more (measured window); heapUsed growth, median of 3',
    table(
      ['what', 'first window B', 'measured events', 'growth B', 'bytes/event', 'GC runs', 'flat'],
      rows.map((r) => [
        r.name,
        int.format(r.firstWindowBytes),
        int.format(r.events),
        int.format(r.heapGrowthBytes),
        r.bytesPerEvent.toFixed(3),
        String(r.gcRuns),
        r.flat ? 'yes' : 'NO',
      ]),
    ),
  ].join('\n');
}

/** The whole-model section as text, with each scenario's targets. */
export function modelSection(rows: readonly ModelBenchRow[], runs: number, hugePages = false): string {
  const body = table(
    [
      'scenario',
      'events',
      'wall s',
      'cpu s',
      'events/s',
      'flatqueue/s',
      'model/flat',
      'cpu ratio',
      'peak MB',
      'estimate MB',
      'B/user',
    ],
    rows.map((r) => [
      r.scenario,
      int.format(r.events),
      r.wallS.toFixed(2),
      r.cpuS.toFixed(2),
      perS(r.eventsPerS),
      Number.isNaN(r.flatEventsPerS) ? '-' : perS(r.flatEventsPerS),
      Number.isNaN(r.ratio) ? '-' : `${r.ratio.toFixed(2)}x`,
      Number.isNaN(r.cpuRatio) ? '-' : `${r.cpuRatio.toFixed(2)}x`,
      r.peakRssMB.toFixed(1),
      r.estimatedMB === undefined ? '-' : r.estimatedMB.toFixed(1),
      r.bytesPerUser.toFixed(1),
    ]),
  );
  const lines = [
    `3. Whole model: the built CLI, \`run <scenario> --quiet\` writing its files, one process per run, against the bare ` +
      `flatqueue hold loop at n = users pending events in a child alternating with it (median of ${runs}; ratios are ` +
      `medians of paired ratios; empty = \`validate\` on the same scenario)` +
      (hugePages
        ? '; every child run with GLIBC_TUNABLES=glibc.malloc.hugetlb=1 (transparent huge pages)'
        : ''),
    body,
  ];
  for (const r of rows) {
    const t = MODEL_SCENARIOS.find((s) => s.name === r.scenario);
    if (t === undefined) continue;
    const mem =
      t.maxBytesPerUser === Infinity
        ? ''
        : `; under ${t.maxBytesPerUser} B/user: ${verdict(r.bytesPerUser < t.maxBytesPerUser)}`;
    const flat = Number.isNaN(r.ratio) ? '' : `; >= 1.0x flatqueue: ${verdict(r.ratio >= 1)}`;
    const est =
      r.estimatedMB === undefined
        ? ''
        : `; estimate within ±25% of peak: ${verdict(Math.abs(r.estimatedMB / r.peakRssMB - 1) <= 0.25)}`;
    lines.push(`  ${r.scenario}: under ${t.maxWallS} s: ${verdict(r.wallS < t.maxWallS)}${mem}${flat}${est}`);
  }
  return lines.join('\n');
}

const FLOOR_WHAT: Readonly<Record<FloorBenchRow['mode'], string>> = {
  records: 'engine + user records',
  draws: "engine + user records + the model's draws",
};

/**
 * The floor section as text: what bounds the whole model's speed on this engine, and, when the
 * whole-model section measured the same scenario in this run, that scenario's events at the floor.
 */
export function floorSection(
  rows: readonly FloorBenchRow[],
  runs: number,
  model: readonly ModelBenchRow[] = [],
): string {
  const events = model.find((m) => m.scenario === rows[0]?.scenario)?.events;
  const header = ['floor', 'events/cpu s', 'flatqueue/cpu s', 'vs flatqueue', 'ns/event'];
  if (events !== undefined) header.push(`cpu s for ${int.format(events)} events`);
  const body = table(
    header,
    rows.map((r) => {
      const cells = [
        FLOOR_WHAT[r.mode],
        perS(r.eventsPerCpuS),
        perS(r.flatEventsPerCpuS),
        `${r.cpuRatio.toFixed(2)}x`,
        (1e9 / r.eventsPerCpuS).toFixed(0),
      ];
      if (events !== undefined) cells.push((events / r.eventsPerCpuS).toFixed(1));
      return cells;
    }),
  );
  const lines = [
    `5. Floor of ${rows[0]?.scenario ?? '?'}: its users as records of the model's size (${rows[0] ? int.format(rows[0].users) : '?'}), each on ` +
      `and off by turns with the scenario's session and off-time means, on the engine alone, then with the delays drawn ` +
      `as the model draws them (so the least work per event of any model giving the same results byte for byte); ` +
      `against the flatqueue hold loop at n = users, alternating children, CPU time (median of ${runs}; ratios are medians of paired ratios)`,
    body,
  ];
  const draws = rows.find((r) => r.mode === 'draws');
  if (draws !== undefined) {
    lines.push(
      `  the floor with the draws is ${draws.cpuRatio.toFixed(2)}x flatqueue: ` +
        (draws.cpuRatio < 1
          ? 'below 1.0x, so in this run no model making these draws reaches 1.0x on this engine'
          : 'it leaves room for a model at 1.0x'),
    );
    const target = MODEL_SCENARIOS.find((s) => s.name === draws.scenario);
    if (events !== undefined && target !== undefined) {
      const cpu = events / draws.eventsPerCpuS;
      lines.push(
        `  ${int.format(events)} events at the floor's rate take ${cpu.toFixed(1)} s of CPU, before loading and writing: ` +
          (cpu >= target.maxWallS
            ? `the floor alone is over the ${target.maxWallS} s target in this run, before the model's own work`
            : `the floor alone is under the ${target.maxWallS} s target in this run; the model's own work comes on top`),
      );
    }
  }
  return lines.join('\n');
}

/** Section 6 as text: the second thread's wall ratio per scenario, the year's target, and the bytes check. */
export function threadsSection(rows: readonly ThreadsBenchRow[], pairs: number): string {
  const body = table(
    [
      'scenario',
      'on wall s',
      'off wall s',
      'wall on/off',
      'range',
      'speed-up',
      'on cpu s',
      'off cpu s',
      'on thread',
      'same bytes',
    ],
    rows.map((r) => [
      r.scenario,
      r.onWallS.toFixed(2),
      r.offWallS.toFixed(2),
      r.wallRatio.toFixed(3),
      `${r.wallRatioMin.toFixed(3)}-${r.wallRatioMax.toFixed(3)}`,
      `${(1 / r.wallRatio).toFixed(3)}x`,
      r.onCpuS.toFixed(2),
      r.offCpuS.toFixed(2),
      r.onThreads,
      r.identical ? 'yes' : 'NO',
    ]),
  );
  const lines = [
    `6. Second thread: the built CLI, \`run <scenario> --quiet\`, with PCHAT_SIM_THREADS=on and off in ${pairs} alternating ` +
      "pairs (which goes first alternating too); wall of the whole process, medians, the ratio the median of the pairs' ratios; " +
      'same bytes: summary.json, timeline.csv and events.csv identical in every run of both modes',
    body,
  ];
  const year = rows.find((r) => r.scenario === 'year-150k');
  if (year !== undefined)
    lines.push(
      `  year-150k: >= ${TARGETS.yearThreadSpeedUp.toFixed(2)}x faster with the thread: ` +
        `${verdict(1 / year.wallRatio >= TARGETS.yearThreadSpeedUp)}; outputs identical: ${verdict(year.identical)}`,
    );
  return lines.join('\n');
}
