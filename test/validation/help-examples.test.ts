// Every `--help` example runs as given on the shipped scenarios, each command's examples in the order a
// planner would take them (init, validate, schema, run, merge, sweep, plan, compare, branch), in one fresh folder:
// exit 0, nothing on stderr. `npm test` runs them smaller (see command-lines.ts); `npm run validate`
// exactly as written through the built CLI.
import { cpSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { afterAll, describe, expect, it } from 'vitest';
import { branchCommand } from '../../src/cli/commands/branch.js';
import { compareCommand } from '../../src/cli/commands/compare.js';
import { initCommand } from '../../src/cli/commands/init.js';
import { mergeCommand } from '../../src/cli/commands/merge.js';
import { planCommand } from '../../src/cli/commands/plan.js';
import { runCommand } from '../../src/cli/commands/run.js';
import { schemaCommand } from '../../src/cli/commands/schema.js';
import { sweepCommand } from '../../src/cli/commands/sweep.js';
import { validateCommand } from '../../src/cli/commands/validate.js';
import { ensureBuilt } from '../cli/built-cli.js';
import { tempDir } from '../helpers.js';
import { ROOT, runLine, VALIDATE } from './command-lines.js';

const io = { out: () => undefined, err: () => undefined };
const none = () => undefined;
/** In the order a planner would take them: a file, its check, runs, then what combines runs. */
const COMMANDS = [
  initCommand(io, none),
  validateCommand(io, none),
  schemaCommand(io, none),
  runCommand(io, none),
  mergeCommand(io, none),
  sweepCommand(io, none),
  planCommand(io, none),
  compareCommand(io, none),
  branchCommand(io, none),
] as const;

/** The examples a command's builder declares (`$0` read as `pchat-sim`), recorded without yargs. */
function examplesOf(command: CommandModule<object, never>): string[] {
  const found: string[] = [];
  const recorder: object = new Proxy(
    {},
    {
      get:
        (_target, key) =>
        (...args: unknown[]) => {
          if (key === 'example') found.push(String(args[0]).replace('$0', 'pchat-sim'));
          return recorder;
        },
    },
  );
  (command.builder as (y: unknown) => unknown)(recorder);
  return found;
}

const examples = COMMANDS.flatMap((c) => examplesOf(c as CommandModule<object, never>));

describe(`--help examples (${VALIDATE ? 'exactly as written' : 'smaller'})`, () => {
  const cwd = process.cwd();
  const dir = tempDir('pchat-sim-help-examples-');
  symlinkSync(join(ROOT, 'scenarios'), join(dir, 'scenarios'));
  // A copy: an example refreshes schema/scenario.schema.json.
  cpSync(join(ROOT, 'schema'), join(dir, 'schema'), { recursive: true });
  afterAll(() => process.chdir(cwd));

  it('gives every command at least one example', () => {
    for (const c of COMMANDS)
      expect(examplesOf(c as CommandModule<object, never>), String(c.command)).not.toEqual([]);
  });

  it('runs every example with exit 0 and nothing on stderr', async () => {
    if (VALIDATE) ensureBuilt();
    else process.chdir(dir);
    for (const line of examples) {
      const r = await runLine(line, dir);
      expect({ line, ...r }).toEqual({ line, code: 0, err: [] });
    }
  }, 1_800_000);
});
