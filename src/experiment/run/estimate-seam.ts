// Fault injection for the runtime guard: with PCHAT_SIM_FAULT_ESTIMATE_SHORT=<factor> set, every run's
// estimated events are that many times fewer, as an estimate that misses what a run does would be.
// Tests use it to prove that the guard stops a run far past its estimate; unset, it changes nothing.

const ENV = 'PCHAT_SIM_FAULT_ESTIMATE_SHORT';

/** The factor the estimated events are divided by: 1 (the normal case), or the injected one. */
export function estimateShortBy(): number {
  const v = process.env[ENV];
  if (v === undefined || v === '') return 1;
  const n = Number(v);
  return Number.isFinite(n) && n >= 1 ? n : 1;
}
