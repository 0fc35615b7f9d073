// The `run` command's work: the scenario and its overrides checked by the experiment layer, then one
// plain run or a replicated (or sharded) one.
import type { ArgumentsCamelCase } from 'yargs';
import { prepareRun } from '../../experiment/replications/prepare-run.js';
import type { Console2 } from '../console.js';
import { DEFAULT_SCENARIO } from '../paths.js';
import type { RunArgs } from './run.js';

/** Runs `pchat-sim run`. @returns the exit code. @throws ScenarioError, UsageError */
export async function runHandler(args: ArgumentsCamelCase<RunArgs>, io: Console2): Promise<number> {
  const { config, replicated, checkpoint } = await prepareRun(args.scenario ?? DEFAULT_SCENARIO, args);
  // Each kind of run loads only its own modules.
  if (replicated) {
    const { runReplicationsCli } = await import('../run-replications.js');
    await runReplicationsCli(config, args, io, checkpoint);
  } else {
    const { runSingleCli } = await import('../run-single.js');
    await runSingleCli(config, args, io, checkpoint);
  }
  return 0;
}
