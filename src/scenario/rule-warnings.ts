// The scenario's warnings: documented limits its configuration passes, each a code, the scenario key
// it is about, the limit, the value, and a sentence citing the documented fact.
import { DOC_LIMITS, type ScenarioWarning, type ScenarioWarningCode } from '../model/limits.js';

const users = (n: number): string => n.toLocaleString('en-US');

/** The sentence of a scenario warning. */
function sentence(code: ScenarioWarningCode, path: string, limit: number, value: number): string {
  switch (code) {
    case 'too-many-active-servers':
      return `The scenario's ${path} makes ${value} servers of a pool active, more than the ${limit} active servers a pool may have [doc].`;
    case 'too-many-servers':
      return `The scenario's ${path} lists ${value} servers in a pool, more than the ${limit} (4 active and 4 standby) a pool may have [doc].`;
    case 'capacity-over-20000':
      return `The scenario's ${path} is ${users(value)}, above the ${users(limit)} concurrent users a server supports [doc].`;
    case 'topology-sized-over-80000':
      return `The scenario's active servers are sized for ${users(value)} concurrent users (active servers times capacityPerServer, over all pools), above the ${users(limit)} all pools together support [doc].`;
    case 'admission-limit-over-30000':
      return `The scenario's ${path} lets a server take ${users(value)} users, beyond the documented worst case of a server "hosting as many as 30,000 users" after a failure [doc].`;
    case 'population-over-150000':
      return `The scenario's ${path} is ${users(value)} users, more than the ${users(limit)} users enabled for Persistent Chat the documentation sizes for [doc].`;
    default:
      return code satisfies never;
  }
}

/** A scenario warning about the key at `path` (the limit is the documented one of its code). */
export function scenarioWarning(code: ScenarioWarningCode, path: string, value: number): ScenarioWarning {
  const limit = LIMIT_OF[code];
  return Object.freeze({ code, subject: path, message: sentence(code, path, limit, value), limit, value });
}

const LIMIT_OF: Readonly<Record<ScenarioWarningCode, number>> = {
  'too-many-active-servers': DOC_LIMITS.maxActivePerPool,
  'too-many-servers': DOC_LIMITS.maxServersPerPool,
  'capacity-over-20000': DOC_LIMITS.supportedUsersPerServer,
  'topology-sized-over-80000': DOC_LIMITS.supportedUsersAllPools,
  'admission-limit-over-30000': DOC_LIMITS.worstCaseUsersPerServer,
  'population-over-150000': DOC_LIMITS.provisionedUsers,
};
