import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli-capture.js';
import { planCapacity } from '../../src/experiment/plan/plan.js';
import { largestUsers } from '../../src/experiment/plan/largest-users.js';
import type { EvidenceRow } from '../../src/experiment/plan/plan-evaluator.js';
import { promotableStandbys } from '../../src/experiment/plan/plan-standby.js';
import {
  buildVariant,
  checkPlanUsers,
  maxVariantUsers,
  type PlanTemplate,
  type Variant,
} from '../../src/experiment/plan/plan-variant.js';
import { simulate } from '../../src/experiment/run/simulate.js';
import type { Progress } from '../../src/experiment/run/task-runner.js';
import { readScenarioData } from '../../src/experiment/run/scenario-data.js';
import { tempDir } from '../helpers.js';
import { planOptions } from './plan-options.js';

const lo1 = (hi: string): boolean => hi === '' || Number(hi) <= 1;

/** Users up to which the targets hold with 1 failed in the searches below (twice that with none). */
const MOSTS = [0, 50, 99, 100, 150, 620, 1234, 9999, 39_999, 40_000, 50_001, 79_999, 80_000, 500_000];

/**
 * The largest-user search of 4 servers of 20,000 to the nearest 100, from `from` users (the template's)
 * or `planned` (--users), on a pool whose targets hold up to `most` users with 1 failed and up to twice
 * that with none: the users of each candidate it tried, in order, and its answers.
 */
async function searchTo(
  from: number,
  planned: number | null,
  most: number,
): Promise<{ probed: number[]; los: number[] }> {
  const probed: number[] = [];
  const ev = {
    evaluate: (vs: readonly Variant[]): Promise<EvidenceRow[]> => {
      probed.push(...vs.map((v) => v.users));
      return Promise.resolve(
        vs.map((v) => ({ meets: v.users <= most * (v.failed === 0 ? 2 : 1) }) as EvidenceRow),
      );
    },
  };
  const found = await largestUsers(ev, 0, 3600, [1, 0], { from, planned, res: 100, start: 80_000, cap: 1e9 });
  return { probed, los: found.map((s) => s.lo) };
}

/**
 * A plan of n-minus-1-refused.yaml (without its failure when `peak`, so the failure is at the peak of a
 * run) with one replication a row, to the nearest 20,000, and every progress report it made, checked to
 * only grow.
 */
async function planProgress(peak = false) {
  const file = 'scenarios/n-minus-1-refused.yaml';
  const { config, data } = await readScenarioData(file);
  const seen: Progress[] = [];
  const template = peak
    ? { file, data: { ...data, faults: [] }, config: { ...config, faults: [] } }
    : { file, data, config };
  const o = { maxLost: 1, replications: 1, maxReplications: 1, resolution: 20000 };
  const plan = await planCapacity(template, planOptions({ ...o, onProgress: (p) => seen.push(p) }));
  seen.forEach((b, i) => {
    const a = seen[Math.max(0, i - 1)] as Progress;
    for (const k of ['done', 'simulatedS', 'events', 'judged'] as const)
      expect(b[k] ?? NaN).toBeGreaterThanOrEqual(a[k] ?? NaN);
  });
  return { plan, seen, config };
}

/**
 * `plan` of n-minus-1-absorbed.yaml (pc4 of four fails at 1h) for 80,000 users with `options`, one
 * replication a row, to the nearest 20,000: its exit code, what it printed, and plan.csv's lines ([]
 * when it wrote none).
 */
async function planAbsorbed(...options: string[]): Promise<{ code: number; text: string; csv: string[] }> {
  const out = join(tempDir(), 'p');
  const r = await cli(
    'plan',
    'scenarios/n-minus-1-absorbed.yaml',
    '--users',
    '80000',
    ...options,
    '--replications',
    '1',
    '--workers',
    '1',
    '--resolution',
    '20000',
    '--out',
    out,
  );
  const file = join(out, 'plan.csv');
  const csv = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [];
  return { code: r.code, text: r.out.join('\n'), csv };
}

