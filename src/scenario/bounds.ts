// Bounds on scenario parameters so every number the simulation draws or writes is finite and
// representable: the largest draw of every distribution, message rates, the sampling interval, and
// server names that would collide with timeline.csv's own columns. One table, checked at load
// (exit 2, one line naming the parameter); docs/validation.md states the same bounds.
import { issueFromText, type Issue } from '../errors.js';
import { FIXED_COLUMN_NAMES, poolStateColumn } from '../model/figures/timeline-columns.js';
import { logGamma, type DistSpec } from '../random/distributions.js';
import type { ParsedScenario } from './schema.js';

/** The bounds, each with why. */
export const BOUNDS = Object.freeze({
  /** Largest duration any draw may reach, s (assumption: ~31,700 years, beyond any run, where a double still resolves 0.1 ms). */
  maxDrawS: 1e12,
  /** Messages per connected user per hour (assumption: 1e6, ~280 a second, far above any chat; keeps counts finite). */
  maxMessagesPerUserPerHour: 1e6,
  /**
   * Sign-ins per second to the whole scenario, of `arrivals.rate`, a `profile` or a profile file
   * (assumption: 1e6, 100,000 × the capacity model's peak join rate of 10/s [doc]; keeps counts and
   * the cost estimate finite).
   */
  maxSignInRatePerS: 1e6,
  /** Bytes per message (assumption: 1 GB; keeps the content database size finite). */
  maxBytesPerMessage: 1e9,
  /**
   * Smallest Weibull shape (assumption: below 0.1 most of the mean lies in draws from uniforms
   * smaller than the random stream's 2^−53, so the draws would not have the mean asked for).
   */
  minWeibullShape: 0.1,
  /**
   * Largest lognormal sd / mean (assumption: up to 1000, σ ≤ 3.7, the mean's weight sits near z = σ,
   * well inside the ±8.57 a Box–Muller draw from the random stream reaches).
   */
  maxLognormalCv: 1000,
  /** Smallest sampling interval, s: times are written to the millisecond. */
  minSampleEveryS: 0.001,
});

/** −ln of the smallest uniform the Rng returns (2^−53): the furthest tail any inverse-CDF draw reaches. */
const MAX_NEG_LOG_U = 53 * Math.LN2;
/** The largest |Z| a Box–Muller normal reaches from those uniforms. */
const MAX_NORMAL = Math.sqrt(2 * MAX_NEG_LOG_U);

/** ln of the largest value `spec` can draw with this project's Rng. */
export function logLargestDraw(spec: DistSpec): number {
  switch (spec.dist) {
    case 'fixed':
      return Math.log(spec.mean);
    case 'exponential':
      return Math.log(spec.mean) + Math.log(MAX_NEG_LOG_U);
    case 'lognormal': {
      const cv = spec.sd / spec.mean;
      const s2 = cv < 1e150 ? Math.log1p(cv * cv) : 2 * Math.log(cv); // no overflow of cv²
      return Math.log(spec.mean) - s2 / 2 + Math.sqrt(s2) * MAX_NORMAL;
    }
    case 'weibull': {
      const inv = 1 / spec.shape;
      return Math.log(spec.mean) - logGamma(1 + inv) + inv * Math.log(MAX_NEG_LOG_U);
    }
    case 'uniform':
      return Math.log(spec.max);
  }
}

/** Why a distribution's draws may leave the representable range, or undefined. */
export function drawProblem(spec: DistSpec): string | undefined {
  if (spec.dist === 'weibull' && spec.shape < BOUNDS.minWeibullShape)
    return `a Weibull shape is at least ${BOUNDS.minWeibullShape} (smaller ones put the mean in draws the random stream cannot make); received ${spec.shape}`;
  if (spec.dist === 'lognormal' && spec.sd > BOUNDS.maxLognormalCv * spec.mean)
    return `a lognormal sd is at most ${BOUNDS.maxLognormalCv} × its mean (beyond, the mean lies in draws the random stream cannot make); received sd ${spec.sd} for mean ${spec.mean}`;
  const log = logLargestDraw(spec);
  if (log <= Math.log(BOUNDS.maxDrawS)) return undefined;
  const exp = Math.round(log / Math.LN10);
  return `a draw of this distribution can reach about 1e${exp} s; at most ${BOUNDS.maxDrawS.toExponential()} s (about 31,700 years) is allowed, so lower its mean, sd, max or raise its shape`;
}

/** The rule of BOUNDS.maxSignInRatePerS, as every message states it. */
export function signInRateRule(): string {
  return `at most ${BOUNDS.maxSignInRatePerS.toExponential().replace('+', '')} sign-ins per second`;
}

/** Issues for the scalar bounds and reserved names (distributions are checked with the samplers). */
export function checkBounds(s: ParsedScenario): Issue[] {
  const out = [...messageIssues(s), ...rateIssues(s)];
  if (s.sampleEvery < BOUNDS.minSampleEveryS)
    out.push(
      issueFromText(
        'sampleEvery',
        `at least ${BOUNDS.minSampleEveryS} s (timeline times are written to the millisecond); received ${s.sampleEvery}`,
      ),
    );
  return [...out, ...reservedNameIssues(s)];
}

/** The message volume's bounds: messages per user per hour, bytes per message. */
function messageIssues(s: ParsedScenario): Issue[] {
  const out: Issue[] = [];
  const m = s.messages;
  if (m !== undefined && m.perUserPerHour > BOUNDS.maxMessagesPerUserPerHour)
    out.push(
      issueFromText(
        'messages.perUserPerHour',
        `at most ${BOUNDS.maxMessagesPerUserPerHour} messages per user per hour; received ${m.perUserPerHour}`,
      ),
    );
  if (m !== undefined && m.bytesPerMessage > BOUNDS.maxBytesPerMessage)
    out.push(
      issueFromText(
        'messages.bytesPerMessage',
        `at most ${BOUNDS.maxBytesPerMessage} bytes per message; received ${m.bytesPerMessage}`,
      ),
    );
  return out;
}

/** Every sign-in rate the arrivals give: a constant rate, or each step of a profile. */
function rateIssues(s: ParsedScenario): Issue[] {
  const a = s.workload.arrivals;
  const rates =
    a?.profile?.map((p, i) => [`workload.arrivals.profile[${i}].rate`, p.rate] as const) ??
    (a?.rate === undefined ? [] : [['workload.arrivals.rate', a.rate] as const]);
  return rates
    .filter(([, rate]) => rate > BOUNDS.maxSignInRatePerS)
    .map(([path, rate]) => issueFromText(path, `${signInRateRule()}; received ${rate}`));
}

/** Server names that are columns of timeline.csv (fixed columns and the pools' state columns). */
function reservedNameIssues(s: ParsedScenario): Issue[] {
  const out: Issue[] = [];
  const reserved = new Set([...FIXED_COLUMN_NAMES, ...s.topology.pools.map((p) => poolStateColumn(p.name))]);
  s.topology.pools.forEach((p, i) =>
    p.servers.forEach((sv, j) => {
      if (reserved.has(sv.name))
        out.push(
          issueFromText(
            `topology.pools[${i}].servers[${j}].name`,
            `"${sv.name}" is a column of timeline.csv; choose another server name`,
          ),
        );
    }),
  );
  return out;
}
