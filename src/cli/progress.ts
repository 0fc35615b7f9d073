// Progress bars (cli-progress) on stderr: for experiments (runs done) and for a long single run
// (simulated time). Shown only when the stream is a terminal, not --quiet, and the work has gone on for
// more than a second; never written into any output file, so they cannot change a result.
import cliProgress from 'cli-progress';
import type { RunTick } from '../experiment/run/run-cursor.js';
import type { Progress, ProgressFn } from '../experiment/run/task-runner.js';

/** Delay before a bar appears, so short runs stay silent. */
const SHOW_AFTER_MS = 1000;

/** The stream a bar draws on: stderr, or a fake terminal in tests. */
export type ProgressStream = NodeJS.WritableStream & { readonly isTTY?: boolean };

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

function human(seconds: number): string {
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    if (seconds >= size) return `${(seconds / size).toFixed(1)}${unit}`;
  }
  return `${seconds.toFixed(0)}s`;
}

/** Events per second of wall time since `started` (ms), for people. */
function perSecond(events: number, started: number): string {
  return Math.round(events / Math.max((Date.now() - started) / 1000, 1e-3)).toLocaleString('en-US');
}

interface Reading {
  readonly value: number;
  readonly total: number;
  readonly payload: object;
}

/** A bar that appears once `SHOW_AFTER_MS` have passed with a reading, updated by `update`. */
function delayedBar(format: string, stream: ProgressStream, showAfterMs = SHOW_AFTER_MS) {
  const started = Date.now();
  let bar: cliProgress.SingleBar | null = null;
  let last: Reading | null = null;
  const show = (r: Reading): void => {
    bar = new cliProgress.SingleBar(
      { stream, clearOnComplete: true, hideCursor: true, format },
      cliProgress.Presets.shades_classic,
    );
    bar.start(r.total, r.value, r.payload);
  };
  const timer = setTimeout(() => {
    if (bar === null && last !== null) show(last);
  }, showAfterMs);
  timer.unref();
  return {
    started,
    update: (r: Reading): void => {
      last = r;
      if (bar !== null) {
        bar.setTotal(r.total);
        bar.update(r.value, r.payload);
      } else if (Date.now() - started >= showAfterMs) show(r);
    },
    stop: (): void => {
      clearTimeout(timer);
      if (bar !== null) bar.stop();
    },
  };
}

/**
 * A progress bar counting `unit` (e.g. "replications"), or a silent handle. An experiment whose total
 * is not known ahead (its progress carries `judged`, as plan's does) gets no bar and no ETA: the runs
 * done, the candidates judged, and a plain statement that the total is not known.
 */
export function progressBar(
  unit: string,
  quiet: boolean,
  stream: ProgressStream = process.stderr,
): ProgressHandle {
  if (quiet || stream.isTTY !== true) return { onProgress: undefined, stop: () => undefined };
  let bar: ReturnType<typeof delayedBar> | null = null;
  return {
    onProgress: (p: Progress) => {
      bar ??= delayedBar(
        p.judged === undefined
          ? `{bar} {value}/{total} ${unit} | {sim} simulated | {eps} events/s | ETA {eta_formatted}`
          : `{value} ${unit}, {judged} candidates judged (the total is not known ahead: each runs until decided) | {sim} simulated | {eps} events/s`,
        stream,
      );
      bar.update({
        value: p.done,
        total: p.total,
        payload: {
          sim: human(p.simulatedS),
          eps: perSecond(p.events, bar.started),
          judged: (p.judged ?? 0).toLocaleString('en-US'),
        },
      });
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
  showAfterMs = SHOW_AFTER_MS,
): RunProgressHandle {
  if (quiet || stream?.isTTY !== true) return { onTick: undefined, stop: () => undefined };
  const bar = delayedBar(
    '{bar} {sim} of {runLength} simulated | {eps} events/s | ETA {eta_formatted}',
    stream,
    showAfterMs,
  );
  return {
    onTick: (t: RunTick) =>
      bar.update({
        value: Math.floor(t.simulatedS),
        total: Math.ceil(t.durationS),
        payload: {
          sim: human(t.simulatedS),
          runLength: human(t.durationS),
          eps: perSecond(t.events, bar.started),
        },
      }),
    stop: bar.stop,
  };
}
