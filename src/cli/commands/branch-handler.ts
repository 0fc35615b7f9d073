// The `branch` command's work: the checkpoint and the changes checked by the experiment layer, the
// continuation (and each branch) run into a staged results folder, then what was written.
import { join } from 'node:path';
import type { ArgumentsCamelCase } from 'yargs';
import { runBranch } from '../../experiment/branch/branch.js';
import { prepareBranch } from '../../experiment/branch/prepare-branch.js';
import { defaultWorkers } from '../../experiment/run/task-runner.js';
import type { Console2 } from '../console.js';
import { reportWarmups } from '../experiment-cli.js';
import { progressBar } from '../progress.js';
import { writeStaged } from '../staged-output.js';
import type { BranchArgs } from './branch.js';

/** Runs `pchat-sim branch`. @returns the exit code. @throws UsageError */
export async function branchHandler(args: ArgumentsCamelCase<BranchArgs>, io: Console2): Promise<number> {
  const checkpointAtS = args.checkpointAt ?? null;
  const { cp, axes, fixed, points } = await prepareBranch(args.checkpoint, {
    sets: args.set ?? [],
    warmup: args.warmup,
    checkpointAtS,
    yes: args.yes,
  });
  const outDir = args.out ?? join('results', `${cp.config.name}-branch`);
  const workers = Math.min(args.workers ?? defaultWorkers(), defaultWorkers());
  const progress = progressBar('runs', args.quiet, io.progress, io.status);
  const report = await writeStaged(outDir, args.force, io, async (dir) => {
    try {
      return await runBranch(cp, axes, dir, {
        workers,
        onProgress: progress.onProgress,
        checkpointAtS,
        fixed,
        confirmed: args.yes,
      });
    } finally {
      progress.stop();
    }
  });
  await reportWarmups(
    report.warmups.map((w) => w.found),
    report.warmups.map((w) => (w.folder === '.' ? cp.config.name : w.folder)),
    io,
    args.quiet,
  );
  if (args.quiet) return 0;
  const what =
    axes.length === 0
      ? `the run from ${cp.header.atS} s to its end`
      : `base and ${points} branch${points === 1 ? '' : 'es'} from ${cp.header.atS} s, compare.csv, report.html`;
  io.out(`wrote ${outDir}/: ${what}`);
  return 0;
}
