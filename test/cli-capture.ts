// The CLI run in the test's own process with its output captured: what every command test calls.
import { runCli } from '../src/cli/cli.js';

/** Runs `pchat-sim ...argv` in-process (no progress bar): its exit code and the lines it printed. */
export async function cli(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

/** As {@link cli}, with stdout and stderr lines in one list, in the order they were printed. */
export async function cliLines(...argv: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await runCli(argv, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
  return { code, lines };
}
