// The command line: yargs with one module per command. The only place that knows argv,
// stdout/stderr and exit codes (0 ok, 2 bad input, 1 anything else).
import yargs, { type Argv, type CommandModule } from 'yargs';
import { processConsole, type Console2 } from './console.js';
export type { Console2 } from './console.js';
import { OutputError, ScenarioError, SimError, UsageError } from '../errors.js';
import { didYouMean } from '../scenario/known-keys.js';
import { compareCommand } from './commands/compare.js';
import { initCommand } from './commands/init.js';
import { mergeCommand } from './commands/merge.js';
import { planCommand } from './commands/plan.js';
import { runCommand } from './commands/run.js';
import { schemaCommand } from './commands/schema.js';
import { sweepCommand } from './commands/sweep.js';
import { validateCommand } from './commands/validate.js';

/** Parses `argv` and runs the command. @returns the process exit code. */
export async function runCli(argv: readonly string[], io: Console2 = processConsole()): Promise<number> {
  let code = 0;
  const setCode = (c: number): void => {
    code = c;
  };
  const commands = [
    runCommand(io, setCode),
    validateCommand(io, setCode),
    initCommand(io, setCode),
    schemaCommand(io, setCode),
    sweepCommand(io, setCode),
    mergeCommand(io, setCode),
    planCommand(io, setCode),
    compareCommand(io, setCode),
  ];
  let parser: Argv = yargs([...argv])
    .scriptName('pchat-sim')
    .usage('$0 <command> [options]\n\nSimulates Persistent Chat Server pools under load and failure.');
  for (const c of commands) parser = parser.command(c as CommandModule);
  parser = parser
    .demandCommand(1, 'name a command: run, validate, sweep, plan, merge, compare, init or schema')
    .strict()
    .version()
    .help()
    .exitProcess(false)
    // Help as wide as the terminal, at most 120 columns (yargs' own default stops at 80), so examples fit.
    .wrap(Math.min(120, process.stdout.isTTY ? process.stdout.columns : 120))
    .fail((msg, err) => {
      // yargs wraps an error thrown by an option's coerce (e.g. an option given twice) in a YError.
      if (err?.name === 'YError') throw new UsageError(err.message);
      throw err ?? new UsageError(msg, { usage: true });
    });
  try {
    checkCommandName(
      argv[0],
      commands.map((c) => String(c.command).split(' ')[0] ?? ''),
    );
    await parser.parseAsync();
    return code;
  } catch (e) {
    return report(e, io);
  }
}

/** An unknown first word is a mistyped command: say so, with the nearest command name if one is close. */
function checkCommandName(first: string | undefined, names: readonly string[]): void {
  if (first === undefined || first.startsWith('-')) return;
  if (names.includes(first)) return;
  const near = didYouMean(first, names);
  const hint = near === undefined ? `; the commands are ${names.join(', ')}` : `; did you mean ${near}?`;
  throw new UsageError(`unknown command ${JSON.stringify(first)}${hint}`, { usage: true });
}

function report(e: unknown, io: Console2): number {
  if (e instanceof ScenarioError || e instanceof UsageError) {
    for (const line of e.message.split('\n')) io.err(line);
    if (e instanceof UsageError && e.usage) io.err('Run "pchat-sim --help" for usage.');
    return 2;
  }
  if (e instanceof OutputError) {
    io.err(`pchat-sim: ${e.message}`);
    return 1;
  }
  if (e instanceof SimError) {
    io.err(`pchat-sim: ${e.code}: ${e.message}`);
    return 1;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  io.err(`pchat-sim: internal error: ${err.message}`);
  if (process.env['PCHAT_SIM_DEBUG'] !== undefined && err.stack !== undefined) io.err(err.stack);
  return 1;
}
