// Where the CLI prints: one line at a time to stdout or stderr; injectable so tests can capture it.
// A closed stdout (`pchat-sim validate x | head -1`) is not an error: further lines are dropped. A
// progress bar on the terminal is taken off before any line is written, so no line lands on a bar.

/** The stream a progress bar draws on: stderr, or a fake terminal in tests. */
export type ProgressStream = NodeJS.WritableStream & { readonly isTTY?: boolean };

/** Held by a progress bar while it is drawn: how to take it off the screen before a line is written. */
export interface StatusSlot {
  clear: (() => void) | undefined;
}

/** A command's two output channels, and where a long run draws its progress bar (stderr; none in most tests). */
export interface Console2 {
  out(line: string): void;
  err(line: string): void;
  readonly progress?: ProgressStream;
  /** The progress bar on screen, if any: cleared by the console before each line (see {@link StatusSlot}). */
  readonly status?: StatusSlot;
}

/** One process stream that stops writing, quietly, once its reader has gone (EPIPE). */
function lineWriter(stream: NodeJS.WriteStream, status: StatusSlot): (line: string) => void {
  let closed = false;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    closed = true;
  });
  return (line) => {
    status.clear?.();
    if (!closed) stream.write(`${line}\n`);
  };
}

/** A console on two streams, the bar drawn on the second; EPIPE handled (call once per stream pair). */
export function streamConsole(stdout: NodeJS.WriteStream, stderr: NodeJS.WriteStream): Console2 {
  const status: StatusSlot = { clear: undefined };
  return { out: lineWriter(stdout, status), err: lineWriter(stderr, status), progress: stderr, status };
}

/** The real process streams (call once per process). */
export function processConsole(): Console2 {
  return streamConsole(process.stdout, process.stderr);
}
