// Text tables for the three bench sections and the verdict on each target of issue 5.
import type { AllocRow } from './alloc.bench.js';
import type { EngineBenchRow } from './engine.bench.js';
import { MODEL_SCENARIOS, type ModelBenchRow } from './model.bench.js';
import type { ScenarioBenchRow } from './scenario.bench.js';

/** The targets of issue 5, as numbers the verdicts are computed from. */
export const TARGETS = {
  ratioAt1e5: 1.0,
  ratioAt1e6: 1.5,
  yearMaxWallS: 20,
  millionMaxWallS: 15,
  millionMaxBytesPerUser: 100,
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

/** The whole-model section as text, with issue 14's targets per scenario. */
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
      'B/user',
    ],
    rows.map((r) => [
      r.scenario,
      int.format(r.events),
      r.wallS.toFixed(2),
      r.cpuS.toFixed(2),
      perS(r.eventsPerS),
      perS(r.flatEventsPerS),
      `${r.ratio.toFixed(2)}x`,
      `${r.cpuRatio.toFixed(2)}x`,
      r.peakRssMB.toFixed(1),
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
    lines.push(
      `  ${r.scenario}: under ${t.maxWallS} s: ${verdict(r.wallS < t.maxWallS)}${mem}; >= 1.0x flatqueue: ${verdict(r.ratio >= 1)}`,
    );
  }
  return lines.join('\n');
}
