// The capacity plan in words: the targets and how they are checked, the evidence table, and per pool
// the answer with its reasoning; written to plan.txt, with the evidence rows in plan.csv.
import { join } from 'node:path';
import { writeFileAtomic } from '../../io/atomic-file.js';
import { CsvFile } from '../../io/csv-file.js';
import { NO_ADMISSION_LIMIT } from '../../model/config.js';
import { DOC_LIMITS } from '../../model/limits.js';
import { LIMITS } from '../../scenario/rules.js';
import { round9 } from '../aggregate/aggregate.js';
import { formatStats } from '../replications/experiment-text.js';
import { RUN_PAST_TARGET_S, type EvidenceRow } from './plan-evaluator.js';
import { BATCH, LookLevel, looks } from './plan-interval.js';
import type { PlanResult, PoolPlan } from './plan.js';

const n = (x: number): string => x.toLocaleString('en-US');

function servers(r: EvidenceRow): string {
  return `${r.active} active${r.standby > 0 ? ` + ${r.standby} standby` : ''}`;
}

/** plan.csv: one row per evaluated scenario. */
export const PLAN_CSV_HEADER = [
  'purpose',
  'pool',
  'active',
  'standby',
  'users',
  'failed',
  'admission',
  'supported',
  'blocking.mean',
  'blocking.ci95_lo',
  'blocking.ci95_hi',
  'overCapacityS.mean',
  'overCapacityS.ci95_lo',
  'overCapacityS.ci95_hi',
  'overCapacityAtEnd',
  'lost.mean',
  'lost.ci95_lo',
  'lost.ci95_hi',
  'meets',
  'replications',
  'decision',
  'sameAs',
];

/** The evidence rows of plan.csv, in evaluation order (columns as PLAN_CSV_HEADER). */
export function planCsvRows(result: PlanResult): (string | number)[][] {
  const c = (x: number): number | string => round9(x) ?? '';
  return result.evidence.map((r) => [
    r.purpose,
    r.pool,
    r.active,
    r.standby,
    r.users,
    r.failed,
    r.admission,
    String(r.supported),
    c(r.blocking.mean),
    c(r.blocking.lo),
    c(r.blocking.hi),
    c(r.overCapacityS.mean),
    c(r.overCapacityS.lo),
    c(r.overCapacityS.hi),
    r.overCapacityAtEnd,
    c(r.lost.mean),
    c(r.lost.lo),
    c(r.lost.hi),
    String(r.meets),
    r.replications,
    r.decision,
    r.sameAs ?? '',
  ]);
}

/** " (still over at the end in 2 of 3)": the time over capacity was cut by the run's end. */
function stillOver(r: EvidenceRow): string {
  return r.overCapacityAtEnd === 0
    ? ''
    : ` (still over at the end in ${r.overCapacityAtEnd} of ${r.overCapacityS.of})`;
}

function table(rows: readonly EvidenceRow[]): string[] {
  const head = [
    'purpose',
    'pool',
    'active',
    'standby',
    'users',
    'failed',
    'admission',
    'blocking',
    's over capacity (worst server)',
    'lost',
    'runs',
    'meets',
    'note',
  ];
  const cells = rows.map((r) => [
    r.purpose,
    r.pool,
    String(r.active),
    String(r.standby),
    n(r.users),
    String(r.failed),
    (r.admission === NO_ADMISSION_LIMIT ? 'none' : n(r.admission)) + (r.supported ? '' : ' *'),
    formatStats(r.blocking, true),
    formatStats(r.overCapacityS) + stillOver(r),
    formatStats(r.lost, true),
    r.sameAs === null ? String(r.replications) : '-',
    r.decision === 'undecided' ? 'undecided (a miss)' : r.meets ? 'yes' : 'no',
    r.sameAs === null
      ? ''
      : `same as ${r.sameAs}: only ${r.failed} standby${r.failed === 1 ? '' : 's'} can be promoted`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]): string =>
    c
      .map((x, i) => x.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(head), ...cells.map(line)];
}

function poolAnswer(p: PoolPlan, k: number, whole: string): string[] {
  const out: string[] = [];
  if (p.users !== null) {
    out.push(`answer for pool ${p.pool}, ${n(p.users)} users with ${k} failed:`);
    if (p.sized !== null)
      out.push(`  ${servers(p.sized)} servers: the smallest count that meets the targets${whole}.`);
    else {
      out.push(
        `  no server count within the documented limits (at most ${LIMITS.maxActivePerPool} active and ${LIMITS.maxServersPerPool} servers per pool [doc]) meets the targets.`,
      );
      const b = p.beyondLimits;
      out.push(
        b !== null
          ? `  ${servers(b)} servers would, beyond the documented limit of ${LIMITS.maxActivePerPool} active (unsupported)${whole}.`
          : '  nor do up to ' +
              `${LIMITS.maxActivePerPool + Math.max(1, k)} active servers beyond the limit.`,
      );
      const o = p.overload;
      if (o !== null) {
        out.push(
          `  ${servers(o)} with admission ${n(o.admission)} per server (the documented overload after a failure [doc]): blocking ${formatStats(o.blocking, true)}, users lost ${formatStats(o.lost, true)}, worst server ${formatStats(o.overCapacityS)} s over capacity${stillOver(o)}: ${o.meets ? 'meets the targets' : o.decision === 'undecided' ? `undecided after ${o.replications} replications (counted as a miss)` : 'misses the targets'}${whole}.`,
        );
      }
      out.push(
        `  so within the documented limits, ${n(p.users)} users with ${k} failed means accepting refusals, running the survivors over capacity, or fewer users per pool.`,
      );
    }
  }
  const atLeast = (capped: boolean, users: number): string => `${capped ? 'at least ' : ''}${n(users)}`;
  out.push(
    `largest user count on the scenario's own servers in pool ${p.pool} (${p.templateActive} active + ${p.templateStandby} standby), to the nearest ${n(p.resolution)}: ${atLeast(p.largestIsLowerBound, p.largest)} with ${k} failed; ${atLeast(p.largestNoFailureIsLowerBound, p.largestNoFailure)} with none${whole}.`,
  );
  if (p.users !== null && p.largestNoFailure >= p.users && p.largest < p.users) {
    out.push(
      `  so these ${p.templateActive} active servers carry ${n(p.users)} users only without a failure.`,
    );
  }
  return out;
}

