// Where the CLI prints: one line at a time to stdout or stderr; injectable so tests can capture it.
// A closed stdout (`pchat-sim validate x | head -1`) is not an error: further lines are dropped.

/** A command's two output channels, and where a long run draws its progress bar (stderr; none in most tests). */
export interface Console2 {
  out(line: string): void;
  err(line: string): void;
  readonly progress?: NodeJS.WritableStream & { readonly isTTY?: boolean };
}

/** One process stream that stops writing, quietly, once its reader has gone (EPIPE). */
function lineWriter(stream: NodeJS.WriteStream): (line: string) => void {
  let closed = false;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    closed = true;
  });
  return (line) => {
    if (!closed) stream.write(`${line}\n`);
  };
}

/** The real process streams, with EPIPE handled (call once per process). */
export function processConsole(): Console2 {
  return { out: lineWriter(process.stdout), err: lineWriter(process.stderr), progress: process.stderr };
}
