// Closed forms of loss systems, for validation and sizing: Erlang B (M/G/c/c, insensitive to the
// holding-time distribution) and Engset (finite sources).

/** Erlang B blocking probability for `servers` places and `erlangs` offered load A = λ/μ. */
export function erlangB(servers: number, erlangs: number): number {
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (erlangs * b) / (k + erlangs * b);
  return b;
}

/**
 * Engset call-congestion (the fraction of attempts refused) for `sources` users, `servers` places and
 * per-idle-user offered load a = (mean session) / (mean off-time).
 */
export function engsetBlocking(sources: number, servers: number, a: number): number {
  if (servers >= sources) return 0;
  // Time congestion of N − 1 sources at state c (arrival theorem), from binomial terms in log space.
  const n = sources - 1;
  let logTerm = 0;
  const logs: number[] = [0];
  for (let k = 1; k <= servers; k++) {
    logTerm += Math.log(n - k + 1) - Math.log(k) + Math.log(a);
    logs.push(logTerm);
  }
  const top = Math.max(...logs);
  const total = logs.reduce((s, l) => s + Math.exp(l - top), 0);
  return Math.exp((logs[servers] as number) - top) / total;
}
