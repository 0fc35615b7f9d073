// The template's administrator actions in a plan. A plan fails servers of its own in place of the
// template's faults and sets each candidate's active list from its server count, so it keeps the actions
// that are workload on one server (patching) and leaves out those that set the active list or follow a
// site failover; plan.txt and report.html say which, and why.
import { ACTION_KINDS, unknownKind, type ActionKind } from '../../model/config.js';
import { parseDuration } from '../../scenario/duration.js';

/** What a plan does with the actions of one kind: kept (as workload) or left out, and why. */
export interface ActionRule {
  /** Kept where the candidate has the one server the action names (every kept kind names one). */
  readonly kept: boolean;
  readonly why: string;
}

const ONE_SERVER: ActionRule = {
  kept: true,
  why: 'workload on the server each names: a drain takes it out of the active list (it keeps its users but takes no new sign-ins [doc]; a forced drain disconnects them at its deadline), an activate puts it in; each acts in the candidates that have that server, before their run ends, and is left out of the others',
};

const ACTIVE_LIST: ActionRule = {
  kept: false,
  why: "a setActive or swap sets the pool's whole active list, which each candidate sets from its own server count (and making the backup site's servers active is a step of a site failover [doc], which no candidate has)",
};

const FAILBACK: ActionRule = {
  kept: false,
  why: 'a failback applies only to a pool failed over to its backup site [doc], and a plan fails servers, never a site or its database, so no candidate fails over',
};

/** The rule for every action kind of the schema: a new kind does not compile until it has one. */
export function actionRule(kind: ActionKind): ActionRule {
  switch (kind) {
    case 'drain':
    case 'activate':
      return ONE_SERVER;
    case 'setActive':
    case 'swap':
      return ACTIVE_LIST;
    case 'failback':
      return FAILBACK;
    default:
      return unknownKind(kind);
  }
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The kind of an action as the file holds it: its one kind key (the template passed the rules). */
function kindOf(a: unknown): ActionKind | undefined {
  return isObj(a) ? ACTION_KINDS.find((k) => a[k] !== undefined) : undefined;
}

/** The server a kept action names (every kept kind names one), or undefined for an action left out. */
function keptServer(
  a: unknown,
  kinds: (k: ActionKind) => boolean = (k) => actionRule(k).kept,
): string | undefined {
  const kind = kindOf(a);
  return kind === undefined || !isObj(a) || !kinds(kind) ? undefined : String(a[kind]);
}

/**
 * The template's actions (the file's `actions`, as written) one candidate keeps: of a kept kind, naming
 * a server among `servers` (the candidate's), at or before `endS` (its run's end).
 */
export function candidateActions(actions: unknown, servers: ReadonlySet<string>, endS: number): unknown[] {
  return (Array.isArray(actions) ? actions : []).filter((a) => {
    const server = keptServer(a);
    return (
      server !== undefined && servers.has(server) && (parseDuration((a as Obj)['at']) ?? Infinity) <= endS
    );
  });
}

/** A drain among a candidate's actions: the server it names and whether it is forced. */
export interface KeptDrain {
  readonly server: string;
  /** A forced drain disconnects the server's users at its deadline: an outage plan judges. */
  readonly forced: boolean;
}

/**
 * The drains among `actions` (as written; a candidate's, from {@link candidateActions}). A soft one
 * opens no outage, but like a forced one it takes its server out of the active list, so fewer servers
 * are left taking sign-ins; a failure of its server would make a later drain of it a no-op.
 */
export function drainsOf(actions: unknown): KeptDrain[] {
  return (Array.isArray(actions) ? actions : []).flatMap((a) => {
    const server = keptServer(a, (k) => k === 'drain');
    return server === undefined ? [] : [{ server, forced: (a as Obj)['mode'] === 'force' }];
  });
}

/** `actions[0–3], [5]`: indices in file order, runs of consecutive ones as a range. */
function paths(indices: readonly number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < indices.length;) {
    let j = i;
    while (j + 1 < indices.length && indices[j + 1] === (indices[j] as number) + 1) j++;
    runs.push(j === i ? `[${indices[i]}]` : `[${indices[i]}–${indices[j]}]`);
    i = j + 1;
  }
  return `actions${runs.join(', ')}`;
}

/** `4 drain and 4 activate`: how many of each kind, in the schema's order. */
function kindCounts(kinds: readonly ActionKind[]): string {
  const counts = ACTION_KINDS.flatMap((k) => {
    const c = kinds.filter((x) => x === k).length;
    return c === 0 ? [] : [`${c} ${k}`];
  });
  return counts.length <= 1 ? (counts[0] ?? '') : `${counts.slice(0, -1).join(', ')} and ${counts.at(-1)}`;
}

/**
 * What the plan does with the template's actions (the file's `actions`), one line per rule that applies:
 * which it keeps or leaves out, by their paths in the file, and why. [] without actions.
 */
export function planActionLines(actions: unknown): string[] {
  const list = Array.isArray(actions) ? actions : [];
  const groups = new Map<ActionRule, { indices: number[]; kinds: ActionKind[] }>();
  list.forEach((a, i) => {
    const kind = kindOf(a);
    if (kind === undefined) return;
    const rule = actionRule(kind);
    const g = groups.get(rule) ?? { indices: [], kinds: [] };
    g.indices.push(i);
    g.kinds.push(kind);
    groups.set(rule, g);
  });
  return [...groups].map(([rule, g]) => {
    const verb = g.indices.length === 1 ? 'is' : 'are';
    const what = `the scenario's ${paths(g.indices)} (${kindCounts(g.kinds)})`;
    return `${what} ${verb} ${rule.kept ? 'kept, as' : 'left out:'} ${rule.why}.`;
  });
}
