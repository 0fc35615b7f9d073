// The piscina worker entry (run from the compiled dist/ only): one replication per task. The timeline's
// buffer is transferred back to the main thread, not copied.
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { runReplication, type ReplicationResult, type ReplicationTask } from './replicate.js';

/** Runs one replication; piscina calls this for every task. */
export default function runTask(task: ReplicationTask): ReplicationResult | ReturnType<typeof move> {
  const result = runReplication(task);
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
