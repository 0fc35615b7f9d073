// Progress bars (cli-progress) on stderr: for experiments (runs done) and for a long single run
// (simulated time). Shown only when the stream is a terminal, not --quiet, and the work has gone on for
// more than a second; never written into any output file, so they cannot change a result. A bar is
// taken off the screen before the console writes any line (it comes back under it with the next
// reading), every line fits 100 columns, and the ETA is left out until there is progress to base it on.
import cliProgress from 'cli-progress';
import type { RunTick } from '../experiment/run/run-cursor.js';
import type { Progress, ProgressFn, Running } from '../experiment/run/task-runner.js';
import { spanText } from '../model/figures/span-text.js';
import type { ProgressStream, StatusSlot } from './console.js';

export type { ProgressStream } from './console.js';

/** Delay before a bar appears, so short runs stay silent. */
const SHOW_AFTER_MS = 1000;
/** Columns of the bar itself; with the widest readings every line stays within {@link MAX_COLUMNS}. */
const BAR_COLUMNS = 16;
/** The widest a progress line may be. */
export const MAX_COLUMNS = 100;

export interface ProgressHandle {
  /** Pass to the experiment; undefined when no bar will ever be shown. */
  readonly onProgress: ProgressFn | undefined;
  /** Removes the bar (call in `finally`). */
  stop(): void;
}

export interface RunProgressHandle {
  /** Pass to the run as its `onTick`; undefined when no bar will ever be shown. */
  readonly onTick: ((tick: RunTick) => void) | undefined;
  /** Removes the bar (call in `finally`). */
  stop(): void;
}

/** Simulated time, short: `45s`, `2.5h`, `365.0d` (a reading that changes many times a second). */
function simulated(seconds: number): string {
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    if (seconds >= size) return `${(seconds / size).toFixed(1)}${unit}`;
  }
  return `${seconds.toFixed(0)}s`;
}

/** Events per second, short: `950 events/s`, `12.3k events/s`, `4.56M events/s`. */
function rate(events: number, elapsedS: number): string {
  const r = events / Math.max(elapsedS, 1e-3);
  if (r < 1e4) return `${r.toFixed(0)} events/s`;
  const [size, unit] = r >= 1e12 ? [1e12, 'T'] : r >= 1e9 ? [1e9, 'G'] : r >= 1e6 ? [1e6, 'M'] : [1e3, 'k'];
  return `${Number((r / size).toPrecision(3))}${unit} events/s`;
}

/** `ETA 2m35s` from the share done so far, or nothing until some work is done. */
function eta(fraction: number, elapsedS: number): string {
  if (!(fraction > 0) || fraction >= 1 || elapsedS <= 0) return '';
  return `ETA ${spanText(Math.ceil((elapsedS * (1 - fraction)) / fraction))}`;
}

/** One reading of a bar: how far along (0..1) and the text after the bar. */
export interface Reading {
  readonly fraction: number;
  readonly text: string;
}

/** The line a bar draws: the bar (absent when the total is not known) and its text. */
export function progressLine(r: Reading, withBar: boolean): string {
  if (!withBar) return r.text;
  const filled = Math.round(Math.min(1, Math.max(0, r.fraction)) * BAR_COLUMNS);
  return `${'█'.repeat(filled)}${'░'.repeat(BAR_COLUMNS - filled)} ${r.text}`;
}

/**
 * One part of a reading's text. Parts of `rank` 0 are always shown; the others, highest rank first, are
 * left out while the line would be wider than its room.
 */
interface Part {
  readonly text: string;
  readonly rank: number;
}

/** The parts that fit in `width` columns, in their order, joined by ` | `. */
function fitted(parts: readonly Part[], width: number): string {
  const join = (ps: readonly Part[]): string => ps.map((q) => q.text).join(' | ');
  let shown = parts.filter((q) => q.text !== '');
  for (let rank = Math.max(...shown.map((q) => q.rank)); rank > 0 && join(shown).length > width; rank--)
    shown = shown.filter((q) => q.rank !== rank);
  return join(shown);
}

/**
 * The runs in progress: `2 running, 40% simulated`, the share of their simulated time reached (not of
 * their wall time: a run's events may crowd into part of its day), never 100% before they end.
 */
function runningText(r: Running | undefined): string {
  if (r === undefined || !(r.durationS > 0)) return '';
  const pct = Math.min(99, Math.floor((100 * r.simulatedS) / r.durationS));
  return `${r.runs} running, ${pct}% simulated`;
}

/** Wall time per finished run so far (runs on workers overlap: the pace, not one run's time). */
function perRunText(done: number, elapsedS: number): string {
  return done > 0 && elapsedS > 0 ? `${spanText(elapsedS / done)}/run` : '';
}

/**
 * The text of an experiment's reading, after `elapsedS` of wall time. With its total known: done/total,
 * simulated time, events per second and the ETA the share done gives. With it unknown (plan: `judged`
 * set), no ETA: runs done, candidates judged, and what can be said without a total, how far the runs in
 * progress are and the wall time per run so far. Either way, the runs in progress when the line has room.
 */
