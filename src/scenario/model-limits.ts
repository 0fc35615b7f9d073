// What the simulator can represent, checked at load so a schema-valid but absurd scenario is a clear
// input error (exit 2) rather than an internal one mid-run: int32 counters, distributions the
// samplers accept, and retry waits that stay finite.
import { issue, issueFromText, type Issue } from '../errors.js';
import { makeDistribution, type DistSpec } from '../random/distributions.js';
import { makeResidual } from '../random/residual.js';
import { checkBounds, drawProblem } from './bounds.js';
import type { ParsedScenario } from './schema.js';

/** Counters and indices are int32 (server and user tables, event payloads). */
export const MAX_INT32 = 2 ** 31 - 1;
/** Per-user pool index is a Uint16Array. */
const MAX_POOLS = 65535;
/** Smallest positive sign-in rate per pool (assumption: below one sign-in in 30 years means none). */
export const MIN_RATE_PER_S = 1e-9;
/** Largest power of ten a retry wait may reach before it overflows to Infinity (margin below 1e308). */
const MAX_LOG10_WAIT = 300;

/** Issues for values the model cannot run with; empty if the scenario is representable. */
export function checkModelLimits(s: ParsedScenario): Issue[] {
  const out: Issue[] = [];
  const big = (path: string, value: number, what: string): void => {
    if (value > MAX_INT32)
      out.push(issue(path, `the simulator counts at most ${MAX_INT32} ${what}`, `${value}`));
  };
  if (s.topology.pools.length > MAX_POOLS)
    out.push(issue('topology.pools', `at most ${MAX_POOLS} pools`, `${s.topology.pools.length}`));
  s.topology.pools.forEach((p, i) => {
    big(`topology.pools[${i}].capacityPerServer`, p.capacityPerServer, 'users per server');
    if (p.admissionLimitPerServer !== undefined)
      big(`topology.pools[${i}].admissionLimitPerServer`, p.admissionLimitPerServer, 'users per server');
  });
  const w = s.workload;
  if (w.initialConnected !== 'stationary') big('workload.initialConnected', w.initialConnected, 'users');
  if (w.population !== undefined) big('workload.population', w.population, 'users');
  checkDistributions(s, out);
  checkRetryGrowth(s, out);
  checkArrivalRates(s, out);
  out.push(...checkBounds(s));
  return out;
}

/**
 * A pool's sign-in rate is 0 or at least MIN_RATE_PER_S: a subnormal rate (say 1e-320/s) makes the
 * next arrival lie beyond the largest representable time, which the arrival sampler cannot place.
 */
function checkArrivalRates(s: ParsedScenario, out: Issue[]): void {
  const a = s.workload.arrivals;
  if (a === undefined) return;
  const points =
    a.profile === undefined
      ? [{ path: 'workload.arrivals.rate', rate: a.rate ?? 0 }]
      : a.profile.map((p, i) => ({ path: `workload.arrivals.profile[${i}].rate`, rate: p.rate }));
  const shares = s.topology.pools.map((p) => p.userShare);
  const total = shares.reduce((x, y) => x + y, 0);
  const smallest = Math.min(...shares) / total;
  for (const { path, rate } of points) {
    if (rate > 0 && rate * smallest < MIN_RATE_PER_S) {
      const what = smallest < 1 ? ` (× the smallest pool's share ${smallest.toPrecision(3)})` : '';
      out.push(
        issue(
          path,
          `a sign-in rate${what} is 0 or at least ${MIN_RATE_PER_S} per second (one in 30 years)`,
          `${rate}`,
        ),
      );
    }
  }
}

function checkDistributions(s: ParsedScenario, out: Issue[]): void {
  const w = s.workload;
  const dists: [string, DistSpec | undefined][] = [
    ['workload.session', w.session],
    ['workload.offTime', w.offTime],
    ['workload.reconnectDelay', w.reconnectDelay],
    ['workload.retry.delay', w.retry.delay],
  ];
  s.faults.forEach((f, i) => {
    if (f.random === undefined) return;
    dists.push([`faults[${i}].random.mtbf`, f.random.mtbf], [`faults[${i}].random.mttr`, f.random.mttr]);
  });
  for (const [path, spec] of dists) {
    if (spec === undefined) continue;
    const problem =
      samplerProblem(spec, false) ??
      drawProblem(spec) ??
      samplerProblem(
        spec,
        path === 'workload.session' &&
          (w.initialConnected === 'stationary' ||
            (w.initialConnected > 0 && w.initialSessions === 'residual')),
      );
    if (problem !== undefined) out.push(issueFromText(path, problem));
  }
}

/** The samplers' own refusal (e.g. a Weibull shape so small Γ(1 + 1/shape) overflows), if any. */
function samplerProblem(spec: DistSpec, residual: boolean): string | undefined {
  try {
    makeDistribution(spec);
    if (residual) makeResidual(spec);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** A retry waits at most maxDelay × (1 + jitter): it must stay a finite number of seconds. */
function checkRetryGrowth(s: ParsedScenario, out: Issue[]): void {
  const { jitter, maxDelay } = s.workload.retry;
  const log10Wait = Math.log10(maxDelay * (1 + jitter));
  if (log10Wait > MAX_LOG10_WAIT) {
    out.push(
      issue(
        'workload.retry.maxDelay',
        `the longest retry would wait about 1e${Math.round(log10Wait)} s (maxDelay × (1 + jitter)), beyond any simulated time`,
        `${maxDelay}`,
      ),
    );
  }
}
