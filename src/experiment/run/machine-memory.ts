// The memory a run may plan on: the container's limit when it has one, else the machine's. Read by
// the up-front cost estimate and by the guard that stops a run past it.
import { totalmem } from 'node:os';

/** Bytes of memory this process may use: the container's limit when it has one, else the machine's. */
export function machineMemory(): number {
  const constrained = process.constrainedMemory?.();
  return typeof constrained === 'number' && constrained > 0 ? Math.min(constrained, totalmem()) : totalmem();
}