export function experimentText(unit: string, p: Progress, elapsedS: number): Reading {
  const sim = `${simulated(p.simulatedS)} simulated`;
  const running = { text: runningText(p.running), rank: 1 };
  if (p.judged !== undefined) {
    const judged = `${p.judged.toLocaleString('en-US')} candidates judged`;
    const parts = [
      { text: `${p.done} ${unit}, ${judged}, total unknown`, rank: 0 },
      running,
      { text: perRunText(p.done, elapsedS), rank: 2 },
      { text: rate(p.events, elapsedS), rank: 0 },
      { text: sim, rank: 3 },
    ];
    return { fraction: 0, text: fitted(parts, MAX_COLUMNS) };
  }
  const fraction = p.total > 0 ? p.done / p.total : 0;
  const parts = [
    { text: `${p.done}/${p.total} ${unit}`, rank: 0 },
    running,
    { text: sim, rank: 0 },
    { text: rate(p.events, elapsedS), rank: 0 },
    { text: eta(fraction, elapsedS), rank: 0 },
  ];
  return { fraction, text: fitted(parts, MAX_COLUMNS - BAR_COLUMNS - 1) };
}

/** The text of a single run's reading, after `elapsedS` of wall time. */
export function runText(t: RunTick, elapsedS: number): Reading {
  const fraction = t.durationS > 0 ? t.simulatedS / t.durationS : 0;
  const text = `${simulated(t.simulatedS)} of ${simulated(t.durationS)} simulated | ${rate(t.events, elapsedS)}`;
  const e = eta(fraction, elapsedS);
  return { fraction, text: e === '' ? text : `${text} | ${e}` };
}

/**
 * The bar on the screen, made at its first drawing. While drawn, it holds the console's status slot,
 * so a line written meanwhile first takes the bar off; the next reading draws it again.
 */
function screenBar(stream: ProgressStream, status: StatusSlot | undefined, withBar: boolean) {
  let bar: cliProgress.SingleBar | null = null;
  const hide = (): void => {
    if (bar === null) return;
    bar.stop();
    bar = null;
    if (status !== undefined) status.clear = undefined;
  };
  const draw = (r: Reading): void => {
    if (bar === null) {
      bar = new cliProgress.SingleBar({
        stream,
        clearOnComplete: true,
        hideCursor: true,
        format: (_options, _params, payload: { line: string }) => payload.line,
      });
      bar.start(1, 0, { line: progressLine(r, withBar) });
      if (status !== undefined) status.clear = hide;
    } else bar.update(0, { line: progressLine(r, withBar) });
  };
  return { draw, hide, drawn: (): boolean => bar !== null };
}

/** A bar that appears once `showAfterMs` have passed with a reading (see {@link screenBar}). */
function delayedBar(
  stream: ProgressStream,
  status: StatusSlot | undefined,
  withBar: boolean,
  showAfterMs = SHOW_AFTER_MS,
) {
  const started = Date.now();
  const screen = screenBar(stream, status, withBar);
  let last: Reading | null = null;
  let shown = false;
  let stopped = false;
  const timer = setTimeout(() => {
    if (!screen.drawn() && last !== null) {
      shown = true;
      screen.draw(last);
    }
  }, showAfterMs);
  timer.unref();
  return {
    started,
    update: (r: Reading): void => {
      last = r;
      if (stopped) return;
      if (shown || Date.now() - started >= showAfterMs) {
        shown = true;
        screen.draw(r);
      }
    },
    stop: (): void => {
      stopped = true;
      clearTimeout(timer);
      screen.hide();
    },
  };
}

const elapsed = (started: number): number => (Date.now() - started) / 1000;

/**
 * A progress bar counting `unit` (e.g. "replications"), or a silent handle. An experiment whose total
 * is not known ahead (its progress carries `judged`, as plan's does) gets no bar and no ETA: the runs
 * done, the candidates judged, a plain statement that the total is unknown, and what is known without
 * it (see {@link experimentText}).
 */
export function progressBar(
  unit: string,
  quiet: boolean,
  stream: ProgressStream | undefined,
  status?: StatusSlot,
): ProgressHandle {
  if (quiet || stream?.isTTY !== true) return { onProgress: undefined, stop: () => undefined };
  let bar: ReturnType<typeof delayedBar> | null = null;
  return {
    onProgress: (p: Progress) => {
      bar ??= delayedBar(stream, status, p.judged === undefined);
      bar.update(experimentText(unit, p, elapsed(bar.started)));
    },
    stop: () => bar?.stop(),
  };
}

/**
 * The bar of one long run: simulated time of the run's duration, events per second, ETA; or a silent
 * handle with --quiet, off a terminal, or without a stream. `showAfterMs`: for tests.
 */
export function runProgressBar(
  quiet: boolean,
  stream: ProgressStream | undefined,
  status?: StatusSlot,
  showAfterMs = SHOW_AFTER_MS,
): RunProgressHandle {
  if (quiet || stream?.isTTY !== true) return { onTick: undefined, stop: () => undefined };
  const bar = delayedBar(stream, status, true, showAfterMs);
  return {
    onTick: (t: RunTick) => bar.update(runText(t, elapsed(bar.started))),
    stop: bar.stop,
  };
}
