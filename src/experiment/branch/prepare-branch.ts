// What `branch` checks before anything runs: the checkpoint file, the changes asked for from its
// instant, the warm-up given one way, a later checkpoint within the run, and the up-front cost.
import { UsageError } from '../../errors.js';
import { parseSet, type SweepAxis } from '../sweep/sweep-spec.js';
import { checkBranchAxes } from './branch-changes.js';
import { refuseBranchCost } from './branch-cost.js';
import { checkedBranchRuns } from './branch.js';
import { openCheckpoint, type OpenCheckpoint } from './open-checkpoint.js';

/** The branch as the command asks for it. */
export interface BranchRequest {
  /** `--set key=values`, as typed. */
  readonly sets: readonly string[];
  /** `--warmup`: seconds or `auto`, for every run of the branch. */
  readonly warmup: number | 'auto' | undefined;
  /** `--checkpoint-at`: seconds, or null without it. */
  readonly checkpointAtS: number | null;
  /** --yes: run past the cost limits. */
  readonly yes: boolean;
}

/** The checked branch: the checkpoint, the changed keys, the fixed ones and the number of points. */
export interface PreparedBranch {
  readonly cp: OpenCheckpoint;
  readonly axes: SweepAxis[];
  readonly fixed: SweepAxis[];
  readonly points: number;
}

/** Opens `file` and checks the branch asked for. @throws UsageError */
export async function prepareBranch(file: string, r: BranchRequest): Promise<PreparedBranch> {
  const cp = await openCheckpoint(file);
  const axes = r.sets.map(parseSet);
  const fixed = r.warmup === undefined ? [] : [parseSet(`warmup=${r.warmup}`)];
  if (axes.some((a) => a.key === 'warmup') && fixed.length > 0)
    throw new UsageError('--warmup and --set warmup=...: give the warm-up one way');
  checkBranchAxes(axes, cp.header.atS);
  const atS = r.checkpointAtS;
  if (atS !== null && !(atS >= cp.header.atS && atS < cp.config.durationS))
    throw new UsageError(
      `--checkpoint-at: a branch's checkpoint is from its own instant (${cp.header.atS} s) to before the run's end (${cp.config.durationS} s); received ${atS} s`,
    );
  refuseBranchCost(cp, checkedBranchRuns(cp, axes, fixed), r.yes);
  const points = axes.length === 0 ? 0 : axes.reduce((n, a) => n * a.values.length, 1);
  return { cp, axes, fixed, points };
}
