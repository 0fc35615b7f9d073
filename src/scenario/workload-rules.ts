// Workload rules: an open or a closed model, not both; what a closed one needs; the starts, retries
// and daily profiles the model can run.
import { issue } from '../errors.js';
import { LIMITS, type RuleResult } from './rule-helpers.js';
import { scenarioWarning } from './rule-warnings.js';
import type { ParsedScenario } from './schema.js';

type Workload = ParsedScenario['workload'];

export function checkWorkload(s: ParsedScenario, out: RuleResult): void {
  const w = s.workload;
  checkPopulation(w, out);
  checkStart(w, out);
  checkRetry(w, out);
  checkArrivals(w, out);
}

/** A closed model: population and offTime together, never with arrivals; above 150,000 a warning [doc]. */
function checkPopulation(w: Workload, out: RuleResult): void {
  if (w.population !== undefined && w.population > LIMITS.provisionedUsers)
    out.warnings.push(scenarioWarning('population-over-150000', 'workload.population', w.population));
  if (w.population !== undefined && w.arrivals !== undefined) {
    out.errors.push(
      issue('workload.population', 'a workload is open (arrivals) or closed (population), not both'),
    );
  }
  if (w.population !== undefined && w.offTime === undefined) {
    out.errors.push(
      issue(
        'workload.offTime',
        'a closed workload (population) needs offTime, the time a user stays signed out',
      ),
    );
  }
  if (w.population === undefined && w.offTime !== undefined) {
    out.errors.push(
      issue(
        'workload.offTime',
        'offTime applies only to a closed workload; add population or remove offTime',
      ),
    );
  }
}

/** A stationary start needs a constant rate; the users on at t = 0 are at most the population. */
function checkStart(w: Workload, out: RuleResult): void {
  if (w.initialConnected === 'stationary' && w.arrivals?.profile !== undefined) {
    out.errors.push(
      issue(
        'workload.initialConnected',
        'stationary needs a constant arrival rate (or a closed population); with a daily profile start empty and set warmup',
      ),
    );
  }
  if (
    w.population !== undefined &&
    w.initialConnected !== 'stationary' &&
    w.initialConnected > w.population
  ) {
    out.errors.push(
      issue(
        'workload.initialConnected',
        `initialConnected is at most the population (${w.population})`,
        `${w.initialConnected}`,
      ),
    );
  }
}

/** Whether every draw of `d` is 0 s (a fixed 0, or a uniform up to 0); the other kinds draw above 0. */
function alwaysZero(d: Workload['retry']['delay']): boolean {
  return (d.dist === 'fixed' ? d.mean : d.dist === 'uniform' ? d.max : 1) === 0;
}

/**
 * Unlimited retries that all wait 0 s (a zero delay, or a maxDelay of 0 capping every wait): a refused
 * client would retry forever at one instant. (A closed population never away, offTime 0 s, with retries
 * at once is left to the up-front estimate, which calls it unbounded: it runs while nobody is refused.)
 */
function checkRetry(w: Workload, out: RuleResult): void {
  const r = w.retry;
  if (r.maxAttempts === 'unlimited' && alwaysZero(r.delay))
    out.errors.push(
      issue(
        'workload.retry.delay',
        'unlimited retries need a retry delay above 0 s (else a refused client retries forever at one instant)',
      ),
    );
  else if (r.maxAttempts === 'unlimited' && r.maxDelay === 0)
    out.errors.push(
      issue(
        'workload.retry.maxDelay',
        'unlimited retries need a retry maxDelay above 0 s (it caps every wait, so a refused client would retry forever at one instant)',
      ),
    );
}

/** A profile file is read at load, never set later; a daily profile's points are within the day, in order. */
function checkArrivals(w: Workload, out: RuleResult): void {
  if (w.arrivals?.profileFile !== undefined)
    out.errors.push(
      issue(
        'workload.arrivals.profileFile',
        'a profile file is read when its scenario file is loaded; it cannot be set by a sweep or an override',
        JSON.stringify(w.arrivals.profileFile),
      ),
    );
  if (w.arrivals?.profile !== undefined) {
    let prev = -1;
    w.arrivals.profile.forEach((pt, i) => {
      const path = `workload.arrivals.profile[${i}].at`;
      if (pt.at >= 86400)
        out.errors.push(issue(path, 'a daily profile point is within the day (before 24h)', `${pt.at}s`));
      else if (pt.at <= prev) out.errors.push(issue(path, 'profile points are in increasing order of at'));
      prev = pt.at;
    });
  }
}
