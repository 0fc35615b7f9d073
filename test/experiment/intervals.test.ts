import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregateValues, MetricStats, ratioStats } from '../../src/experiment/aggregate/aggregate.js';
import { outagePlace, summaryPlace } from '../../src/experiment/aggregate/figure-range.js';
import { steadyStateStats } from '../../src/experiment/aggregate/steady-state.js';
import { confidenceInterval } from '../../src/stats/student-t.js';
import { cli, cliLines } from '../cli-capture.js';
import { tempDir } from '../helpers.js';

const WINDOW = { from: 0, to: 7200 };

describe('intervals across replications', () => {
  it('pools a ratio: total refused first attempts / total first attempts, replications as the units', () => {
    const a = aggregateValues(
      [
        { signIns: { firstRefused: 1, firstAttempts: 10, blocking: 0.1 } },
        { signIns: { firstRefused: 9, firstAttempts: 10, blocking: 0.9 } },
        { signIns: { firstRefused: 0, firstAttempts: 100, blocking: 0 } },
      ],
      summaryPlace(WINDOW),
    ) as Record<string, Record<string, MetricStats>>;
    const b = a['signIns']?.['blocking'] as MetricStats;
    // Pooled 10 / 120, not the mean of the ratios (1/3).
    expect(b.mean).toBeCloseTo(10 / 120, 12);
    // Delta method: s² = Σ (yᵢ − R·xᵢ)² / 2, half-width t(0.975, 2) · s / (√3 · 40), cut at 0.
    const r = 10 / 120;
    const s2 = ((1 - 10 * r) ** 2 + (9 - 10 * r) ** 2 + (0 - 100 * r) ** 2) / 2;
    const half = (4.302652729911275 * Math.sqrt(s2 / 3)) / 40;
    expect(b.hi).toBeCloseTo(r + half, 9);
    expect(b.lo).toBe(0);
    expect(b.clipped).toBe(true);
    expect(JSON.parse(JSON.stringify(b))).toMatchObject({ clipped: true });
  });

  it('keeps a count, a time and a fraction within their ranges', () => {
    const run = (gaveUp: number, availability: number) => ({
      signIns: { gaveUp },
      servers: { a: { availability } },
    });
    const a = aggregateValues([run(0, 1), run(0, 1), run(30, 0.9)], summaryPlace(WINDOW)) as {
      signIns: Record<string, MetricStats>;
      servers: Record<string, Record<string, MetricStats>>;
    };
    expect(a.signIns['gaveUp']?.lo).toBe(0);
    expect(a.servers['a']?.['availability']?.hi).toBe(1);
    expect(ratioStats([5], [10]).mean).toBe(0.5);
  });

  it("keeps a pool's end state within the pool states, 0 to 4", () => {
    // States 4, 4, 1 (on the mirror twice, failed over once): t(2) interval 3 ± 4.30 would reach 7.3.
    const a = aggregateValues(
      [4, 4, 1].map((endState) => ({ pools: { p: { endState } } })),
      summaryPlace(WINDOW),
    ) as Record<string, Record<string, Record<string, MetricStats>>>;
    const state = a['pools']?.['p']?.['endState'];
    expect(state?.hi).toBe(4);
    expect(state?.lo).toBe(0);
    expect(state?.clipped).toBe(true);
  });

  it('decides by the figure a value is, never by its name: a leaf called like a fraction elsewhere stays a count', () => {
    // `blocking` and `availability` are fractions only where the catalogue declares them; as a server's
    // name in the steady-state means they are that server's users, kept within its peakBound of 10.
    const metrics = aggregateValues(
      [1, 2, 3].map(() => ({ servers: { blocking: { peakBound: 10 }, availability: { peakBound: 10 } } })),
      summaryPlace(WINDOW),
    );
    const steady = steadyStateStats(
      [5, 6, 8].map((u) => ({ blocking: u, availability: u })),
      metrics,
    ) as Record<string, MetricStats>;
    for (const column of ['blocking', 'availability']) {
      expect(steady[column]?.mean, column).toBeCloseTo(19 / 3, 9);
      expect(steady[column]?.hi, column).toBeGreaterThan(1);
      expect(steady[column]?.hi, column).toBe(10);
    }
    // And a ratio is pooled only where it is declared as one.
    const elsewhere = aggregateValues(
      [
        { x: { firstRefused: 1, firstAttempts: 10, blocking: 0.1 } },
        { x: { firstRefused: 9, firstAttempts: 100, blocking: 0.09 } },
      ],
      summaryPlace(WINDOW),
    ) as Record<string, Record<string, MetricStats>>;
    expect(elsewhere['x']?.['blocking']?.mean).toBeCloseTo(0.095, 12);
  });

  it('keeps a time within the summary window: spans within its length, instants within it', () => {
    // Over capacity for the whole 2 h window in two replications, never in the third: the plain
    // Student t interval, 4,800 ± 4.303 · 2,400 s, would be [-5,526, 15,126] s: cut to the 7,200 s run.
    const w = { from: 0, to: 7200 };
    const run = (over: number, recovery: number): Record<string, unknown> => ({
      servers: { a: { secondsOverCapacity: over } },
      recovery_s: { count: 1, mean: recovery, p95: recovery, unrecovered: 0 },
    });
    const tree = aggregateValues(
      [run(7200, 7000), run(7200, 7100), run(0, 100)] as never[],
      summaryPlace(w),
    ) as Record<string, Record<string, Record<string, MetricStats>>>;
    const outage = aggregateValues(
      [
        { start: 100, recovery_s: 7000 },
        { start: 150, recovery_s: 7100 },
        { start: 7100, recovery_s: 100 },
      ],
      outagePlace(w),
    ) as Record<string, MetricStats>;
    const over = tree['servers']?.['a']?.['secondsOverCapacity'];
    expect(over?.mean).toBe(4800);
    expect(over?.lo).toBe(0);
    expect(over?.hi).toBe(7200);
    expect(over?.clipped).toBe(true);
    expect(tree['recovery_s']?.['mean']?.hi).toBe(7200);
    expect(tree['recovery_s']?.['count']?.clipped).toBe(false);
    expect(outage['recovery_s']?.hi).toBe(7200);
    expect(outage['start']?.lo).toBe(0);
    // A warm-up moves the window: an instant never before its start.
    const late = aggregateValues(
      [{ start: 3700 }, { start: 3700 }, { start: 7100 }],
      outagePlace({ from: 3600, to: 7200 }),
    ) as Record<string, MetricStats>;
    expect(late['start']?.lo).toBe(3600);
    expect(late['start']?.hi).toBe(7200);
  });

  it('never writes or prints an impossible bound in a replicated run', async () => {
    const file = join(tempDir(), 'rare.yaml');
    // Rare refusals and rare random failures: most replications see none, so plain Student t
    // intervals of blocking, lost users and time over capacity would reach below 0.
    writeFileSync(
      file,
      `name: rare
seed: 2
duration: 2h
topology:
  edition: enterprise
  pools:
    - name: p
      capacityPerServer: 20
      admissionLimitPerServer: 24
      servers: [{ name: a }, { name: b }]
workload:
  arrivals: { rate: 0.01 }
  session: { dist: exponential, mean: 1h }
  initialConnected: 36
  retry: { maxAttempts: 0 }
faults:
  - { random: { servers: all, mtbf: { dist: exponential, mean: 8h }, mttr: { dist: exponential, mean: 20m } } }
`,
    );
    const out = join(tempDir(), 'r');
    const { code, lines } = await cliLines(
      'run',
      file,
      '--replications',
      '4',
      '--workers',
      '1',
      '--out',
      out,
    );
    expect(code).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      metrics: unknown;
      outagesByOrder: unknown;
    };
    const bounds: [string, number, number][] = [];
    const walk = (v: unknown, path: string): void => {
      if (typeof v !== 'object' || v === null) return;
      const ci = (v as { ci95?: unknown }).ci95;
      if (Array.isArray(ci) && typeof ci[0] === 'number' && typeof ci[1] === 'number')
        bounds.push([path, ci[0], ci[1]]);
      for (const [k, c] of Object.entries(v)) walk(c, `${path}.${k}`);
    };
    walk(summary.metrics, 'metrics');
    walk(summary.outagesByOrder, 'outagesByOrder');
    expect(bounds.some(([, lo]) => lo === 0)).toBe(true);
    for (const [path, lo, hi] of bounds) {
      expect(lo, path).toBeGreaterThanOrEqual(0);
      if (/\.(blocking|lostFraction|availability|overCapacityAtEnd)$/.test(path))
        expect(hi, path).toBeLessThanOrEqual(1);
      // Times lie within the 2 h run.
      if (/(secondsOverCapacity|recovery95?_s(\.(mean|p50|p95|max))?|\.start|\.end)$/.test(path))
        expect(hi, path).toBeLessThanOrEqual(7200);
    }
    expect(lines.join('\n')).not.toMatch(/\[-/);
  });

  it("keeps a server's and all pools' peak within the most users they can hold: admission limits, or a closed pool's users", async () => {
    const dir = tempDir();
    const scenario = (name: string, pool: string, workload: string): string =>
      `name: ${name}\nseed: 3\nduration: 2h\ntopology:\n  edition: enterprise\n  pools:\n    - name: p\n${pool}      servers: [{ name: a }]\nworkload:\n${workload}`;
    const cases = [
      // Open, admission 10: peaks of 9 and 10, t(3) interval 9.25 ± 0.80 would reach 10.05.
      {
        yaml: scenario(
          'open',
          '      capacityPerServer: 8\n      admissionLimitPerServer: 10\n',
          '  arrivals: { rate: 0.002 }\n  session: { dist: exponential, mean: 1h }\n  initialConnected: 2\n  retry: { maxAttempts: 0 }\n',
        ),
        replications: '4',
      },
      // Closed population of 10 (admission 20,000): peaks 6 to 9, t(2) interval 7.67 ± 3.79 would reach 11.5.
      {
        yaml: scenario(
          'closed',
          '',
          '  population: 10\n  initialConnected: 4\n  session: { dist: exponential, mean: 30m }\n  offTime: { dist: exponential, mean: 30m }\n',
        ),
        replications: '3',
      },
    ];
    for (const c of cases) {
      const file = join(dir, 'x.yaml');
      writeFileSync(file, c.yaml);
      const out = join(dir, c.replications);
      const args = ['run', file, '--replications', c.replications, '--workers', '1', '--out', out, '--quiet'];
      expect((await cli(...args)).code).toBe(0);
      const col = replicationColumns(out);
      const peaks = col('servers.a.peak');
      expect(col('servers.a.peakBound')).toEqual(peaks.map(() => 10));
      expect(Math.max(...peaks)).toBeLessThanOrEqual(10);
      expect(confidenceInterval(peaks).hi).toBeGreaterThan(10);
      // One server: all pools' connected users are its users, and so is their bound.
      expect(col('connected.peak')).toEqual(peaks);
      expect(col('connected.peakBound')).toEqual(peaks.map(() => 10));
      type Stats = { ci95: number[]; clipped?: boolean };
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
        metrics: { servers: { a: { peak: Stats } }; connected: { peak: Stats } };
        warnings: { code: string; peak?: Stats }[];
      };
      const peak = summary.metrics.servers.a.peak;
      expect(peak.ci95[1]).toBe(10);
      expect(peak.clipped).toBe(true);
      expect(summary.metrics.connected.peak).toEqual(peak);
      // Over its capacity of 8 in every replication: that warning's peak is kept within 10 as well.
      const over = summary.warnings.find((w) => w.code === 'server-over-capacity');
      if (c.replications === '4') expect(over?.peak?.ci95).toEqual([expect.any(Number), 10]);
    }
  });

  it('keeps waiting users within a closed population: 3 replications of 6 users and a server down for 2 of 3 h', async () => {
    const { dir, out, args, col } = await replicateSixUsers({ seed: 1, duration: '3h', offTimeMean: '30m' });
    // Peaks and ends of 5 to 6 waiting users: t(2) interval 5.67 ± 1.43 would reach 7.1 of 6 users.
    const peaks = col('waiting.peak');
    expect(col('waiting.peakBound')).toEqual([6, 6, 6]);
    expect(Math.max(...peaks, ...col('waiting.end'))).toBeLessThanOrEqual(6);
    expect(confidenceInterval(peaks).hi).toBeGreaterThan(6);
    expect(confidenceInterval(col('waiting.end')).hi).toBeGreaterThan(6);
    type Stats = { ci95: number[]; clipped?: boolean };
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      metrics: { waiting: { peak: Stats; mean: Stats; end: Stats } };
    };
    const w = summary.metrics.waiting;
    for (const s of [w.peak, w.end]) {
      expect(s.ci95[1]).toBe(6);
      expect(s.clipped).toBe(true);
    }
    expect(w.mean.ci95[1]).toBeLessThanOrEqual(6);
    // With a warm-up of 1 h 30 min, the steady-state mean of waiting users too: 4.66 ± 2.61 would reach 7.3.
    const steadyOut = join(dir, 'steady');
    const warm = [...args.slice(0, -2), steadyOut, '--warmup', '1h30m', '--quiet'];
    expect((await cli(...warm)).code).toBe(0);
    const steady = (
      JSON.parse(readFileSync(join(steadyOut, 'summary.json'), 'utf8')) as {
        steadyState: { waiting: Stats & { mean: number; sd: number } };
      }
    ).steadyState.waiting;
    expect(steady.mean + (4.302652729911275 * steady.sd) / Math.sqrt(3)).toBeGreaterThan(6);
    expect(steady.ci95[1]).toBe(6);
    expect(steady.clipped).toBe(true);
  });

  it("keeps a sweep point's waiting, distinct and steady-state users within its closed population of 6", async () => {
    const dir = tempDir();
    const file = sixUsers(dir, { seed: 1, duration: '3h', offTimeMean: '30m' });
    const out = join(dir, 's');
    const args = [
      'sweep',
      file,
      '--set',
      'workload.population=6',
      '--replications',
      '3',
      '--warmup',
      '1h30m',
    ];
    expect((await cli(...args, '--workers', '1', '--out', out, '--quiet')).code).toBe(0);
    const [head, row] = readFileSync(join(out, 'sweep.csv'), 'utf8').trim().split('\n');
    const cells = (row ?? '').split(',');
    const cell = (name: string): number => Number(cells[(head ?? '').split(',').indexOf(name)]);
    // Unclipped, each of these would reach past 6 (e.g. waiting.peak 5.67 ± 1.43, steadyState.waiting 4.66 ± 2.61).
    for (const figure of [
      'waiting.peak',
      'waiting.mean',
      'waiting.end',
      'users.initial',
      'users.wanted',
      'steadyState.waiting',
    ])
      expect(cell(`${figure}.ci95_hi`), figure).toBe(6);
  });

  it('keeps distinct users wanting service and leaving while waiting within a closed population: 3 replications of 6 users', async () => {
    const { out, col } = await replicateSixUsers({ seed: 4, duration: '2h', offTimeMean: '1h' });
    expect(col('users.bound')).toEqual([6, 6, 6]);
    type Stats = { ci95: number[]; clipped?: boolean };
    const users = (
      JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
        metrics: { users: Record<string, Stats> };
      }
    ).metrics.users;
    // Wanted 5 to 6 and left while waiting 0 to 4 users of 6 (the server never comes back, so everyone
    // cut off waits until their planned sign-out): their t(2) intervals would reach past 6.
    for (const figure of ['wanted', 'leftWhileWaiting']) {
      expect(Math.max(...col(`users.${figure}`)), figure).toBeLessThanOrEqual(6);
      expect(confidenceInterval(col(`users.${figure}`)).hi, figure).toBeGreaterThan(6);
      expect(users[figure]?.ci95[1], figure).toBe(6);
      expect(users[figure]?.clipped, figure).toBe(true);
    }
  });

  it("keeps the steady-state means within their columns' ranges: users within their bounds, servers, pool states", () => {
    // Means of 9, 10, 7 users (t(2) interval 8.67 ± 3.79 would reach 12.5) of at most 10; one server; a
    // pool state of at most 4 (ON_MIRROR) with means 4, 4, 2 (reach 5.5); active servers 1, 1, 0 (reach 1.8).
    const metrics = aggregateValues(
      [1, 2, 3].map(() => ({
        connected: { peakBound: 10 },
        waiting: { peakBound: 10 },
        servers: { a: { peakBound: 10 } },
        pools: { p: { endState: 0 } },
      })),
      summaryPlace(WINDOW),
    );
    const row = (users: number, active: number, state: number) => ({
      connected: users,
      waiting: users,
      denied: users * 1000,
      active_servers: active,
      a: users,
      p_state: state,
    });
    const steady = steadyStateStats([row(9, 1, 4), row(10, 1, 4), row(7, 0, 2)], metrics) as Record<
      string,
      MetricStats
    >;
    for (const [column, most] of [
      ['connected', 10],
      ['waiting', 10],
      ['a', 10],
      ['active_servers', 1],
      ['p_state', 4],
    ] as const) {
      expect(steady[column]?.hi, column).toBe(most);
      expect(steady[column]?.clipped, column).toBe(true);
    }
    // A running total (refusals so far) is left out: its mean over time is no steady-state level.
    expect(steady['denied']).toBeUndefined();
  });

  it("never takes waiting or connected users' end for an instant, bound or not (open model, warm-up)", () => {
    // An open model's waiting users have no bound (null); their end is a head-count, not a time in [from, to].
    const run = (end: number): Record<string, unknown> => ({
      waiting: { peak: end + 1, peakBound: null, mean: end, end },
    });
    const tree = aggregateValues(
      [run(2), run(4), run(3)] as never[],
      summaryPlace({ from: 3600, to: 7200 }),
    ) as Record<string, Record<string, MetricStats>>;
    const end = tree['waiting']?.['end'];
    expect(end?.mean).toBe(3);
    expect(end?.lo).toBeCloseTo(3 - 4.302652729911275 / Math.sqrt(3), 9);
    expect(end?.clipped).toBe(false);
  });

  it('never writes or prints an impossible bound in a plan: terminal, plan.txt and plan.csv', async () => {
    const file = join(tempDir(), 'border.yaml');
    // Survivors near their capacity of 20 with an admission limit of 30, two replications per candidate:
    // unclipped, this plan prints blocking and users lost from -7% to 129% and time over capacity from
    // -6,504 s to 12,577 s of a 10,800 s run.
    writeFileSync(
      file,
      `name: border
seed: 3
duration: 3h
topology:
  edition: enterprise
  pools:
    - name: p
      capacityPerServer: 20
      admissionLimitPerServer: 30
      servers: [{ name: a }, { name: b }, { name: c }]
workload:
  arrivals: { rate: 0.011 }
  session: { dist: exponential, mean: 1h }
  initialConnected: 40
  retry: { maxAttempts: 0 }
faults:
  - { at: 1h, fail: c }
`,
    );
    const out = join(tempDir(), 'p');
    const { code, lines } = await cliLines(
      'plan',
      file,
      '--users',
      '40',
      '--max-blocking',
      '1%',
      '--replications',
      '2',
      '--max-replications',
      '2',
      '--resolution',
      '10',
      '--workers',
      '1',
      '--out',
      out,
    );
    expect(code).toBe(0);
    // Every candidate runs the failure window (4 h) and its settle (15 m) past the failure at 1 h: a
    // figure with one failed is bounded by the 15,300 s after it, one with none by the whole run.
    const afterFailS = 4 * 3600 + 900;
    const runS = 3600 + afterFailS;
    const num = (x: string): number => Number(x.replace(/,/g, ''));
    const seen = { zero: 0, hundred: 0, runLength: 0 };
    for (const text of [lines.join('\n'), readFileSync(join(out, 'plan.txt'), 'utf8')]) {
      const percents = [...text.matchAll(/(-?[\d.]+)% \[(-?[\d.]+)%, (-?[\d.]+)%\]/g)];
      const seconds = [...text.matchAll(/ (-?[\d,.]+) \[(-?[\d,.]+), (-?[\d,.]+)\](?! *%)/g)];
      expect(percents.length).toBeGreaterThan(20);
      expect(seconds.length).toBeGreaterThan(10);
      for (const [all, m, lo, hi] of percents) {
        expect([num(lo as string), num(m as string)], all).toSatisfy(([a, b]) => 0 <= a && a <= b);
        expect([num(m as string), num(hi as string)], all).toSatisfy(([a, b]) => a <= b && b <= 100);
        if (num(lo as string) === 0) seen.zero++;
        if (num(hi as string) === 100) seen.hundred++;
      }
      for (const [all, m, lo, hi] of seconds) {
        expect([num(lo as string), num(m as string)], all).toSatisfy(([a, b]) => 0 <= a && a <= b);
        expect([num(m as string), num(hi as string)], all).toSatisfy(([a, b]) => a <= b && b <= runS);
        if (num(hi as string) === afterFailS || num(hi as string) === runS) seen.runLength++;
      }
    }
    // The intervals were cut at each end of their range, so the scenario does test the clipping.
    expect(seen.zero).toBeGreaterThan(0);
    expect(seen.hundred).toBeGreaterThan(0);
    expect(seen.runLength).toBeGreaterThan(0);
    const [head, ...rows] = readFileSync(join(out, 'plan.csv'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const col = (row: string[], name: string): number => Number(row[(head ?? []).indexOf(name)]);
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows)
      for (const [figure, top] of [
        ['blocking', 1],
        ['lost', 1],
        ['overCapacityS', runS],
      ] as const) {
        const [m, lo, hi] = ['mean', 'ci95_lo', 'ci95_hi'].map((k) => col(row, `${figure}.${k}`)) as [
          number,
          number,
          number,
        ];
        expect([lo, m, hi], `${row.join(',')}: ${figure}`).toSatisfy(
          ([a, b, c]) => 0 <= a && a <= b && b <= c && c <= top,
        );
      }
  });
});

