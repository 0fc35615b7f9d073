// Runs a command's writer into a staged results folder: the folder appears only when the writer
// finished; an error, SIGINT, SIGTERM or any end of the process removes the staged files and leaves
// the target as it was.
import { OutputError } from '../errors.js';
import { OutputDir } from '../io/output-dir.js';
import type { Console2 } from './console.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Calls `write(dir)` with a staging folder, then moves it to `path` (replacing an existing results
 * folder only with `force`). On SIGINT/SIGTERM the staged files are removed, one line says so on
 * stderr, and the signal is raised again so the process ends the way the shell expects (exit 130/143).
 * If the process ends any other way before commit (an internal error, an unsettled promise), the
 * 'exit' hook removes them.
 * @throws UsageError if `path` cannot be written as a results folder (checked before `write` runs).
 */
export async function writeStaged<T>(
  path: string,
  force: boolean,
  io: Console2,
  write: (dir: string) => Promise<T>,
): Promise<T> {
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
    const note = out.commit();
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
