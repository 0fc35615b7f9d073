// The model's event kinds: small integers for one switch in ChatWorld.handle (no enum, no strings).

/** A sign-in arrives in the open model; a = pool. */
export const EV_ARRIVAL = 1;
/**
 * User a's own event (the engine keeps it in the user's record, see Simulator.useEntities): the end
 * of the session if the user is connected, otherwise a sign-in attempt (first try, retry, reconnect
 * or return from off-time).
 */
export const EV_USER = 2;
/** Scheduled fault number a (index into SimConfig.faults). */
export const EV_FAULT = 4;
/** Random failure of server a by random-fault process b. */
export const EV_RANDOM_FAIL = 5;
/** Random repair of server a by random-fault process b. */
export const EV_RANDOM_RESTORE = 6;
/** The administrator promotes a standby in place of failed server a. */
export const EV_PROMOTE = 7;
/** A mirror takes over pool a's database; b = the copy (primary or mirror). */
export const EV_DB_FAILOVER = 8;
/** The site disaster-recovery procedure of pool a completes. */
export const EV_SITE_FAILOVER = 9;
/** The failback of pool a completes. */
export const EV_FAILBACK_DONE = 10;
/** The deadline of a force drain of server a. */
export const EV_DRAIN_DEADLINE = 11;
/** The warm-up ends: the summary's window opens (see warmup.ts). */
export const EV_WARMUP = 12;
/** Outage a's failure window may close now (see OutageTracker.windowEvent). */
export const EV_WINDOW = 13;
