// Runs a command's writer into a staged results folder: the folder appears only when the writer
// finished; an error, SIGINT, SIGTERM, SIGHUP or any end of the process before the final rename removes
// the staged files and leaves the target as it was. A signal after the rename changes nothing: the
// results are complete, and one line says so.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { OutputError } from '../errors.js';
import { OutputDir } from '../io/output-dir.js';
import type { Console2 } from './console.js';

/** The signals that end a command: Ctrl-C, a kill, a closed terminal or ssh session. */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** Marks this module's after-commit listeners, so a later command replaces them rather than adds more. */
const LATE = Symbol.for('pchat-sim.signal-after-commit');

/**
 * Calls `write(dir)` with a staging folder, then moves it to `path` (replacing an existing results
 * folder only with `force`). On SIGINT/SIGTERM/SIGHUP before the move, the staged files are removed,
 * one line says so on stderr, and the signal is raised again so the process ends the way the shell
 * expects (exit 130/143/129). If the process ends any other way before commit (an internal error, an
 * unsettled promise), the 'exit' hook removes them.
 * @throws UsageError if `path` cannot be written as a results folder (checked before `write` runs).
 */
export async function writeStaged<T>(
  path: string,
  force: boolean,
  io: Console2,
  write: (dir: string) => Promise<T>,
): Promise<T> {
  clearLateListeners();
  const out = OutputDir.open(path, { force });
  const onExit = (): void => out.discard();
  const onSignal = (signal: NodeJS.Signals): void => {
    out.discard();
    io.err(`pchat-sim: interrupted by ${signal}; removed the partial results, ${path} is as it was`);
    for (const s of SIGNALS) process.off(s, onSignal);
    process.kill(process.pid, signal);
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  process.on('exit', onExit);
  try {
    const result = await write(out.staging);
    // A chain of promises (the charts) never lets the event loop read a signal that arrived meanwhile.
    // Two turns of the loop put one whole poll phase, where signals are read, between any signal that
    // came before this line and the commit, which is synchronous to its end.
    await nextTurn();
    await nextTurn();
    const note = out.commit();
    for (const s of SIGNALS) process.off(s, onSignal);
    sayLateSignals(path, io);
    if (note !== null) io.err(note);
    return result;
  } catch (e) {
    out.discard();
    throw e instanceof OutputError ? new OutputError(e.errno, e.message.split(out.staging).join(path)) : e;
  } finally {
    for (const s of SIGNALS) process.off(s, onSignal);
    process.off('exit', onExit);
  }
}

/** From the commit on, a signal only gets a line: the command ends as it would have (exit 0). */
function sayLateSignals(path: string, io: Console2): void {
  clearLateListeners();
  const late = Object.assign(
    (signal: NodeJS.Signals): void =>
      io.err(`pchat-sim: ${signal} arrived after the results were committed; ${path} is complete`),
    { [LATE]: true },
  );
  for (const s of SIGNALS) process.on(s, late);
}

/** Removes the after-commit listeners of an earlier command in this process (tests run many). */
function clearLateListeners(): void {
  for (const s of SIGNALS)
    for (const l of process.listeners(s)) if (LATE in l) process.off(s, l as NodeJS.SignalsListener);
}
