// The process around a command: it can never end without a word. An unhandled rejection or uncaught
// exception, or a command whose promise can never settle (the event loop ran dry while it waited), ends
// the process with "pchat-sim: internal error: …" and exit 1; staged results are removed by the
// 'exit' hook of writeStaged.
import type { Console2 } from './console.js';

/** Printed when the event loop empties while the command still waits: a promise that can never settle. */
export const UNSETTLED =
  'pchat-sim: internal error: the command stopped while waiting for something that never happens (an unsettled promise); no results were written';

function internal(e: unknown): string {
  const err = e instanceof Error ? e : new Error(String(e));
  const debug = process.env['PCHAT_SIM_DEBUG'] !== undefined && err.stack !== undefined;
  return `pchat-sim: internal error: ${err.message}${debug ? `\n${err.stack}` : ''}`;
}

/**
 * Runs a command's promise as the whole process: its value becomes the exit code; anything that would
 * end the process silently or with a raw stack trace ends it with one line and exit 1 instead.
 */
export function guardProcess(command: Promise<number>, io: Console2): void {
  let settled = false;
  const die = (e: unknown): void => {
    io.err(internal(e));
    process.exit(1);
  };
  process.on('unhandledRejection', die);
  process.on('uncaughtException', die);
  process.on('beforeExit', () => {
    if (settled) return;
    settled = true;
    io.err(UNSETTLED);
    process.exit(1);
  });
  command.then(
    (code) => {
      settled = true;
      process.exitCode = code;
    },
    (e: unknown) => {
      settled = true;
      die(e);
    },
  );
}