/**
 * The first line when the users asked for pass a documented limit of the whole deployment: 80,000
 * concurrent across all pools [doc] (and above 150,000, the users that can be enabled [doc]); null within.
 */
export function deploymentLine(users: number | null): string | null {
  if (users === null || users <= DOC_LIMITS.supportedUsersAllPools) return null;
  const over = `${n(users)} concurrent users is over the ${n(DOC_LIMITS.supportedUsersAllPools)} supported across all pools [doc]: no server count makes that supported`;
  return users > DOC_LIMITS.provisionedUsers
    ? `${over}; it is also over the ${n(DOC_LIMITS.provisionedUsers)} users that can be enabled for Persistent Chat [doc], so not all of them could even sign in.`
    : `${over}.`;
}

/** How the plan judged, after the answer: the targets, the method, the workload and the assumptions. */
function method(r: PlanResult): (string | null)[] {
  const o = r.options;
  const k = o.nMinus;
  const level = new LookLevel(o);
  const pct = (x: number): string => `${Number((x * 100).toPrecision(3))}%`;
  return [
    `targets: blocking ≤ ${(o.maxBlocking * 100).toFixed(3)}%, users lost ≤ ${(o.maxLost * 100).toFixed(3)}% and at most ${n(o.maxOverCapacityS)} s over capacity on any server, with ${k} active server${k === 1 ? '' : 's'} failed at ${n(r.failAtS)} s (${r.failAtSource}) and not restored; the scenario's own faults are left out.`,
    `each row starts with ${o.replications} run${o.replications === 1 ? '' : 's'} (replications) and adds ${BATCH} at a time, up to ${o.maxReplications}, while a target's bounds straddle it; a figure reads mean [lower, upper], the bounds the decision used. A row meets the targets when every upper bound is within them, misses when a lower bound is beyond one (or a server is still over capacity when its run ends), and is undecided, counted as a miss, when one still straddles at ${o.maxReplications}. The run is the unit (refusals come in bursts): the upper bound is the share of runs with any (Clopper–Pearson) times the figure in those runs (log scale); every look decides at ${pct(level.alpha)} one-sided (2.5% over the ${looks(o)} looks a row may have), so a row whose true figure equals its target is declared to meet it at most 2.5% of the time; a row with none in every run meets only after ${level.zeroRuns} runs, its upper bound then −ln(${pct(level.alpha)}) / the first attempts, never 0.`,
    `every row runs at least ${n(o.maxOverCapacityS + RUN_PAST_TARGET_S)} s after the failure (the over-capacity target + 1 h), longer than the scenario if need be; a row with a server still over capacity when its run ended misses the over-capacity target.`,
    o.users === null || r.baseUsers <= 0
      ? null
      : `workload: the scenario's ${n(r.baseUsers)} users on at t = 0 become ${n(o.users)} (×${Number((o.users / r.baseUsers).toPrecision(4))}); its arrival rates (a profile or a measured profile file included) and its closed population are multiplied by the same factor.`,
    `any ${k} failed: the servers of a pool are interchangeable in the model (same capacity, admission and balancing), so failing the last ${k} active server${k === 1 ? '' : 's'} is as bad as failing any ${k}.`,
    o.warmupS === null
      ? null
      : `every figure is taken after a ${n(o.warmupS)} s warm-up (the scenario's warmup).`,
    r.pools.length > 1
      ? 'pools share no servers or failover, so each pool is sized on its own, with its share of the users.'
      : null,
    r.pools[0]?.standbyNote ?? null,
    'the largest-user search assumes more users never lower blocking or time over capacity.',
  ];
}

/** The whole plan as text lines: the answer first, then how it was judged, then the evidence. */
export function planText(r: PlanResult, file: string): string {
  const k = r.options.nMinus;
  const deployment = deploymentLine(r.options.users);
  const whole = deployment === null ? '' : ' (unsupported as a whole)';
  const lines = [
    deployment,
    `plan for ${r.scenario} (${file})`,
    ...r.pools.flatMap((p) => poolAnswer(p, k, whole)),
    '',
    'how it was judged:',
    ...method(r),
    '',
    'evidence (* = beyond the documented limits, run with allowUnsupported):',
    ...table(r.evidence),
  ];
  return lines.filter((l): l is string => l !== null).join('\n');
}

/** Writes plan.txt (the text) and plan.csv (the evidence) into `dir`; returns the text. */
export async function writePlan(r: PlanResult, file: string, dir: string): Promise<string> {
  const body = planText(r, file);
  const csv = new CsvFile(join(dir, 'plan.csv'), PLAN_CSV_HEADER);
  for (const row of planCsvRows(r)) csv.write(row);
  await csv.close();
  writeFileAtomic(join(dir, 'plan.txt'), `${body}\n`);
  return body;
}
