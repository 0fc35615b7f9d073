// The rows of events.csv: its columns and every event name the model logs, declared once. `EventName`
// is the union of the names, so the log, the charts' colours and the README's list cannot drift.

/** What an event's `server` column names. */
export type EventSubject = 'server' | 'site' | 'pool';

/** One event name: what it names and what happened. */
export interface EventDeclaration {
  readonly subject: EventSubject;
  readonly meaning: string;
}

export const EVENT_NAMES = {
  fail: { subject: 'server', meaning: 'the server failed; its users are cut off' },
  restore: { subject: 'server', meaning: 'the server is repaired and rejoins' },
  promote: { subject: 'server', meaning: 'a server is put in the active list' },
  demote: {
    subject: 'server',
    meaning: 'a failed server, or the standby that replaced it, leaves the active list',
  },
  'promote-failed': { subject: 'server', meaning: 'no standby server could be promoted' },
  drain: { subject: 'server', meaning: 'the server is taken out of the active list, keeping its users' },
  'drain-deadline': { subject: 'server', meaning: "a forced drain's deadline disconnects its users" },
  activate: { subject: 'server', meaning: 'a drained server is back in the active list' },
  'activate-refused': {
    subject: 'server',
    meaning: 'an activation refused (its site, or the pool at its maximum)',
  },
  rebalance: { subject: 'server', meaning: 'users above capacity move to the server' },
  'site-fail': { subject: 'site', meaning: 'every server and database copy of the site fails' },
  'site-restore': { subject: 'site', meaning: 'the site is back' },
  'database-fail': { subject: 'pool', meaning: "a copy of the pool's database failed" },
  'database-restore': { subject: 'pool', meaning: "the pool's failed database copies are repaired" },
  'database-offline': { subject: 'pool', meaning: 'no database copy is online: the pool serves nobody' },
  'database-online': { subject: 'pool', meaning: 'a database copy is back online where it was' },
  'database-failover': { subject: 'pool', meaning: 'the mirror copy takes over' },
  'site-failover': { subject: 'pool', meaning: 'the disaster-recovery backup is brought online' },
  'failover-cancelled': { subject: 'pool', meaning: 'the database came back before the failover completed' },
  'failback-start': { subject: 'pool', meaning: 'the failback begins: every active server is cleared' },
  'failback-done': { subject: 'pool', meaning: 'the failback completed: back on the primary' },
  'failback-failed': { subject: 'pool', meaning: 'the failback could not complete' },
  'failback-refused': { subject: 'pool', meaning: 'a failback of a pool not failed over' },
  'set-active': { subject: 'pool', meaning: "the administrator sets the pool's active servers" },
  swap: { subject: 'pool', meaning: 'the active and the idle servers trade places' },
  'swap-refused': { subject: 'pool', meaning: 'a swap the topology rules refuse' },
  'compliance-fail': { subject: 'pool', meaning: 'the compliance database (mgccomp) is down' },
  'compliance-restore': { subject: 'pool', meaning: 'the compliance database is back' },
} as const satisfies Record<string, EventDeclaration>;

/** Every event name the model logs. */
export type EventName = keyof typeof EVENT_NAMES;

/** True for a name of {@link EVENT_NAMES} (events read back from a file are checked with it). */
export function isEventName(name: string): name is EventName {
  return Object.hasOwn(EVENT_NAMES, name);
}

/** The columns of events.csv, in order. */
export const EVENT_COLUMNS = ['time_s', 'event', 'server', 'detail'] as const;
