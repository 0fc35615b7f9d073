// The piscina worker entry (run from the compiled dist/ only): one replication per task. The timeline's
// buffer is transferred back to the main thread, not copied. A run stopped by its guard comes back as
// its line (an error's class does not cross threads), for the main thread to raise.
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { runReplicationTask, type ReplicationResult, type ReplicationTask } from './replicate.js';
import { RunStopped } from './run-guard.js';

/** What the worker hands back for a run its guard stopped. */
export interface StoppedTask {
  readonly stopped: string;
}

/** Runs one replication (a checkpoint or a resume included); piscina calls this for every task. */
export default async function runTask(
  task: ReplicationTask,
): Promise<ReplicationResult | StoppedTask | ReturnType<typeof move>> {
  let result: ReplicationResult;
  try {
    result = await runReplicationTask(task);
  } catch (e) {
    if (e instanceof RunStopped) return { stopped: e.message };
    throw e;
  }
  const timeline = result.timeline;
  if (timeline === null) return result;
  return move({
    get [transferableSymbol]() {
      return [timeline.buffer];
    },
    get [valueSymbol]() {
      return result;
    },
  });
}