/** Column `name` of a replicated run's replications.csv in `out`, one number per replication. */
function replicationColumns(out: string): (name: string) => number[] {
  const [head, ...rows] = readFileSync(join(out, 'replications.csv'), 'utf8').trim().split('\n');
  return (name) => {
    const i = (head ?? '').split(',').indexOf(name);
    return rows.map((r) => Number(r.split(',')[i]));
  };
}

/**
 * Runs 3 replications of {@link sixUsers} on one worker thread (the run must exit 0); returns its folder,
 * output folder, command line and replications.csv columns.
 */
async function replicateSixUsers(o: { seed: number; duration: string; offTimeMean: string }) {
  const dir = tempDir();
  const out = join(dir, 'o');
  const args = ['run', sixUsers(dir, o), '--replications', '3', '--workers', '1', '--out', out, '--quiet'];
  expect((await cli(...args)).code).toBe(0);
  return { dir, out, args, col: replicationColumns(out) };
}

/** Writes a closed population of 6 users (3 on at t = 0) on one server that fails at 1 h; returns the file. */
function sixUsers(dir: string, o: { seed: number; duration: string; offTimeMean: string }): string {
  const file = join(dir, 'six.yaml');
  writeFileSync(
    file,
    `name: w
seed: ${o.seed}
duration: ${o.duration}
topology:
  edition: enterprise
  pools:
    - name: p
      servers: [{ name: a }]
workload:
  population: 6
  initialConnected: 3
  session: { dist: exponential, mean: 30m }
  offTime: { dist: exponential, mean: ${o.offTimeMean} }
faults:
  - { at: 1h, fail: a }
`,
  );
  return file;
}
