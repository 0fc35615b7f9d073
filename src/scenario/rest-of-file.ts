// The rest of a scenario the schema refused: its refused keys taken out, so the topology and deployment
// rules can check what is left in the same round and `validate` lists every problem of a file at once.
import type { z } from 'zod';

/**
 * Keys the rules compare with other keys (names, sites, the run's length, the workload's form, the
 * fault and action kinds). A refused one is not taken out: its default would make the rules speak of a
 * file the planner did not write, so such a file gets its structural problems only.
 */
const COMPARED = new Set([
  ...['name', 'site', 'role', 'servers', 'pools', 'edition', 'collocated', 'lowLatencySites'],
  ...['duration', 'warmup', 'at', 'allowUnsupported', 'capacityPerServer', 'admissionLimitPerServer'],
  ...['userShare', 'population', 'initialConnected', 'arrivals', 'rate', 'profile', 'profileFile'],
  ...['offTime', 'retry', 'delay', 'backoff', 'maxDelay', 'maxAttempts', 'jitter', 'messages'],
  ...['database', 'mirror', 'witness', 'alwaysOn', 'backupSite', 'mirrorSite', 'compliance', 'enabled'],
  ...['faults', 'actions', 'failover', 'fail', 'restore', 'failSite', 'restoreSite', 'failDatabase'],
  ...['restoreDatabase', 'failCompliance', 'restoreCompliance', 'random', 'setActive', 'swap', 'drain'],
  ...['activate', 'failback', 'mode', 'deadline', 'topology', 'workload'],
]);

type Json = Record<string, unknown> | unknown[];

/** A list or a plain mapping, as YAML and JSON make them (not a typed array, set or other object). */
function isContainer(v: unknown): v is Json {
  if (Array.isArray(v)) return true;
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A deep copy of plain data; undefined for anything else (functions, symbols, exotic objects). */
function copyOf(data: unknown): unknown {
  try {
    return structuredClone(data);
  } catch {
    return undefined;
  }
}

/** The object or list at `path` in `root`, or undefined. */
function containerAt(root: unknown, path: readonly PropertyKey[]): Json | undefined {
  let v: unknown = root;
  for (const k of path) v = isContainer(v) ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return isContainer(v) ? v : undefined;
}

/**
 * A copy of `data` without the keys zod refused (unknown keys, and values of the wrong form where the
 * rules read nothing from the key), for the rules to check; undefined when a refused key is one the rules
 * compare, sits in a list, or is the whole file. `refused` lists the paths taken out, so rule problems
 * at or under them are not said twice.
 */
export function restOfFile(
  data: unknown,
  issues: readonly z.core.$ZodIssue[],
): { data: unknown; refused: string[][] } | undefined {
  const copy = copyOf(data);
  if (copy === undefined) return undefined;
  const refused: string[][] = [];
  for (const issue of issues) {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [issue.path.at(-1)];
    const parentPath = issue.code === 'unrecognized_keys' ? issue.path : issue.path.slice(0, -1);
    const parent = containerAt(copy, parentPath);
    if (parent === undefined || Array.isArray(parent)) return undefined;
    for (const key of keys) {
      if (typeof key !== 'string') return undefined;
      if (issue.code !== 'unrecognized_keys' && COMPARED.has(key)) return undefined;
      delete parent[key];
      refused.push([...parentPath.map(String), key]);
    }
  }
  return { data: copy, refused };
}
