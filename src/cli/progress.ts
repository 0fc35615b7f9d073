// The experiments' progress bar (cli-progress) on stderr: shown only when stderr is a terminal, not
// --quiet, and the experiment has run for more than a second; never written into any output file.
import cliProgress from 'cli-progress';
import type { Progress, ProgressFn } from '../experiment/task-runner.js';

/** Delay before the bar appears, so short runs stay silent. */
const SHOW_AFTER_MS = 1000;

export interface ProgressHandle {
  /** Pass to the experiment; undefined when no bar will ever be shown. */
  readonly onProgress: ProgressFn | undefined;
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

/** A progress bar counting `unit` (e.g. "replications"), or a silent handle. */
export function progressBar(
  unit: string,
  quiet: boolean,
  stream: NodeJS.WriteStream = process.stderr,
): ProgressHandle {
  if (quiet || stream.isTTY !== true) return { onProgress: undefined, stop: () => undefined };
  const started = Date.now();
  let bar: cliProgress.SingleBar | null = null;
  let last: Progress | null = null;
  const payload = (p: Progress): object => ({
    sim: human(p.simulatedS),
    eps: Math.round(p.events / Math.max((Date.now() - started) / 1000, 1e-3)).toLocaleString('en-US'),
  });
  const show = (p: Progress): void => {
    bar = new cliProgress.SingleBar(
      {
        stream,
        clearOnComplete: true,
        hideCursor: true,
        format: `{bar} {value}/{total} ${unit} | {sim} simulated | {eps} events/s | ETA {eta_formatted}`,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(p.total, p.done, payload(p));
  };
  const timer = setTimeout(() => {
    if (bar === null && last !== null) show(last);
  }, SHOW_AFTER_MS);
  timer.unref();
  return {
    onProgress: (p) => {
      last = p;
      if (bar !== null) {
        bar.setTotal(p.total);
        bar.update(p.done, payload(p));
      } else if (Date.now() - started >= SHOW_AFTER_MS) show(p);
    },
    stop: () => {
      clearTimeout(timer);
      if (bar !== null) bar.stop();
    },
  };
}
