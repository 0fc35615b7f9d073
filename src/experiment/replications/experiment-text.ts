// The short human report of a replication experiment: headline metrics as mean [95% CI], read from
// the aggregated summary by path, so missing metrics are simply left out.
import { figure, group, type FigureRef } from '../../model/figures/catalogue.js';
import { column } from '../../model/figures/timeline-columns.js';
import { MetricStats, type Aggregate } from '../aggregate/aggregate.js';
import type { ExperimentSummary } from './finish-run.js';

/** `12,345.6 [12,000, 12,700]`; `percent` shows fractions as percentages. */
export function formatStats(s: MetricStats, percent = false): string {
  const f = (x: number): string => {
    if (!Number.isFinite(x)) return '–';
    if (percent) return `${(x * 100).toFixed(3)}%`;
    return x.toLocaleString('en-US', { maximumFractionDigits: Math.abs(x) >= 100 ? 0 : 2 });
  };
  return s.n >= 2 ? `${f(s.mean)} [${f(s.lo)}, ${f(s.hi)}]` : f(s.mean);
}

const C = { mean: figure('connected.mean'), peak: figure('connected.peak') };
const W = { mean: figure('waiting.mean'), peak: figure('waiting.peak') };
const SIGN_INS = [figure('signIns.blocking'), figure('signIns.denied'), figure('signIns.gaveUp')];
// This summary's own word for lost users, shorter than the single run's `lost (gave up)`.
const USERS = [worded(figure('users.lost'), 'lost'), figure('users.disconnectedByFailures')];
const RECOVERY = [figure('recovery_s.max'), figure('recovery_s.p95')];
const OUTAGE = [figure('outages[].usersAffected'), worded(figure('outages[].usersLost'), 'lost')];
const OUTAGE_START = figure('outages[].start');
const OUTAGE_RECOVERY = figure('outages[].recovery_s');
const SERVERS = group('servers');
const SERVER = [figure('servers.*.peak'), figure('servers.*.secondsOverCapacity')];
const WARNING_MESSAGE = figure('warnings[].message');

/** `ref` with its own word in this summary's lines. */
function worded(ref: FigureRef, word: string): FigureRef {
  return { ...ref, figure: { ...ref.figure, wordings: { ...ref.figure.wordings, word } } };
}

/** A figure's statistics in an aggregate (a replicated summary's `metrics`, or one of its parts). */
function statsAt(ref: FigureRef, tree: Aggregate | undefined, ...keys: string[]): MetricStats | undefined {
  const v = ref.at(tree, ...keys);
  return v instanceof MetricStats ? v : undefined;
}

/** `peak 19,782 [19,660, 19,904]`: the figure's word and statistics, a ratio in percent. */
function part(ref: FigureRef, m: MetricStats): string {
  return `${ref.figure.wordings?.word ?? ref.figure.label} ${formatStats(m, ref.figure.kind === 'ratio')}`;
}

/** The first five outages by order: who was affected and lost, how many came back, how fast. */
function outageLines(s: ExperimentSummary): string[] {
  return s.outagesByOrder.slice(0, 5).flatMap((o, k) => {
    const parts = OUTAGE.flatMap((ref) => {
      const m = statsAt(ref, o);
      return m === undefined ? [] : [`${ref.figure.wordings?.word ?? ref.figure.label} ${formatStats(m)}`];
    });
    if (parts.length === 0) return [];
    const n = statsAt(OUTAGE_START, o)?.n ?? s.replications;
    // Recovery times cover only the replications where every affected user came back.
    const r = statsAt(OUTAGE_RECOVERY, o);
    parts.push(
      `everyone back in ${r?.n ?? 0} of ${n}${r === undefined ? '' : `, recovery s ${formatStats(r)}`}`,
    );
    return [`  outage ${k + 1} (in ${n} of ${s.replications}): ${parts.join(', ')}`];
  });
}

/** Plain text lines (no trailing newline). */
export function experimentText(s: ExperimentSummary): string {
  const line = (label: string, refs: readonly FigureRef[], ...keys: string[]): string | null => {
    const parts = refs.flatMap((ref) => {
      const m = statsAt(ref, s.metrics, ...keys);
      return m === undefined ? [] : [part(ref, m)];
    });
    return parts.length === 0 ? null : `${label}: ${parts.join(', ')}`;
  };
  const lines: (string | null)[] = [
    `${s.scenario}: ${s.replications} replications (seed ${s.seed}); mean [95% confidence interval]`,
    line('connected', [C.mean, C.peak]),
    line('waiting', [W.mean, W.peak]),
    line('sign-ins', SIGN_INS),
    line('users', USERS),
    line('recovery (s)', RECOVERY),
  ];
  lines.push(...outageLines(s));
  const servers = SERVERS.at(s.metrics);
  const named = typeof servers === 'object' && servers !== null ? Object.keys(servers) : [];
  for (const name of named.filter((n) => statsAt(SERVER[0] as FigureRef, s.metrics, n) !== undefined))
    lines.push(line(`  ${name}`, SERVER, name));
  if (s.steadyState !== undefined && s.warmup_s !== null) {
    const steady = s.steadyState as { [column: string]: Aggregate };
    const c = steady[column('connected').name];
    if (c instanceof MetricStats)
      lines.push(`steady state after ${s.warmup_s} s warm-up: connected ${formatStats(c)}`);
  }
  for (const w of s.warnings) {
    const m = WARNING_MESSAGE.at(w);
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
    const at = axes.map((a, i) => `${a}=${String(values[i])}`).join(' ');
    const blocking = statsAt(SIGN_INS[0] as FigureRef, perPoint[p]);
    const connected = statsAt(C.mean, perPoint[p]);
    const parts = [
      blocking && `blocking ${formatStats(blocking, true)}`,
      connected && `connected ${formatStats(connected)}`,
    ].filter((x) => x);
    return `${p}: ${at}: ${parts.join(', ')}`;
  });
  return lines.join('\n');
}