describe('pchat-sim plan', () => {
  it('finds that N-1 at 80,000 users does not fit 4 active servers, and what would', async () => {
    const out = join(tempDir(), 'plan');
    // The scenario is deterministic (fixed sessions, no arrivals), so one replication per row suffices here.
    const r = await cli(
      'plan',
      'scenarios/n-minus-1-refused.yaml',
      '--users',
      '80000',
      '--max-blocking',
      '0.1%',
      '--replications',
      '1',
      '--workers',
      '1',
      '--resolution',
      '1000',
      '--out',
      out,
    );
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    const text = r.out.join('\n');
    expect(text).toContain("with 1 active server failed at 3,600 s (the scenario's first server failure)");
    expect(text).toContain(
      'no server count within the documented limits (at most 4 active and 8 servers per pool [doc]) meets the targets.',
    );
    expect(text).toContain('5 active servers would, beyond the documented limit of 4 active (unsupported).');
    // The overload row: survivors allowed up to 1.5 × 20,000 = 30,000; they take 26,667 each from the reconnect on.
    expect(text).toContain(
      '4 active, the survivors allowed up to 30,000 users each (1.5 × capacityPerServer: the documented overload after a failure, "as many as 30,000" at 20,000 [doc]): blocking 0.000%, users lost 0.000% of 20,000, worst server 0 s over 30,000, 95% back 30 s: meets the targets.',
    );
    expect(text).toContain('to the nearest 1,000: 60,000 with 1 failed; 80,000 with none.');
    expect(text).toContain('so these 4 active servers carry 80,000 users only without a failure.');
    // No sign-in rate in the template: unlimited throughput, and no sized answer, so the floor is for the
    // template's 4 active servers: 80,000 / 4 = 20,000 users at 10 sign-ins/s, 2,000 s.
    expect(text).toContain(
      'sign-in throughput: the scenario sets no signInRatePerServer or signInRatePerPool, so every run assumes unlimited sign-in throughput',
    );
    expect(text).toContain(
      'pool pchat: the 20,000 users of 1 failed server (of 4 active) take at least 2,000 s to sign in again at 10 sign-ins/s',
    );
    const csv = readFileSync(join(out, 'plan.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe(
      'purpose,pool,active,standby,users,failed,admission,supported,blocking.mean,blocking.ci95_lo,blocking.ci95_hi,overCapacityS.mean,overCapacityS.ci95_lo,overCapacityS.ci95_hi,overCapacityAtEnd,lost.mean,lost.ci95_lo,lost.ci95_hi,meets,replications,decision,sameAs,lost.wanting,rehomeS.mean,rehomeS.ci95_lo,rehomeS.ci95_hi,notBack,capacity',
    );
    // In the failure window pc4's 20,000 reconnects are the only first sign-ins, and all are refused:
    // blocking 1, all 20,000 affected lost, never 95% back. Five servers of 16,000 take pc5's at once.
    expect(csv).toContain('size,pchat,4,0,80000,1,20000,true,1,,,0,,,0,1,,,false,1,misses,,20000,,,,1,20000');
    expect(csv).toContain(
      'beyond limits,pchat,5,0,80000,1,20000,false,0,,,0,,,0,0,,,true,1,meets,,16000,30,,,0,20000',
    );
    expect(readFileSync(join(out, 'plan.txt'), 'utf8')).toBe(`${text.split('\nwrote ')[0]}\n`);
    // plan.txt's evidence table and report.html's have the same columns under the catalogue's short
    // headings, each full label said once in a legend; plan.txt says the settings every row shares once.
    const head = [
      ...['purpose', 'pool', 'active', 'standby', 'users', 'failed', 'capacity', 'admission'],
      ...['blocking', 'users lost', 'over capacity (s)', '95% back (s)', 'runs', 'meets', 'note'],
    ];
    const legend = [
      'capacity: supported users',
      'blocking: worst outage: blocking in its window; with none failed, first sign-ins refused (blocking) over the whole run',
      'users lost: worst outage: users lost in its window (share) of its affected users who still wanted service ("of N"); with none failed, share of users lost over the whole run, of the users who wanted service',
      "over capacity (s): worst server: time over capacity, from the warm-up's end (the start if none) to the run's end, before the failure too",
      '95% back (s): slowest outage: 95% back within its window; "not back in k of n": not within it in k of the n runs; "no failure": none failed',
      'runs: replications',
    ];
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.startsWith('purpose  '));
    expect(lines.slice(at - 8, at)).toEqual([
      'evidence (* = beyond the documented limits, run with allowUnsupported):',
      ...legend.map((l) => `  ${l}`),
      'the same in every row: pool pchat, standby 0',
    ]);
    expect(lines[at]?.split(/ {2,}/)).toEqual(head.filter((h) => !['pool', 'standby', 'note'].includes(h)));
    // As wide as the widest cells, 141 characters (the catalogue's labels made it 261).
    expect(lines[at]).toBe(
      'purpose        active  users    failed  capacity  admission  blocking  users lost          over capacity (s)  95% back (s)        runs  meets',
    );
    expect(text).toContain('\nbeyond limits  5       80,000   1       20,000    20,000 *   0.000%');
    // The largest-user search with none failed has no failure window: nobody is to be back, and its
    // blocking and users lost are the whole run's, as the legend says.
    expect(text).toContain(
      '\nlargest        4       80,000   0       20,000    20,000     0.000%    0.000% of 80,000    0                  no failure          1     yes',
    );
    expect(csv).toContain(
      'largest,pchat,4,0,80000,0,20000,true,0,,,0,,,0,0,,,true,1,meets,,80000,,,,0,20000',
    );
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect([...html.matchAll(/<th>([^<]*)<\/th>/g)].map((m) => m[1])).toEqual(head);
    const escaped = legend.map((l) => `<li>${l.replace(/"/g, '&#34;').replace(/'/g, '&#39;')}</li>`);
    expect(html).toContain(`<ul class="legend">${escaped.join('')}</ul>`);
  });

  it('says every figure is over the whole run when nothing fails (--n-minus 0), never a failure window', async () => {
    const out = join(tempDir(), 'p');
    const r = await cli(
      ...['plan', 'scenarios/n-minus-1-refused.yaml', '--users', '60000', '--n-minus', '0'],
      ...['--replications', '1', '--workers', '1', '--resolution', '20000', '--out', out],
    );
    expect(r.code).toBe(0);
    const text = r.out.join('\n');
    const targets = text.slice(text.indexOf('\ntargets'), text.indexOf('\nhow it was judged'));
    expect(targets).toContain(
      "targets, with no server failed (--n-minus 0), each over the whole run; the scenario's own faults are left out:",
    );
    expect(targets).toContain('blocking ≤ 0.1%: refused first sign-ins / first sign-ins over the whole run;');
    expect(targets).toContain('95% back: none, as nothing fails (each row reads "no failure").');
    expect(targets).not.toContain('window');
    expect(text).not.toContain('any 0 failed');
    expect(text).toContain(
      '\nsize     3       60,000   0       0.000%    0.000% of 60,000    0                  no failure',
    );
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const htmlTargets = html.slice(
      html.indexOf('<section id="targets">'),
      html.indexOf('<section id="charts">'),
    );
    expect(htmlTargets).toContain('over the whole run');
    expect(htmlTargets).not.toContain('window');
    // The chart's panels say their short headings, and what the rows with none failed cover.
    const svg = readFileSync(join(out, 'chart-plan.svg'), 'utf8');
    expect(svg).not.toContain('in the failure window');
    expect(svg).toContain('with none failed, blocking, users lost and time over capacity over the whole run');
  });

  it('sizes a pool that N-1 fits: 60,000 users need 4 active servers', async () => {
    const r = await cli(
      'plan',
      'scenarios/n-minus-1-refused.yaml',
      '--users',
      '60000',
      '--replications',
      '1',
      '--workers',
      '1',
      '--resolution',
      '5000',
      '--out',
      join(tempDir(), 'p'),
    );
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toContain(
      'answer for pool pchat, 60,000 users with 1 failed:\n  4 active servers: the smallest count that meets the targets.',
    );
    // The planner is told how the template's workload was scaled.
    expect(r.out.join('\n')).toContain(
      "workload: the scenario's 80,000 users on at t = 0 become 60,000 (×0.75); its arrival rates (a profile or a measured profile file included) and its closed population are multiplied by the same factor.",
    );
  });

  it('runs past the over-capacity target, so time over capacity cut by the run never passes', async () => {
    const { code, text, csv } = await planAbsorbed('--max-over-capacity', '5h');
    expect(code).toBe(0);
    // The template's 2 h run would stop 59m30s after the reconnect wave, within the 5 h target; the plan
    // runs 5h + 1h after the failure instead, and the survivors are over 20,000 from 1h + 30 s to its end.
    expect(text).toContain('every row runs 21,600 s after the failure');
    expect(csv).toContain(
      'size,pchat,4,0,80000,1,30000,true,0,,,21570,,,1,0,,,false,1,misses,,20000,30,,,0,20000',
    );
  });

  it('restores the failed servers --restore-after the failure, so time over capacity ends with it', async () => {
    const { code, text, csv } = await planAbsorbed('--restore-after', '30m', '--max-over-capacity', '30m');
    expect(code).toBe(0);
    expect(text).toContain('restored 1,800 s later (--restore-after)');
    expect(text).toContain(
      'every one that began after the warm-up, from the failure or the rebalancing of --restore-after',
    );
    // The survivors take pc4's users at 1h + 30 s and give those above capacity back to it at 1h30m:
    // 1,770 s over, within 30 minutes, where never restored they stay over to the end.
    expect(csv).toContain(
      'size,pchat,4,0,80000,1,30000,true,0,,,1770,,,0,0,,,true,1,meets,,20000,30,,,0,20000',
    );
  });

  it('holds the users-lost target beside blocking', async () => {
    const run = (...extra: string[]) =>
      cli(
        'plan',
        'scenarios/n-minus-1-refused.yaml',
        '--users',
        '80000',
        '--max-blocking',
        '100%',
        '--replications',
        '1',
        '--workers',
        '1',
        '--resolution',
        '20000',
        '--out',
        join(tempDir(), 'p'),
        ...extra,
      );
    // Any blocking and any loss allowed: one active server "meets" them, losing all 20,000 it held.
    expect((await run('--max-lost', '100%')).out.join('\n')).toContain(
      '1 active servers: the smallest count',
    );
    // By default at most 0.1% of the affected users may be lost: no count within the limits keeps them.
    const strict = (await run()).out.join('\n');
    expect(strict).toContain(
      "users lost ≤ 0.1%: the worst outage's share of its affected users who still wanted service",
    );
    expect(strict).toContain('no server count within the documented limits');
  });

  it('adds replications while an interval straddles a target, and never prints an impossible bound', async () => {
    const file = join(tempDir(), 'small.yaml');
    writeFileSync(
      file,
      `name: small
seed: 4
duration: 3h
topology:
  edition: enterprise
  pools:
    - name: p
      capacityPerServer: 20
      admissionLimitPerServer: 20
      servers: [{ name: a }, { name: b }, { name: c }]
workload:
  arrivals: { rate: 0.01 }
  session: { dist: exponential, mean: 1h }
  initialConnected: 36
  retry: { maxAttempts: 0 }
faults:
  - { at: 1h, fail: c }
`,
    );
    const out = join(tempDir(), 'p');
    const r = await cli(
      'plan',
      file,
      '--users',
      '40',
      '--max-blocking',
      '5%',
      '--replications',
      '2',
      '--max-replications',
      '7',
      '--resolution',
      '20',
      '--workers',
      '1',
      '--out',
      out,
    );
    expect(r.code).toBe(0);
    const text = r.out.join('\n');
    expect(text).not.toMatch(/\[-/);
    const [head, ...rows] = readFileSync(join(out, 'plan.csv'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const col = (name: string): string[] => rows.map((x) => x[(head ?? []).indexOf(name)] as string);
    // 2 to start, then batches of 5 up to 7: a row that stopped at 2 was decided, one at 7 may be undecided.
    for (const [n, d] of col('replications').map((n, i) => [n, col('decision')[i]]))
      expect(n === '2' ? ['meets', 'misses'] : ['meets', 'misses', 'undecided']).toContain(d);
    expect(col('replications')).toContain('7');
    for (const lo of [...col('blocking.ci95_lo'), ...col('lost.ci95_lo'), ...col('overCapacityS.ci95_lo')])
      expect(lo === '' || Number(lo) >= 0).toBe(true);
    for (const hi of [...col('blocking.ci95_hi'), ...col('lost.ci95_hi')]) expect(lo1(hi)).toBe(true);
  });

  it('takes every figure after --warmup', async () => {
    const out = join(tempDir(), 'p');
    const r = await cli(
      'plan',
      'scenarios/n-minus-1-refused.yaml',
      '--users',
      '80000',
      '--warmup',
      '1h',
      '--replications',
      '1',
      '--workers',
      '1',
      '--resolution',
      '20000',
      '--out',
      out,
    );
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toContain('every figure is taken after a 3,600 s warm-up (--warmup).');
    // From the failure at 1h on, only pc4's 20,000 reconnects sign in, and all are refused; with none
    // failed, the 80,000 refused at t = 0 of 160,000 are inside the warm-up and not counted.
    const csv = readFileSync(join(out, 'plan.csv'), 'utf8');
    expect(csv).toContain('size,pchat,4,0,80000,1,20000,true,1,,,0,,,0,1,,,false,1,misses,,20000,');
    expect(csv).toContain('largest,pchat,4,0,160000,0,20000,true,0,,,0,,,0,0,,,true,1,meets,');
  });

  it('moves a failure inside the warm-up to its end, however long the warm-up', async () => {
    // 2h: the failure at 1h would be inside the warm-up and seen by no figure; 6h: past the failure's
    // run (1h + 15,300 s), a variant whose warm-up outlasts it.
    for (const [warmup, at] of [
      ['2h', '7,200'],
      ['6h', '21,600'],
    ] as const) {
      const out = join(tempDir(), 'p');
      const r = await cli(
        'plan',
        'scenarios/n-minus-1-refused.yaml',
        '--users',
        '80000',
        '--warmup',
        warmup,
        '--replications',
        '1',
        '--workers',
        '1',
        '--resolution',
        '20000',
        '--out',
        out,
      );
      expect(r.err, warmup).toEqual([]);
      expect(r.code, warmup).toBe(0);
      expect(r.out.join('\n')).toContain(
        `with 1 active server failed at ${at} s (the end of the warm-up: the scenario's first server failure is inside it, at 3,600 s)`,
      );
      // As with the failure at the warm-up's end in the test above: pc4's 20,000 users are all refused.
      const csv = readFileSync(join(out, 'plan.csv'), 'utf8');
      expect(csv).toContain('size,pchat,4,0,80000,1,20000,true,1,,,0,,,0,1,,,false,1,misses,,20000,');
    }
  });

  it('refuses --fail-at inside the warm-up, before anything runs', async () => {
    const file = join(tempDir(), 'warm.yaml');
    const text = readFileSync('scenarios/n-minus-1-refused.yaml', 'utf8');
    writeFileSync(file, text.replace('duration: 2h', 'duration: 2h\nwarmup: 30m'));
    for (const [argv, line] of [
      [
        ['scenarios/n-minus-1-refused.yaml', '--warmup', '2h', '--fail-at', '1h'],
        '--fail-at: the failure comes at or after the end of the warm-up (7200 s, --warmup), since every figure is taken after it; received 3600 s',
      ],
      [
        [file, '--fail-at', '10m'],
        `--fail-at: the failure comes at or after the end of the warm-up (1800 s, ${file}'s warmup), since every figure is taken after it; received 600 s`,
      ],
    ] as const) {
      const out = join(tempDir(), 'o');
      const r = await cli('plan', ...argv, '--users', '80000', '--out', out);
      expect(r).toEqual({ code: 2, out: [], err: [line] });
      expect(existsSync(out)).toBe(false);
    }
  });

  it('fails at the peak after the warm-up, or at its end when the run has none after it', async () => {
    // 1,000 users leaving, none arriving: the most are on at t = 0, inside the warm-up.
    const file = join(tempDir(), 'leaving.yaml');
    writeFileSync(
      file,
      'name: leaving\nduration: 2h\nwarmup: 30m\ntopology: { edition: enterprise, pools: [ { name: p, capacityPerServer: 500, servers: [ { name: a }, { name: b } ] } ] }\nworkload: { initialConnected: 1000, session: { dist: exponential, mean: 1h } }\n',
    );
    const failAt = async (...extra: string[]): Promise<string> => {
      const dir = tempDir();
      const argv = [
        '--replications',
        '1',
        '--max-replications',
        '1',
        '--workers',
        '1',
        '--out',
        join(dir, 'o'),
      ];
      const r = await cli('plan', file, ...argv, ...extra);
      expect(r.code).toBe(0);
      return r.out.join('\n');
    };
    expect(await failAt()).toContain(
      'failed at 1,800 s (the peak of connected users after the warm-up in a run without failures)',
    );
    expect(await failAt('--warmup', '3h')).toContain(
      "failed at 10,800 s (the end of the warm-up: the scenario's run, 7,200 s long, ends inside it, so no peak of a run without failures follows it)",
    );
  });

  it('rejects bad targets with one line', async () => {
    const r = await cli(
      'plan',
      'scenarios/n-minus-1-refused.yaml',
      '--users',
      '80000',
      '--max-blocking',
      '150%',
    );
    expect(r.code).toBe(2);
    expect(r.err).toEqual([
      '--max-blocking: expected a percentage from 0% to 100%, like 0.1%; received "150%"',
    ]);
  });

  it('refuses a bare number for a percentage: 0.1 could be 0.1% or 10%', async () => {
    for (const [option, value] of [
      ['--max-blocking', '0.1'],
      ['--max-lost', '0'],
      ['--max-lost', '.5'],
    ] as const) {
      const out = join(tempDir(), 'o');
      const r = await cli(
        'plan',
        'scenarios/n-minus-1-refused.yaml',
        '--users',
        '80000',
        option,
        value,
        '--out',
        out,
      );
      expect(r).toEqual({
        code: 2,
        out: [],
        err: [`${option}: a percentage needs its % sign: write 0.1% or 10%; received "${value}"`],
      });
      expect(existsSync(out)).toBe(false);
    }
  });

  it('reports progress without a total: runs, simulated time and events only grow, candidates judged', async () => {
    const { plan, seen } = await planProgress();
    expect(seen.length).toBeGreaterThan(plan.evidence.length);
    const last = seen.at(-1) as Progress;
    expect(last.done).toBe(plan.evidence.reduce((n, r) => n + r.replications, 0));
    // The last report comes as the last run ends, before its candidates are judged.
    expect(last.judged).toBeGreaterThan(0);
    expect(last.judged).toBeLessThan(plan.evidence.length);
  });

  it('reports the run that finds the peak as it reports the candidates: counted, before any is judged', async () => {
    // Without its failure the template's failure instant is the peak of a run without failures.
    const { plan, seen, config } = await planProgress(true);
    expect(plan.failAtSource).toContain('the peak of connected users');
    // The peak's run reports from its start, and when it ends, before any candidate runs.
    expect(seen[0]).toEqual({ done: 0, total: 1, simulatedS: 0, events: 0, judged: 0 });
    const peak = seen.find((p) => p.done === 1) as Progress;
    expect(peak).toMatchObject({ total: 1, simulatedS: config.durationS, judged: 0 });
    // Every run of the plan is counted: the candidates' and the peak's.
    expect((seen.at(-1) as Progress).done).toBe(plan.evidence.reduce((n, r) => n + r.replications, 1));
  });

  it('refuses --users that would scale a sign-in rate past its bound, before anything runs', async () => {
    const out = join(tempDir(), 'o');
    const r = await cli('plan', 'scenarios/monday-measured.yaml', '--users', '50000000', '--out', out);
    expect(r).toEqual({
      code: 2,
      out: [],
      err: [
        "--users 50000000: the plan multiplies the scenario's sign-in rates by 100,000 (--users / its 500 users on at t = 0), which makes its peak of 12 per second 1,200,000 per second; a rate is at most 1e6 sign-ins per second (assumption), so this scenario plans at most 41666666 users",
      ],
    });
    expect(existsSync(out)).toBe(false);
    // 12/s (21,600 sign-ins in 30 min of monday-signins.csv) × 41,666,666 / 500 ≤ 1e6 < × 41,666,667 / 500.
    const { config } = await readScenarioData('scenarios/monday-measured.yaml');
    expect(maxVariantUsers(config)).toBe(41_666_666);
    expect(() => checkPlanUsers(config, 41_666_666)).not.toThrow();
    expect(() => checkPlanUsers(config, 41_666_667)).toThrow(/1,000,000\.008 per second/);
  });

  it('refuses --users that would scale a closed population past what the simulator counts', async () => {
    const file = join(tempDir(), 'closed.yaml');
    writeFileSync(
      file,
      'name: closed\nduration: 2h\ntopology:\n  edition: enterprise\n  pools:\n    - name: p\n      servers: [{ name: a }]\nworkload:\n  population: 150000\n  initialConnected: 100\n  session: { dist: exponential, mean: 30m }\n  offTime: { dist: exponential, mean: 30m }\n',
    );
    const out = join(tempDir(), 'o');
    const r = await cli('plan', file, '--users', '5000000', '--out', out);
    expect(r).toEqual({
      code: 2,
      out: [],
      err: [
        "--users 5000000: the plan multiplies the scenario's closed population by 50,000 (--users / its 100 users on at t = 0), which makes its population of 150,000 7,500,000,000 users; the simulator counts at most 2147483647 users, so this scenario plans at most 1431655 users",
      ],
    });
    expect(existsSync(out)).toBe(false);
    // 150,000 × 1,431,655 / 100 = 2,147,482,500 ≤ 2^31 − 1 < 150,000 × 1,431,656 / 100.
    const { config } = await readScenarioData(file);
    expect(maxVariantUsers(config)).toBe(1_431_655);
  });

  it('stops the largest-user search at the most users whose scaled rate stays within its bound', async () => {
    const probed: number[] = [];
    const allMeet = {
      evaluate: (vs: readonly Variant[]): Promise<EvidenceRow[]> => {
        probed.push(...vs.map((v) => v.users));
        return Promise.resolve(vs.map(() => ({ meets: true }) as EvidenceRow));
      },
    };
    const [s] = await largestUsers(allMeet, 0, 3600, [0], {
      from: 2000,
      planned: null,
      res: 100,
      start: 2000,
      cap: 5000,
    });
    expect(probed).toEqual([2000, 4000, 5000]);
    expect(s).toMatchObject({ lo: 5000, capped: true });
    probed.length = 0;
    const [below] = await largestUsers(allMeet, 0, 3600, [0], {
      from: 2000,
      planned: null,
      res: 100,
      start: 2000,
      cap: 1500,
    });
    expect(probed).toEqual([1500]);
    expect(below).toMatchObject({ lo: 1500, capped: true });
  });

  it("grows from the template's users along the halving search's counts, to the same answer", async () => {
    // From capacity (the template's users at or above it), the search halves down: 80,000, 40,000, ...
    expect((await searchTo(80_000, null, 1234)).probed.slice(0, 4)).toEqual([80_000, 80_000, 40_000, 40_000]);
    // From 500 users it tries 600, 1,200, 2,500, 5,000 ... (the halving search's counts) until one misses.
    expect((await searchTo(500, null, 1234)).probed.slice(0, 6)).toEqual([600, 600, 1200, 1200, 2500, 2500]);
    for (const most of MOSTS)
      for (const from of [1, 100, 500, 5000, 70_000]) {
        const [grown, halved] = [await searchTo(from, null, most), await searchTo(80_000, null, most)];
        expect(grown.los).toEqual(halved.los);
        expect(Math.max(...grown.probed.filter((u) => u > most * 2))).toBeLessThanOrEqual(
          Math.max(...halved.probed.filter((u) => u > most * 2)),
        );
      }
  });

  it('with --users starts from the users planned for, to the same answer', async () => {
    // 40,000 planned on a template of 70,000 whose servers carry 5,000 with 1 failed, 10,000 with none:
    // 40,000 first, then down, 18 candidates where growing from the template's users tried 20 (80,000 first).
    const [planned, template] = [await searchTo(70_000, 40_000, 5000), await searchTo(70_000, null, 5000)];
    expect(planned.probed.slice(0, 4)).toEqual([40_000, 40_000, 20_000, 20_000]);
    expect([planned.probed.length, template.probed.length]).toEqual([18, 20]);
    // Far above what a template of 500 carries, 40,000 miss: it grows from the template's users after all
    // (600, 1,200 ...), two candidates more than without --users, not halving down from 40,000.
    const small = await searchTo(500, 40_000, 100);
    expect(small.probed.slice(0, 6)).toEqual([40_000, 40_000, 600, 600, 300, 300]);
    expect(small.probed.length).toBe((await searchTo(500, null, 100)).probed.length + 2);
    for (const most of MOSTS)
      for (const from of [100, 500, 70_000])
        for (const users of [100, 20_000, 40_000, 50_000, 80_000, 300_000]) {
          const [grown, halved] = [await searchTo(from, users, most), await searchTo(80_000, null, most)];
          expect(grown.probed.slice(0, 2)).toEqual([users, users]);
          expect(grown.los).toEqual(halved.los);
        }
  });

  it('marks the search with none failed capped on its own when only it reaches the cap', async () => {
    // With 1 failed the targets hold up to 3,000 users; with none, at every count up to the cap of 5,000.
    const meetsTo3000 = {
      evaluate: (vs: readonly Variant[]): Promise<EvidenceRow[]> =>
        Promise.resolve(vs.map((v) => ({ meets: v.failed === 0 || v.users <= 3000 }) as EvidenceRow)),
    };
    const [withK, none] = await largestUsers(meetsTo3000, 0, 3600, [1, 0], {
      from: 2000,
      planned: null,
      res: 100,
      start: 2000,
      cap: 5000,
    });
    expect(withK).toMatchObject({ lo: 3000, capped: false });
    expect(none).toMatchObject({ lo: 5000, capped: true });
  });

  it('says "at least" before the largest count with none failed when that search stopped at its cap', async () => {
    // 2 servers admitting 10 users each, sessions longer than any run, nothing arriving: of U users on
    // at t = 0, U − 20 are refused (blocking (U − 20)/U with none failed). Failing one server at 10m
    // cuts its users; in the failure window their reconnects are the only first sign-ins, all refused
    // once the survivor is full (U ≥ 20), so 1 failed holds to 10; none failed holds at 320 = 16 × the
    // 20 admitted, where the search stops growing.
    const file = join(tempDir(), 'cap.yaml');
    writeFileSync(
      file,
      'name: cap\nduration: 2h\nsampleEvery: 10m\ntopology:\n  edition: enterprise\n  pools:\n    - name: p\n      capacityPerServer: 10\n      admissionLimitPerServer: 10\n      servers: [{ name: a }, { name: b }]\nworkload:\n  initialConnected: 20\n  session: { dist: fixed, mean: 1d }\n',
    );
    const out = join(tempDir(), 'o');
    const r = await cli(
      'plan',
      file,
      '--max-blocking',
      '93.8%',
      '--fail-at',
      '10m',
      '--replications',
      '1',
      '--workers',
      '1',
      '--resolution',
      '10',
      '--out',
      out,
    );
    expect(r.code).toBe(0);
    const answer =
      "largest user count on the scenario's own servers in pool p (2 active + 0 standby), to the nearest 10: 10 with 1 failed; at least 320 with none.";
    expect(r.out.join('\n')).toContain(`\n${answer}\n`);
    // The answer block ends with it, before the targets and how the plan judged.
    const txt = readFileSync(join(out, 'plan.txt'), 'utf8');
    expect(txt).toContain(`\n${answer}\n\ntargets, with 1 active server failed`);
    // The evidence: none failed met the targets at every count tried, up to 320 and no further.
    const rows = readFileSync(join(out, 'plan.csv'), 'utf8').trim().split('\n').slice(1);
    const none = rows.map((l) => l.split(',')).filter((c) => c[5] === '0');
    expect(none.map((c) => [Number(c[4]), c[18]])).toEqual([20, 40, 80, 160, 320].map((u) => [u, 'true']));
  });
});

describe('plan: standbys beyond the failures', () => {
  const dilution = (extra = '', standbySite = 'dc1'): string => `name: dilution
seed: 3
duration: 2h
sampleEvery: 5m
topology:
  edition: enterprise
  pools:
    - name: pchat
      capacityPerServer: 2000
      admissionLimitPerServer: 2000
      servers: [{ name: pc1, site: dc1 }, { name: pc2, site: dc1 }, { name: pc3, site: dc1 }, { name: pc4, site: dc1 }, { name: pc5, site: dc1, role: standby }, { name: pc6, site: ${standbySite}, role: standby }]
workload:
  arrivals: { rate: 0.8333 }
  session: { dist: exponential, mean: 2h }
  initialConnected: 6000
  reconnectDelay: { dist: exponential, mean: 30s }
faults: [{ at: 1h, fail: pc4 }]
failover: { promoteStandbyAfter: 15m }
${extra}`;
  const template = async (yaml: string): Promise<PlanTemplate> => {
    const file = join(tempDir(), 'd.yaml');
    writeFileSync(file, yaml);
    return { file, ...(await readScenarioData(file)) };
  };

  it('simulates at most k standbys when one site holds them and no action uses them', async () => {
    expect(promotableStandbys(await template(dilution()), 0, 1, 4, 3600)).toBe(1);
    expect(promotableStandbys(await template(dilution()), 0, 2, 4, 3600)).toBe(2);
    // Promotion prefers the database's site: with standbys in two sites, which one is promoted depends on the count.
    expect(promotableStandbys(await template(dilution('', 'dc2')), 0, 1, 4, 3600)).toBeNull();
    expect(
      promotableStandbys(await template(dilution('actions: [{ at: 90m, activate: pc6 }]\n')), 0, 1, 4, 3600),
    ).toBeNull();
  });

  it('gets the same figures from 4 active + 1 standby as from + 3 with one failed (what the copies rely on)', async () => {
    const t = await template(dilution());
    const v = { pool: 0, users: 6000, failed: 1, failAtS: 3600 };
    const a = simulate(buildVariant(t, { ...v, count: '4+1' }).config);
    const b = simulate(buildVariant(t, { ...v, count: '4+3' }).config);
    expect(a.signIns.firstRefused).toBeGreaterThan(0);
    expect([b.signIns, b.users, b.outages, b.events_processed]).toEqual([
      a.signIns,
      a.users,
      a.outages,
      a.events_processed,
    ]);
  });

  it('repeats the k-standby row for more standbys, marked, without running them', async () => {
    const t = await template(dilution());
    const out = join(tempDir(), 'o');
    const r = await cli(
      'plan',
      t.file,
      '--users',
      '6000',
      '--replications',
      '1',
      '--max-replications',
      '1',
      '--resolution',
      '2000',
      '--workers',
      '1',
      '--out',
      out,
    );
    expect(r.code).toBe(0);
    const [head, ...rows] = readFileSync(join(out, 'plan.csv'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const col = (row: string[], name: string): string => row[(head ?? []).indexOf(name)] ?? '';
    const size = rows.filter((x) => col(x, 'purpose') === 'size');
    // 1 to 4 active, each with 0 to 4 standby; only 0 and 1 standby simulated.
    expect(size.map((x) => `${col(x, 'active')}+${col(x, 'standby')}:${col(x, 'sameAs')}`)).toEqual(
      [1, 2, 3, 4].flatMap((a) => [`${a}+0:`, `${a}+1:`, `${a}+2:${a}+1`, `${a}+3:${a}+1`, `${a}+4:${a}+1`]),
    );
    const [from, sameAt] = [(head ?? []).indexOf('blocking.mean'), (head ?? []).indexOf('sameAs')];
    const figures = (x: string[]): string[] => x.filter((_, i) => i >= from && i !== sameAt);
    for (const x of size.filter((y) => col(y, 'sameAs') !== ''))
      expect(figures(x)).toEqual(
        figures(size.find((y) => `${col(y, 'active')}+${col(y, 'standby')}` === col(x, 'sameAs')) ?? []),
      );
    expect(r.out.join('\n')).toContain('same as 4+1: only 1 standby can be promoted');
  });
});
