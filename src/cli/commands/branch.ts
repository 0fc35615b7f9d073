// `pchat-sim branch <checkpoint> [--set key=values ...]`: a checkpoint's world run on from its instant,
// as it was or with changed settings (a grid, compared with the unchanged continuation).
import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import type { Console2 } from '../console.js';
import { UsageError } from '../../errors.js';
import { outputOptions, seconds, warmupValue, whole, type ArgsOf } from '../options.js';

const builder = (y: Argv) =>
  outputOptions(y, 'results/<name>-branch')
    .positional('checkpoint', {
      type: 'string',
      demandOption: true,
      describe: 'checkpoint.pchat written by run --checkpoint-at',
    })
    .option('set', {
      type: 'string',
      array: true,
      describe:
        'key.path=v1,v2 as for sweep: what acts after the checkpoint (failover, retry, admission and sign-in limits, arrivals, faults and actions after it; faults[i]=none removes one)',
    })
    .option('checkpoint-at', {
      type: 'string',
      describe: 'also write checkpoint.pchat in each result folder at this later instant',
      coerce: seconds('checkpoint-at'),
    })
    .option('warmup', {
      type: 'string',
      describe:
        'warm-up of every run of the branch, base included: a time after the checkpoint, or auto (MSER-5 on a pilot pass of the continuation)',
      coerce: warmupValue('warmup'),
    })
    .option('workers', {
      type: 'string',
      describe: 'worker threads for a replicated checkpoint (default and most: the cores of this machine)',
      coerce: whole('workers', 1, 1024),
    })
    .example(
      '$0 branch results/standby-promotion/checkpoint.pchat',
      'the rest of the run, as the straight run',
    )
    .example(
      '$0 branch results/standby-promotion/checkpoint.pchat --set failover.promoteStandbyAfter=5m,15m,30m --out results/promotion-branches',
      'three reaction times from the same state, compared with the unchanged continuation',
    );

type BranchArgs = ArgsOf<typeof builder>;

/** The `branch` command module. */
export function branchCommand(io: Console2, setCode: (c: number) => void): CommandModule<object, BranchArgs> {
  return {
    command: 'branch <checkpoint>',
    describe: 'Run a checkpoint on from its instant, as it was or with changed settings compared',
    builder,
    handler: async (args) => {
      const { openCheckpoint } = await import('../../experiment/branch/open-checkpoint.js');
      const { checkBranchAxes } = await import('../../experiment/branch/branch-changes.js');
      const { checkBranchGrid, runBranch } = await import('../../experiment/branch/branch.js');
      const { parseSet } = await import('../../experiment/sweep/sweep-spec.js');
      const { defaultWorkers } = await import('../../experiment/run/task-runner.js');
      const { writeStaged } = await import('../staged-output.js');
      const { progressBar } = await import('../progress.js');
      const cp = await openCheckpoint(args.checkpoint);
      const axes = (args.set ?? []).map(parseSet);
      const fixed = args.warmup === undefined ? [] : [parseSet(`warmup=${args.warmup}`)];
      if (axes.some((a) => a.key === 'warmup') && fixed.length > 0)
        throw new UsageError('--warmup and --set warmup=...: give the warm-up one way');
      checkBranchAxes(axes, cp.header.atS);
      const points = checkBranchGrid(cp, axes, fixed);
      const atS = args.checkpointAt ?? null;
      if (atS !== null && !(atS >= cp.header.atS && atS < cp.config.durationS))
        throw new UsageError(
          `--checkpoint-at: a branch's checkpoint is from its own instant (${cp.header.atS} s) to before the run's end (${cp.config.durationS} s); received ${atS} s`,
        );
      const outDir = args.out ?? join('results', `${cp.config.name}-branch`);
      const workers = Math.min(args.workers ?? defaultWorkers(), defaultWorkers());
      const progress = progressBar('runs', args.quiet, io.progress, io.status);
      const report = await writeStaged(outDir, args.force, io, async (dir) => {
        try {
          return await runBranch(cp, axes, dir, {
            workers,
            onProgress: progress.onProgress,
            checkpointAtS: atS,
            fixed,
          });
        } finally {
          progress.stop();
        }
      });
      setCode(0);
      const { reportWarmups } = await import('../experiment-cli.js');
      await reportWarmups(
        report.warmups.map((w) => w.found),
        report.warmups.map((w) => (w.folder === '.' ? cp.config.name : w.folder)),
        io,
        args.quiet,
      );
      if (args.quiet) return;
      const what =
        axes.length === 0
          ? `the run from ${cp.header.atS} s to its end`
          : `base and ${points} branch${points === 1 ? '' : 'es'} from ${cp.header.atS} s, compare.csv, report.html`;
      io.out(`wrote ${outDir}/: ${what}`);
    },
  };
}
