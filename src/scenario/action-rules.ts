// Rules for administrator actions: kinds and their options, names they refer to, the active-list
// limit, and failbacks that can never apply.
import { issue } from '../errors.js';
import { ACTION_KINDS, type ActionKind } from '../model/config.js';
import { LIMITS, actionKindOf, refCheck, type LimitFn, type RuleResult } from './rule-helpers.js';
import type { ParsedScenario } from './schema.js';
import { checkFailbackPossible } from './site-rules.js';

export { checkActiveSites } from './site-rules.js';

type ParsedAction = ParsedScenario['actions'][number];

/** The options each action kind takes. */
const OPTIONS: Readonly<Record<ActionKind, readonly string[]>> = {
  setActive: ['servers'],
  swap: [],
  drain: ['mode', 'deadline'],
  activate: [],
  failback: ['duration', 'servers'],
};

export function checkActions(s: ParsedScenario, out: RuleResult, limit: LimitFn): void {
  const pools = s.topology.pools;
  const servers = pools.flatMap((p) => p.servers.map((x) => x.name));
  s.actions.forEach((a, i) => {
    const at = `actions[${i}]`;
    const kind = checkShape(s, a, at, out);
    if (kind === undefined) return;
    if (kind === 'drain' || kind === 'activate') return checkServerAction(a, kind, at, servers, out);
    const poolName = a[kind] ?? '';
    const p = pools.findIndex((x) => x.name === poolName);
    if (p < 0)
      return refCheck(
        out,
        `${at}.${kind}`,
        'pool',
        poolName,
        pools.map((x) => x.name),
      );
    if (kind === 'failback') {
      if (a.duration === undefined)
        out.errors.push(
          issue(
            `${at}.duration`,
            'a failback needs a duration: all active servers are cleared until it completes',
          ),
        );
      checkFailbackPossible(s, out, i, p);
      if (a.servers === undefined) return;
    } else if (kind !== 'setActive') return;
    checkActiveList(s, a, kind, at, p, out, limit);
  });
}

/** One kind, within the run, only the options of its kind. @returns the kind, or undefined without exactly one. */
function checkShape(s: ParsedScenario, a: ParsedAction, at: string, out: RuleResult): ActionKind | undefined {
  const present = ACTION_KINDS.filter((k) => a[k] !== undefined);
  if (present.length !== 1) {
    out.errors.push(
      issue(
        at,
        `an action has exactly one of ${ACTION_KINDS.join(', ')}`,
        `${present.length === 0 ? 'none' : present.join(', ')}`,
      ),
    );
    return undefined;
  }
  if (a.at > s.duration)
    out.errors.push(
      issue(`${at}.at`, `an action happens within the run (duration ${s.duration}s)`, `${a.at}s`),
    );
  const kind = actionKindOf(a);
  for (const extra of ['servers', 'mode', 'deadline', 'duration'] as const) {
    if (a[extra] !== undefined && !OPTIONS[kind].includes(extra))
      out.errors.push(issue(`${at}.${extra}`, `${extra} does not apply to ${kind}`));
  }
  return kind;
}

/** drain and activate name a server; a force drain needs its deadline. */
function checkServerAction(
  a: ParsedAction,
  kind: 'drain' | 'activate',
  at: string,
  servers: readonly string[],
  out: RuleResult,
): void {
  refCheck(out, `${at}.${kind}`, 'server', a[kind] ?? '', servers);
  if (kind === 'drain' && a.mode === 'force' && a.deadline === undefined)
    out.errors.push(
      issue(`${at}.deadline`, 'a force drain needs a deadline, when the remaining users are disconnected'),
    );
}

/** A setActive or failback list: not empty, servers of the pool, at most 4 [doc]. */
function checkActiveList(
  s: ParsedScenario,
  a: ParsedAction,
  kind: ActionKind,
  at: string,
  p: number,
  out: RuleResult,
  limit: LimitFn,
): void {
  const list = a.servers ?? [];
  const pool = s.topology.pools[p];
  const own = (pool?.servers ?? []).map((x) => x.name);
  if (a.servers === undefined || list.length === 0)
    out.errors.push(issue(`${at}.servers`, `${kind} needs the list of servers to make active`));
  list.forEach((n, j) => {
    if (!own.includes(n))
      out.errors.push({
        path: `${at}.servers[${j}]`,
        expected: `one of ${own.join(', ')}`,
        received: JSON.stringify(n),
        message: `server "${n}" is not in pool "${pool?.name ?? ''}"; expected one of ${own.join(', ')}`,
      });
  });
  if (list.length > LIMITS.maxActivePerPool)
    limit(
      'too-many-active-servers',
      issue(
        `${at}.servers`,
        `a pool has at most ${LIMITS.maxActivePerPool} active servers`,
        `${list.length}`,
      ),
      list.length,
    );
}
