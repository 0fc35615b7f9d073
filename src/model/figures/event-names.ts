// The rows of events.csv: its columns and every event name the model logs, declared once. `EventName`
// is the union of the names, so the log, the charts' colours and docs/outputs.md's list cannot drift.

/** What an event's `server` column names. */
export type EventSubject = 'server' | 'site' | 'pool';

/**
 * What kind of event it is, for the charts' markers (one style per category): a server failing or its
 * users cut off, a server back, an administrator's action, or the database and site machinery.
 */
export type EventCategory = 'failure' | 'recovery' | 'admin' | 'site';

/** One event name: what it names, its category and what happened. */
export interface EventDeclaration {
  readonly subject: EventSubject;
  readonly category: EventCategory;
  readonly meaning: string;
}

export const EVENT_NAMES = {
  fail: { subject: 'server', category: 'failure', meaning: 'the server failed; its users are cut off' },
  restore: { subject: 'server', category: 'recovery', meaning: 'the server is repaired and rejoins' },
  promote: { subject: 'server', category: 'admin', meaning: 'a server is put in the active list' },
  demote: {
    subject: 'server',
    category: 'admin',
    meaning: 'a failed server, or the standby that replaced it, leaves the active list',
  },
  'promote-failed': {
    subject: 'server',
    category: 'admin',
    meaning: 'no standby server could be promoted when due; the first one back will be',
  },
  drain: {
    subject: 'server',
    category: 'admin',
    meaning: 'the server is taken out of the active list, keeping its users',
  },
  'drain-deadline': {
    subject: 'server',
    category: 'failure',
    meaning: "a forced drain's deadline disconnects its users",
  },
  activate: { subject: 'server', category: 'admin', meaning: 'a drained server is back in the active list' },
  'activate-refused': {
    subject: 'server',
    category: 'admin',
    meaning: 'an activation refused (its site, or the pool at its maximum)',
  },
  rebalance: { subject: 'server', category: 'recovery', meaning: 'users above capacity move to the server' },
  'site-fail': {
    subject: 'site',
    category: 'site',
    meaning: 'every server and database copy of the site fails',
  },
  'site-restore': { subject: 'site', category: 'site', meaning: 'the site is back' },
  'database-fail': { subject: 'pool', category: 'site', meaning: "a copy of the pool's database failed" },
  'database-restore': {
    subject: 'pool',
    category: 'site',
    meaning: "the pool's failed database copies are repaired",
  },
  'database-offline': {
    subject: 'pool',
    category: 'site',
    meaning: 'no database copy is online: the pool serves nobody',
  },
  'database-online': {
    subject: 'pool',
    category: 'site',
    meaning: 'a database copy is back online where it was',
  },
  'database-failover': { subject: 'pool', category: 'site', meaning: 'the mirror copy takes over' },
  'site-failover': {
    subject: 'pool',
    category: 'site',
    meaning: 'the disaster-recovery backup is brought online',
  },
  'failover-cancelled': {
    subject: 'pool',
    category: 'site',
    meaning: 'the database came back before the failover completed',
  },
  'failback-start': {
    subject: 'pool',
    category: 'site',
    meaning: 'the failback begins: every active server is cleared',
  },
  'failback-done': {
    subject: 'pool',
    category: 'site',
    meaning: 'the failback completed: back on the primary',
  },
  'failback-failed': { subject: 'pool', category: 'site', meaning: 'the failback could not complete' },
  'failback-refused': { subject: 'pool', category: 'site', meaning: 'a failback of a pool not failed over' },
  'set-active': {
    subject: 'pool',
    category: 'admin',
    meaning: "the administrator sets the pool's active servers",
  },
  swap: { subject: 'pool', category: 'admin', meaning: 'the active and the idle servers trade places' },
  'swap-partial': {
    subject: 'pool',
    category: 'admin',
    meaning:
      'a swap that leaves fewer active servers than before: too few idle ones it may take (where active servers may be, not under maintenance)',
  },
  'swap-refused': { subject: 'pool', category: 'admin', meaning: 'a swap the topology rules refuse' },
  'compliance-fail': {
    subject: 'pool',
    category: 'site',
    meaning: 'the compliance database (mgccomp) is down',
  },
  'compliance-restore': { subject: 'pool', category: 'site', meaning: 'the compliance database is back' },
} as const satisfies Record<string, EventDeclaration>;

/** Every event name the model logs. */
export type EventName = keyof typeof EVENT_NAMES;

/** True for a name of {@link EVENT_NAMES} (events read back from a file are checked with it). */
export function isEventName(name: string): name is EventName {
  return Object.hasOwn(EVENT_NAMES, name);
}

/** The columns of events.csv, in order. */
export const EVENT_COLUMNS = ['time_s', 'event', 'server', 'detail'] as const;
