// The scheduled faults, administrator actions and random fault processes of a parsed scenario as
// the model's kinds, with indices instead of names; faults at the same time keep file order.
import type {
  Action,
  ActionKind,
  Fault,
  FaultAction,
  FaultKind,
  RandomFaultConfig,
  ServerConfig,
} from '../model/config.js';
import { unknownKind } from '../model/config.js';
import { actionKindOf, faultKindOf } from './rule-helpers.js';
import type { ParsedScenario } from './schema.js';

type ParsedFault = ParsedScenario['faults'][number];
type ParsedAction = ParsedScenario['actions'][number];
type Index = (n: string) => number;

/** Name lookups of the normalised topology. */
export interface Names {
  readonly servers: readonly ServerConfig[];
  readonly sites: readonly string[];
  readonly poolIndex: Index;
  readonly serverIndex: Index;
}

/** The scheduled faults and actions in time order, and the random fault processes. */
export function normaliseFaults(
  s: ParsedScenario,
  names: Names,
): { faults: FaultAction[]; randomFaults: RandomFaultConfig[] } {
  const faults: FaultAction[] = [];
  const randomFaults: RandomFaultConfig[] = [];
  for (const f of s.faults) {
    if (f.random !== undefined) {
      const list =
        f.random.servers === 'all' ? names.servers.map((_, i) => i) : f.random.servers.map(names.serverIndex);
      randomFaults.push(
        Object.freeze({ servers: Object.freeze(list), mtbf: f.random.mtbf, mttr: f.random.mttr }),
      );
    } else {
      faults.push(Object.freeze(faultOf(f, faultKindOf(f), names)));
    }
  }
  for (const a of s.actions) faults.push(Object.freeze(actionOf(a, actionKindOf(a), names)));
  // Stable sort: faults at the same time keep file order.
  faults.sort((a, b) => a.at - b.at);
  return { faults, randomFaults };
}

function faultOf(f: ParsedFault, kind: FaultKind, names: Names): Fault {
  const at = f.at ?? 0;
  const key = f[kind] ?? '';
  switch (kind) {
    case 'fail':
    case 'restore':
      return { at, kind, target: names.serverIndex(key) };
    case 'failSite':
    case 'restoreSite':
      return { at, kind, target: names.sites.indexOf(key) };
    case 'failDatabase':
    case 'restoreDatabase':
    case 'failCompliance':
    case 'restoreCompliance':
      return { at, kind, target: names.poolIndex(key) };
    default:
      return unknownKind(kind);
  }
}

function actionOf(a: ParsedAction, kind: ActionKind, names: Names): Action {
  const { at } = a;
  const key = a[kind] ?? '';
  const { serverIndex, poolIndex } = names;
  switch (kind) {
    case 'setActive':
      return { at, kind, target: poolIndex(key), servers: Object.freeze((a.servers ?? []).map(serverIndex)) };
    case 'swap':
      return { at, kind, target: poolIndex(key) };
    case 'drain':
      return { at, kind, target: serverIndex(key), force: a.mode === 'force', seconds: a.deadline ?? 0 };
    case 'activate':
      return { at, kind, target: serverIndex(key) };
    case 'failback':
      return {
        at,
        kind,
        target: poolIndex(key),
        seconds: a.duration ?? 0,
        servers: a.servers === undefined ? null : Object.freeze(a.servers.map(serverIndex)),
      };
    default:
      return unknownKind(kind);
  }
}
