// The short human report of a replication experiment: headline metrics as mean [95% CI], read from
// the aggregated summary by path, so missing metrics are simply left out.
import { flattenStats, type Aggregate, type MetricStats } from '../aggregate/aggregate.js';
import type { ExperimentSummary } from './replications.js';

/** `12,345.6 [12,000, 12,700]`; `percent` shows fractions as percentages. */
export function formatStats(s: MetricStats, percent = false): string {
  const f = (x: number): string => {
    if (!Number.isFinite(x)) return '–';
    if (percent) return `${(x * 100).toFixed(3)}%`;
    return x.toLocaleString('en-US', { maximumFractionDigits: Math.abs(x) >= 100 ? 0 : 2 });
  };
  return s.n >= 2 ? `${f(s.mean)} [${f(s.lo)}, ${f(s.hi)}]` : f(s.mean);
}

/** Plain text lines (no trailing newline). */
export function experimentText(s: ExperimentSummary): string {
  const stats = new Map(flattenStats(s.metrics));
  const line = (label: string, items: [string, string, boolean?][]): string | null => {
    const parts = items.flatMap(([name, path, pct]) => {
      const m = stats.get(path);
      return m === undefined ? [] : [`${name} ${formatStats(m, pct === true)}`];
    });
    return parts.length === 0 ? null : `${label}: ${parts.join(', ')}`;
  };
  const lines: (string | null)[] = [
    `${s.scenario}: ${s.replications} replications (seed ${s.seed}); mean [95% confidence interval]`,
    line('connected', [
      ['mean', 'connected.mean'],
      ['peak', 'connected.peak'],
    ]),
    line('waiting', [
      ['mean', 'waiting.mean'],
      ['peak', 'waiting.peak'],
    ]),
    line('sign-ins', [
      ['blocking', 'signIns.blocking', true],
      ['denied', 'signIns.denied'],
      ['gave up', 'signIns.gaveUp'],
    ]),
    line('users', [
      ['lost', 'users.lost'],
      ['disconnected by failures', 'users.disconnectedByFailures'],
    ]),
    line('recovery (s)', [
      ['longest', 'recovery_s.max'],
      ['p95', 'recovery_s.p95'],
    ]),
  ];
  s.outagesByOrder.slice(0, 5).forEach((o, k) => {
    const of = new Map(flattenStats(o));
    const parts = (
      [
        ['users affected', 'usersAffected'],
        ['lost', 'usersLost'],
      ] as const
    ).flatMap(([name, path]) => {
      const m = of.get(path);
      return m === undefined ? [] : [`${name} ${formatStats(m)}`];
    });
    const n = of.get('start')?.n ?? s.replications;
    // Recovery times cover only the replications where every affected user came back.
    const r = of.get('recovery_s');
    if (parts.length > 0)
      parts.push(
        `everyone back in ${r?.n ?? 0} of ${n}${r === undefined ? '' : `, recovery s ${formatStats(r)}`}`,
      );
    if (parts.length > 0) lines.push(`  outage ${k + 1} (in ${n} of ${s.replications}): ${parts.join(', ')}`);
  });
  const servers = [...stats.keys()]
    .filter((k) => k.startsWith('servers.') && k.endsWith('.peak'))
    .map((k) => k.slice(8, -5));
  for (const name of servers) {
    lines.push(
      line(`  ${name}`, [
        ['peak', `servers.${name}.peak`],
        ['s over capacity', `servers.${name}.secondsOverCapacity`],
      ]),
    );
  }
  if (s.steadyState !== undefined && s.warmup_s !== null) {
    const steady = new Map(flattenStats(s.steadyState));
    const c = steady.get('connected');
    if (c !== undefined)
      lines.push(`steady state after ${s.warmup_s} s warm-up: connected ${formatStats(c)}`);
  }
  for (const w of s.warnings) {
    const m = typeof w === 'object' && w !== null && !Array.isArray(w) ? w['message'] : undefined;
    if (typeof m === 'string') lines.push(`warning: ${m}`);
  }
  return lines.filter((l): l is string => l !== null).join('\n');
}

/** One line per sweep point: its values, then blocking and mean connected users as mean [95% CI]. */
export function sweepText(
  axes: readonly string[],
  points: readonly (readonly unknown[])[],
  perPoint: readonly Aggregate[],
): string {
  const lines = points.map((values, p) => {
    const stats = new Map(flattenStats(perPoint[p] ?? null));
    const at = axes.map((a, i) => `${a}=${String(values[i])}`).join(' ');
    const blocking = stats.get('signIns.blocking');
    const connected = stats.get('connected.mean');
    const parts = [
      blocking && `blocking ${formatStats(blocking, true)}`,
      connected && `connected ${formatStats(connected)}`,
    ].filter((x) => x);
    return `${p}: ${at}: ${parts.join(', ')}`;
  });
  return lines.join('\n');
}
