// How an outage's affected users came out of it, by the catalogue's definitions of back, lost, left
// while waiting and still waiting: the one place the terminal, the report's outage table and its
// recovery card count them.
import { figure, type FigureRef } from './catalogue.js';

const AFFECTED = figure('outages[].usersAffected');
const RECOVERED = figure('outages[].usersRecovered');
const LEFT = figure('outages[].usersLeftWhileWaiting');
/** Users who still wanted service and were never back, by why. */
const NEVER_BACK = [figure('outages[].usersLost'), figure('outages[].usersStillWaiting')];

/** Users counted with the words that say why. */
export interface Users {
  readonly users: number;
  readonly why: string;
}

/** The users of one outage, or of several added up. */
export interface OutageOutcome {
  /** Affected users who still wanted service (all but those who left while waiting): the N of "k of N back". */
  readonly wanted: number;
  /** Of those, users connected again within the run: the k. */
  readonly back: number;
  /** Those never back, by why (`gave up`, `still waiting at the end`); only the reasons some had. */
  readonly never: readonly Users[];
  /** Affected users who left while waiting: their session ended, so they no longer wanted service. */
  readonly left: Users;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const why = (ref: FigureRef): string => ref.figure.wordings?.word ?? ref.figure.label;

/** A single run's outage (an entry of `outages`) by how its users came out of it; undefined without figures. */
export function outageOutcome(o: unknown): OutageOutcome | undefined {
  const affected = num(AFFECTED.at(o));
  const back = num(RECOVERED.at(o));
  const left = num(LEFT.at(o)) ?? 0;
  const never = NEVER_BACK.map((ref) => ({ users: num(ref.at(o)), why: why(ref) }));
  if (affected === undefined || back === undefined || never.some((n) => n.users === undefined))
    return undefined;
  return {
    wanted: affected - left,
    back,
    never: never.filter((n): n is Users => (n.users ?? 0) > 0),
    left: { users: left, why: why(LEFT) },
  };
}

/** Several outages' users added up (a user cut off twice counts in each). */
export function addOutcomes(list: readonly OutageOutcome[]): OutageOutcome {
  const never = new Map<string, number>();
  for (const o of list) for (const n of o.never) never.set(n.why, (never.get(n.why) ?? 0) + n.users);
  const sum = (f: (o: OutageOutcome) => number): number => list.reduce((a, o) => a + f(o), 0);
  return {
    wanted: sum((o) => o.wanted),
    back: sum((o) => o.back),
    never: [...never].map(([w, users]) => ({ users, why: w })),
    left: { users: sum((o) => o.left.users), why: why(LEFT) },
  };
}
