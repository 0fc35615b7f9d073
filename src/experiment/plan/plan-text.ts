// The capacity plan in words: the targets and how they are checked, the evidence table, and per pool
// the answer with its reasoning; written to plan.txt, with the evidence rows in plan.csv.
import { join } from 'node:path';
import { writeFileAtomic } from '../../io/atomic-file.js';
import { CsvFile } from '../../io/csv-file.js';
import { DOC_LIMITS } from '../../model/limits.js';
import { LIMITS } from '../../scenario/rules.js';
import { formatStats } from '../replications/experiment-text.js';
import type { EvidenceRow } from './plan-evaluator.js';
import { BATCH, LookLevel, looks } from './plan-interval.js';
import { evidenceLegend, lostText, rehomeText, stillOver, withFailed } from './evidence-columns.js';
import { evidenceTable, PLAN_CSV_HEADER, planCsvRows } from './plan-table.js';
import { writePlanReport } from './plan-report.js';
import type { PlanResult, PoolPlan } from './plan.js';

const n = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 0 });

function servers(r: EvidenceRow): string {
  return `${r.active} active${r.standby > 0 ? ` + ${r.standby} standby` : ''}`;
}

/** A row's verdict in words. */
function verdict(r: EvidenceRow): string {
  if (r.meets) return 'meets the targets';
  return r.decision === 'undecided'
    ? `undecided after ${r.replications} runs (counted as a miss)`
    : 'misses the targets';
}

/** The overload row: 4 active, the survivors allowed up to 1.5 × capacity, and what that gives. */
function overloadLine(o: EvidenceRow, whole: string): string {
  return `  ${servers(o)}, the survivors allowed up to ${n(o.capacity)} users each (1.5 × capacityPerServer: the documented overload after a failure, "as many as 30,000" at 20,000 [doc]): blocking ${formatStats(o.blocking, true)}, users lost ${lostText(o)}, worst server ${formatStats(o.overCapacityS)} s over ${n(o.capacity)}${stillOver(o)}, 95% back ${rehomeText(o)}: ${verdict(o)}${whole}.`;
}

function poolAnswer(p: PoolPlan, k: number, whole: string): string[] {
  const out: string[] = [];
  if (p.users !== null) {
    out.push(`answer for pool ${p.pool}, ${n(p.users)} users ${withFailed(k)}:`);
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
      if (p.overload !== null) out.push(overloadLine(p.overload, whole));
      out.push(
        `  so within the documented limits, ${n(p.users)} users ${withFailed(k)} means accepting refusals, running the survivors over capacity, or fewer users per pool.`,
      );
    }
  }
  out.push(
    `largest user count on the scenario's own servers in pool ${p.pool} (${p.templateActive} active + ${p.templateStandby} standby), to the nearest ${n(p.resolution)}: ${largestFigures(p, k, '; ')}${whole}.`,
  );
  if (p.users !== null && p.largestNoFailure >= p.users && p.largest < p.users) {
    out.push(
      `  so these ${p.templateActive} active servers carry ${n(p.users)} users only without a failure.`,
    );
  }
  return out;
}

/**
 * The most users a pool's own servers carry (the first figure followed by `unit`): with k failed, then
 * with none; with --n-minus 0 the two are one search, said once.
 */
