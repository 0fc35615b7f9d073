import type { PlanOptions } from '../../src/experiment/plan/plan-evaluator.js';

/** A plan's options as the CLI's defaults give them (for 80,000 users, one worker), with `changes`. */
export function planOptions(changes: Partial<PlanOptions> = {}): PlanOptions {
  return {
    users: 80000,
    maxBlocking: 0.001,
    maxLost: 0.001,
    maxOverCapacityS: 0,
    maxRehomeS: null,
    windowS: null,
    settleS: null,
    restoreAfterS: null,
    nMinus: 1,
    failAtS: null,
    warmupS: null,
    replications: 5,
    maxReplications: 50,
    workers: 1,
    resolution: null,
    ...changes,
  };
}
