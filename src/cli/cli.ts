// The command line: yargs with one module per command. The only place that knows argv,
// stdout/stderr and exit codes (0 ok, 2 bad input, 1 anything else).
import yargs, { type Argv, type CommandModule } from 'yargs';
import { processConsole, type Console2 } from './console.js';
export type { Console2 } from './console.js';
import { OutputError, ScenarioError, SimError, UsageError } from '../errors.js';
import { didYouMean } from '../scenario/known-keys.js';
import { branchCommand } from './commands/branch.js';
import { compareCommand } from './commands/compare.js';
import { initCommand } from './commands/init.js';
import { mergeCommand } from './commands/merge.js';
import { planCommand } from './commands/plan.js';
import { runCommand } from './commands/run.js';
import { schemaCommand } from './commands/schema.js';
import { sweepCommand } from './commands/sweep.js';
import { validateCommand } from './commands/validate.js';

/** The part of yargs' parser that lists the options in force. */
interface OptionsOf {
  getOptions(): { key: Record<string, unknown> };
}

/** Parses `argv` and runs the command. @returns the process exit code. */
export async function runCli(argv: readonly string[], io: Console2 = processConsole()): Promise<number> {
  let code = 0;
  const commands = commandModules(io, (c) => {
    code = c;
  });
  const names = commands.map((c) => String(c.command).split(' ')[0] ?? '');
  const parser = cliParser(argv, commands);
  try {
    checkCommandName(argv[0], names);
    await parser.parseAsync();
    return code;
  } catch (e) {
    const command = argv[0] !== undefined && names.includes(argv[0]) ? `${argv[0]} ` : '';
    return report(e, io, command);
  }
}

/** Every command, each told how to set the exit code. */
function commandModules(io: Console2, setCode: (c: number) => void) {
  return [
    runCommand(io, setCode),
    validateCommand(io, setCode),
    initCommand(io, setCode),
    schemaCommand(io, setCode),
    sweepCommand(io, setCode),
    mergeCommand(io, setCode),
    planCommand(io, setCode),
    compareCommand(io, setCode),
    branchCommand(io, setCode),
  ];
}

/** The yargs parser of `argv`: every failure thrown as a UsageError, never an exit. */
function cliParser(argv: readonly string[], commands: ReturnType<typeof commandModules>): Argv {
  let parser: Argv = yargs([...argv])
    .scriptName('pchat-sim')
    .usage('$0 <command> [options]\n\nSimulates Persistent Chat Server pools under load and failure.');
  for (const c of commands) parser = parser.command(c as CommandModule);
  return (
    parser
      .demandCommand(1, 'name a command: run, validate, sweep, plan, merge, compare, branch, init or schema')
      .strict()
      .version()
      .help()
      .exitProcess(false)
      // Help as wide as the terminal, at most 120 columns (yargs' own default stops at 80), so examples fit.
      .wrap(Math.min(120, process.stdout.isTTY ? process.stdout.columns : 120))
      .fail((msg, err) => {
        // yargs wraps an error thrown by an option's coerce (e.g. an option given twice) in a YError.
        if (err?.name === 'YError') throw new UsageError(err.message);
        if (err) throw err;
        // During a command, the parser's options are that command's (getOptions is public in yargs
        // but missing from its type declarations).
        const known = Object.keys((parser as unknown as OptionsOf).getOptions().key);
        throw new UsageError(unknownArguments(msg, argv, known) ?? msg, { usage: true });
      })
  );
}

/**
 * yargs' "Unknown arguments: a, b" as one line each: an option with the nearest option of the command
 * when one is close, or a word the command does not take. yargs also lists an option's camelCase copy
 * and the name under a `--no-` negation; each option of argv is named once, as typed. @returns undefined
 * for any other message.
 */
function unknownArguments(
  msg: string,
  argv: readonly string[],
  options: readonly string[],
): string | undefined {
  const m = /^Unknown arguments?: (.+)$/.exec(msg);
  if (m === null) return undefined;
  const kebab = (x: string): string => x.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const typed = (a: string): string | undefined => {
    const names = [a, kebab(a)].flatMap((n) => (n.length === 1 ? [`-${n}`] : [`--${n}`, `--no-${n}`]));
    return argv.find((w) => names.some((f) => w === f || w.startsWith(`${f}=`)))?.split('=')[0];
  };
  const lines = new Set<string>();
  for (const a of (m[1] ?? '').split(', ')) {
    const flag = typed(a);
    if (flag === undefined) {
      lines.add(`unexpected argument ${JSON.stringify(a)}`);
      continue;
    }
    const near = didYouMean(
      flag.replace(/^-+/, ''),
      options.filter((o) => o.length > 1),
    );
    lines.add(`unknown option ${flag}${near === undefined ? '' : `; did you mean --${near}?`}`);
  }
  return [...lines].join('\n');
}

/** An unknown first word is a mistyped command: say so, with the nearest command name if one is close. */
function checkCommandName(first: string | undefined, names: readonly string[]): void {
  if (first === undefined || first.startsWith('-')) return;
  if (names.includes(first)) return;
  const near = didYouMean(first, names);
  const hint = near === undefined ? `; the commands are ${names.join(', ')}` : `; did you mean ${near}?`;
  throw new UsageError(`unknown command ${JSON.stringify(first)}${hint}`, { usage: true });
}

/** Prints what went wrong; `command` ("run " or "") names the help to read. @returns the exit code. */
function report(e: unknown, io: Console2, command: string): number {
  if (e instanceof ScenarioError || e instanceof UsageError) {
    for (const line of e.message.split('\n')) io.err(line);
    if (e instanceof UsageError && e.usage) io.err(`Run "pchat-sim ${command}--help" for usage.`);
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