function largestFigures(p: PoolPlan, k: number, between: string, unit = ''): string {
  const atLeast = (capped: boolean, users: number): string => `${capped ? 'at least ' : ''}${n(users)}`;
  const withK = `${atLeast(p.largestIsLowerBound, p.largest)}${unit} ${withFailed(k)}`;
  if (k === 0) return withK;
  return `${withK}${between}${atLeast(p.largestNoFailureIsLowerBound, p.largestNoFailure)} with none`;
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

/**
 * With no sign-in rate set, what the plan's runs assume (unlimited sign-in throughput) and, per pool
 * with an answer, a floor of re-homing the failed servers' users: at 10 sign-ins/s, the capacity
 * model's peak join rate read as sign-ins [doc, ambiguous].
 */
function throughputLines(r: PlanResult, k: number): string[] {
  if (!r.unlimitedSignIns) return [];
  const floors = r.pools.flatMap((p) => {
    const active = p.sized?.active ?? p.templateActive;
    if (p.users === null || active <= 0 || k <= 0) return [];
    const users = Math.round((p.users * Math.min(k, active)) / active);
    return [
      `pool ${p.pool}: the ${n(users)} users of ${k} failed server${k === 1 ? '' : 's'} (of ${active} active) take at least ${n(Math.ceil(users / LIMITS.peakJoinRatePerS))} s to sign in again at ${LIMITS.peakJoinRatePerS} sign-ins/s`,
    ];
  });
  return [
    `sign-in throughput: the scenario sets no signInRatePerServer or signInRatePerPool, so every run assumes unlimited sign-in throughput (users sign in again as soon as they retry).${floors.length === 0 ? '' : ` Floors, not estimates, at the capacity model's peak join rate read as sign-ins [doc, ambiguous]: ${floors.join('; ')}.`} After a long outage a client may wait up to ${n(Math.round(r.retryMaxWaitS))} s (retry.maxDelay × (1 + jitter)) before its next try.`,
  ];
}

const targetPct = (x: number): string => `${Number((x * 100).toPrecision(6))}%`;

/**
 * What each target measures with --n-minus 0: nothing fails, so every figure is over the whole run
 * (the summary's window) and no user is to be back from a failure.
 */
function wholeRunTargetLines(r: PlanResult): string[] {
  const o = r.options;
  return [
    "targets, with no server failed (--n-minus 0), each over the whole run; the scenario's own faults are left out:",
    `  blocking ≤ ${targetPct(o.maxBlocking)}: refused first sign-ins / first sign-ins over the whole run;`,
    `  users lost ≤ ${targetPct(o.maxLost)} of the users who wanted service in the run (the mean per run is beside each row: "of N"): those who gave up;`,
    `  time over capacity ≤ ${n(o.maxOverCapacityS)} s: the worst server's seconds above its capacityPerServer over the whole run; a server still over capacity when its run ends misses;`,
    `  95% back: none, as nothing fails (each row reads "no failure")${o.maxRehomeS === null ? '' : ', so --max-rehome holds in every row'}.`,
  ];
}

/** The servers the plan's drains of one mode name, each once, in name order. */
function drained(r: PlanResult, forced: boolean): string {
  return [...new Set(r.drains.filter((d) => d.forced === forced).map((d) => d.server))].join(', ');
}

/**
 * Which outages the targets judge, a line: every one after the warm-up from the failure, a forced drain
 * some candidate keeps or a --restore-after rebalancing (those the plan's runs can have), and how they
 * combine; a kept soft drain opens none.
 */
function outagesLine(r: PlanResult): string {
  const forced = drained(r, true);
  const soft = drained(r, false);
  const from = [
    'the failure',
    ...(forced === '' ? [] : [`a forced drain (of ${forced})`]),
    ...(r.settings.restoreAfterS === null ? [] : ['the rebalancing of --restore-after']),
  ];
  const sources = from.length === 1 ? from[0] : `${from.slice(0, -1).join(', ')} or ${from.at(-1)}`;
  const softNote =
    soft === ''
      ? ''
      : ` (a soft drain, of ${soft}, opens none: its server keeps its users, though fewer servers then take sign-ins)`;
  return `  the outages judged: every one that began after the warm-up, from ${sources}, each over its own window${softNote}; for blocking and users lost, those that began at one instant (servers failing together) count as one outage, and the worst outage's are judged (not a total: windows may overlap, and a total would dilute one outage's loss with users another never touched); 95% back is the slowest single server's outage's (servers failing together taken one by one: never shorter than for all their users at once);`;
}

/** What each target measures, and over which window. */
export function targetLines(r: PlanResult): (string | null)[] {
  const o = r.options;
  const k = o.nMinus;
  const refusing = r.refuses
    ? null
    : 'nobody can be refused in this scenario (no admissionLimitPerServer, no sign-in rate): blocking is 0 by construction, so the answer is set by time over capacity (--max-over-capacity, default 0 s) and users lost.';
  if (k === 0) return [...wholeRunTargetLines(r), refusing];
  const w = r.settings.window;
  const restore =
    r.settings.restoreAfterS === null
      ? 'not restored'
      : `restored ${n(r.settings.restoreAfterS)} s later (--restore-after), active again and taking the users above capacity from the others (a rebalancing: an outage of theirs)`;
  return [
    `targets, with ${k} active server${k === 1 ? '' : 's'} failed at ${n(r.failAtS)} s (${r.failAtSource}), ${restore}; the scenario's own faults are left out:`,
    outagesLine(r),
    `  blocking ≤ ${targetPct(o.maxBlocking)}: the worst outage's refused first sign-ins / first sign-ins within its window (a cut-off user's reconnection is a first sign-in);`,
    `  users lost ≤ ${targetPct(o.maxLost)}: the worst outage's share of its affected users who still wanted service (their mean per run is beside each row: "of N"): those who gave up, or were not back by its window's end;`,
    `  time over capacity ≤ ${n(o.maxOverCapacityS)} s: the worst server's seconds above its capacityPerServer from the warm-up's end to the run's end, before the failure too (a drain may put a server over), not windowed; a server still over capacity when its run ends misses;`,
    o.maxRehomeS === null
      ? "  95% back: reported, not judged (no --max-rehome): the slowest outage's seconds from its start until 95% of its affected users who still wanted service were back, within its window;"
      : `  95% back within ≤ ${n(o.maxRehomeS)} s (--max-rehome): the slowest outage's seconds from its start until 95% of its affected users who still wanted service were back; a run where that did not happen within an outage's window misses;`,
    `  an outage's window: from its start until every affected user who still wants service is back, gave up or left, at most ${n(w.maxS)} s after it, plus ${n(w.settleS)} s to settle (--window, --settle; the scenario's outageWindow by default). With none failed (the largest-user search), blocking, users lost and time over capacity are over the whole run, which ends when the runs with a failure do, and nobody is to be back ("no failure").`,
    refusing,
  ];
}

/**
 * Which `k` servers fail, and whether they stand for any k: interchangeable until a drain a candidate
 * keeps names one of its active servers (`activeDrained`).
 */
function failedLine(k: number, activeDrained: readonly string[]): string {
  const last = k === 1 ? 'the last active server' : `the last ${k} active servers`;
  if (activeDrained.length === 0)
    return `any ${k} failed: the servers of a pool are interchangeable in the model (same capacity, admission and balancing), so failing ${last} is as bad as failing any ${k}.`;
  return `${k} failed: ${last} that no drain names (else the last drained ones), since failing a drained server is the milder case: a drain after the failure becomes a no-op, and one before it has already closed the server to sign-ins (a forced one emptied it), so the failure cuts fewer users and leaves as many servers taking them. The drains of ${activeDrained.join(', ')} make the servers differ, so another choice of ${k} could do worse, and the plan tries only this one.`;
}

/** Where the largest-user search starts and how it goes on, with --users (`planned`) or without. */
function searchSteps(planned: boolean): string {
  const grows =
    'until a count misses (past the active servers × capacityPerServer only while every count meets)';
  return planned
    ? `starts from the users planned for (each pool's share of --users, down to its resolution) and about doubles ${grows}; if they miss, it grows from the scenario's users on at t = 0 up to them instead; then it bisects`
    : `starts from the scenario's users on at t = 0, about doubles ${grows}, then bisects`;
}

/** How the plan judged, after the answer: the method, the workload and the assumptions. */
export function methodLines(r: PlanResult): (string | null)[] {
  const o = r.options;
  const k = o.nMinus;
  const level = new LookLevel(o);
  const pct = (x: number): string => `${Number((x * 100).toPrecision(3))}%`;
  return [
    `each row starts with ${o.replications} run${o.replications === 1 ? '' : 's'} (replications) and adds ${BATCH} at a time, up to ${o.maxReplications}, while a target's bounds straddle it; a figure reads mean [lower, upper], the bounds the decision used. A row meets the targets when every upper bound is within them, misses when a lower bound is beyond one (or a server is still over capacity when its run ends), and is undecided, counted as a miss, when one still straddles at ${o.maxReplications}. The run is the unit (refusals come in bursts): the upper bound is the share of runs with any (Clopper–Pearson) times the figure in those runs (log scale); every look decides at ${pct(level.alpha)} one-sided (2.5% over the ${looks(o)} looks a row may have), so a row whose true figure equals its target is declared to meet it at most 2.5% of the time; a row with none in every run meets only after ${level.zeroRuns} runs, its upper bound then −ln(${pct(level.alpha)}) / the first attempts, never 0.`,
    `every row runs ${k === 0 ? `to ${n(r.failAtS + r.settings.runAfterFailS)} s, as a row with a failure at ${n(r.failAtS)} s (${r.failAtSource}) would: ` : ''}${n(r.settings.runAfterFailS)} s after the failure (an outage's window at its most and its settle, or the over-capacity target + 1 h, whichever is longer), whatever the scenario's duration, so no figure depends on it.`,
    o.users === null || r.baseUsers <= 0
      ? null
      : `workload: the scenario's ${n(r.baseUsers)} users on at t = 0 become ${n(o.users)} (×${Number((o.users / r.baseUsers).toPrecision(4))}); its arrival rates (a profile or a measured profile file included) and its closed population are multiplied by the same factor.`,
    ...r.templateNotes,
    k === 0 ? null : failedLine(k, r.activeDrained),
    r.warmupS > 0
      ? `every figure is taken after a ${n(r.warmupS)} s warm-up (${o.warmupS === null ? "the scenario's warmup" : '--warmup'}).`
      : null,
    r.pools.length > 1
      ? 'pools share no servers or failover, so each pool is sized on its own, with its share of the users.'
      : null,
    r.pools[0]?.standbyNote ?? null,
    `the largest-user search ${searchSteps(o.users !== null)}; it assumes more users never lower blocking or time over capacity.`,
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
    ...targetLines(r),
    '',
    'how it was judged:',
    ...methodLines(r),
    ...throughputLines(r, r.options.nMinus),
    '',
    'evidence (* = beyond the documented limits, run with allowUnsupported):',
    ...evidenceLegend().map((l) => `  ${l}`),
    ...evidenceTable(r.evidence),
  ];
  return lines.filter((l): l is string => l !== null).join('\n');
}

/** The answer in one sentence per pool, the line about the deployment as a whole first when there is one. */
export function answerSentences(r: PlanResult): string[] {
  const k = r.options.nMinus;
  const deployment = deploymentLine(r.options.users);
  const whole = deployment === null ? '' : ' (unsupported as a whole)';
  const sentence = (p: PoolPlan): string => {
    const largest = `its own ${p.templateActive} active + ${p.templateStandby} standby carry ${largestFigures(p, k, ' and ', ' users')}, to the nearest ${n(p.resolution)}`;
    if (p.users === null) return `Pool ${p.pool}: ${largest}${whole}.`;
    if (p.sized !== null)
      return `Pool ${p.pool}: ${servers(p.sized)} servers carry ${n(p.users)} users ${withFailed(k)} within every target${whole}.`;
    const beyond =
      p.beyondLimits === null
        ? ''
        : `; ${servers(p.beyondLimits)} would, beyond the documented limit (unsupported)`;
    return `Pool ${p.pool}: no server count within the documented limits carries ${n(p.users)} users ${withFailed(k)} within every target${beyond}${whole}.`;
  };
  return [...(deployment === null ? [] : [deployment]), ...r.pools.map(sentence)];
}

/** Writes plan.txt (the text), plan.csv (the evidence) and report.html into `dir`; returns the text. */
export async function writePlan(r: PlanResult, file: string, dir: string): Promise<string> {
  const body = planText(r, file);
  const csv = new CsvFile(join(dir, 'plan.csv'), PLAN_CSV_HEADER);
  for (const row of planCsvRows(r.evidence)) csv.write(row);
  await csv.close();
  writeFileAtomic(join(dir, 'plan.txt'), `${body}\n`);
  const lines = (l: (string | null)[]): string[] => l.filter((x): x is string => x !== null);
  await writePlanReport(r, file, dir, {
    answer: answerSentences(r),
    targets: lines(targetLines(r)).map((l) => l.trim()),
    method: lines(methodLines(r)),
  });
  return body;
}
