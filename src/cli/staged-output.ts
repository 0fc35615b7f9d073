// Runs a command's writer into a staged results folder: the folder appears only when the writer
// finished; an error, SIGINT or SIGTERM removes the staged files and leaves the target as it was.
import { OutputDir } from '../io/output-dir.js';
import type { Console2 } from './console.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Calls `write(dir)` with a staging folder, then moves it to `path` (replacing an existing results
 * folder only with `force`). On SIGINT/SIGTERM the staged files are removed, one line says so on
 * stderr, and the signal is raised again so the process ends the way the shell expects (exit 130/143).
 * @throws UsageError if `path` cannot be written as a results folder (checked before `write` runs).
 */
export async function writeStaged<T>(
  path: string,
  force: boolean,
  io: Console2,
  write: (dir: string) => Promise<T>,
): Promise<T> {
  const out = OutputDir.open(path, { force });
  const onSignal = (signal: NodeJS.Signals): void => {
    out.discard();
    io.err(`pchat-sim: interrupted by ${signal}; removed the partial results, ${path} is as it was`);
    for (const s of SIGNALS) process.off(s, onSignal);
    process.kill(process.pid, signal);
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  try {
    const result = await write(out.staging);
    out.commit();
    return result;
  } catch (e) {
    out.discard();
    throw e;
  } finally {
    for (const s of SIGNALS) process.off(s, onSignal);
  }
}
