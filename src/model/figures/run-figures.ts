// The figures of summary.json about the whole run: what it was, its sign-ins, connected and waiting
// users, and the users it served or failed. Declared once; see figure.ts for what a declaration says.
import type { Figure } from './figure.js';
import type { SummaryPath } from './summary-path.js';

export const RUN_FIGURES = {
  scenario: {
    kind: 'id',
    unit: 'none',
    label: 'scenario',
    meaning: "the scenario's `name`.",
  },
  seed: {
    kind: 'id',
    unit: 'none',
    label: 'seed',
    meaning: 'the seed of the run (a replication: its own seed, see Replications).',
  },
  duration_s: {
    kind: 'setting',
    unit: 's',
    label: 'run length',
    meaning: "the run's length.",
  },
  warmup_s: {
    kind: 'setting',
    unit: 's',
    label: 'warm-up',
    meaning: "the start of the summary's window (`warmup`, 0 if none).",
  },
  retryMaxWait_s: {
    kind: 'setting',
    unit: 's',
    label: 'longest wait between two sign-in attempts',
    meaning:
      "the longest a refused client may wait before its next try, `retry.maxDelay × (1 + retry.jitter)` (22.5 min by default): after a long outage a client's next try may come that late, whatever the servers can take.",
  },
  events_processed: {
    kind: 'count',
    unit: 'events',
    label: 'events processed',
    meaning: 'events the engine handled in the whole run.',
  },
  eventRows: {
    kind: 'count',
    unit: 'rows',
    label: 'rows of events.csv',
    meaning: 'rows written to `events.csv`.',
  },
  'signIns.attempts': {
    kind: 'count',
    unit: 'attempts',
    label: 'sign-in attempts',
    meaning:
      'sign-in attempts: every first attempt and every retry. Users on at t = 0 make their first attempt at t = 0, through the balancer, refused beyond the admission limit (not held back by `signInRatePerServer`: they were connecting before t = 0); not with `initialConnected: stationary`, whose users are already on.',
    wordings: { word: 'attempts' },
  },
  'signIns.firstAttempts': {
    kind: 'count',
    unit: 'attempts',
    label: 'first attempts',
    meaning:
      'first attempts of a sign-in episode; a user dropped by a failure starts a new episode when reconnecting.',
  },
  'signIns.accepted': {
    kind: 'count',
    unit: 'attempts',
    label: 'accepted',
    meaning: 'attempts that connected.',
    wordings: { word: 'accepted' },
  },
  'signIns.denied': {
    kind: 'count',
    unit: 'attempts',
    label: 'denied',
    meaning:
      'attempts refused (no serving server with room below `admissionLimitPerServer`, or no sign-in token).',
    wordings: { row: 'denied (refused attempts)', word: 'denied' },
  },
  'signIns.gaveUp': {
    kind: 'count',
    unit: 'users',
    label: 'users who gave up',
    meaning:
      'users who stopped trying: refused with no retry left, after `retry.maxAttempts` refused retries (with `maxAttempts: 0`, at their first refusal).',
    wordings: { row: 'gave up', word: 'gave up' },
  },
  'signIns.firstRefused': {
    kind: 'count',
    unit: 'attempts',
    label: 'refused first attempts',
    meaning: 'refused first attempts.',
  },
  'signIns.blocking': {
    kind: 'ratio',
    unit: 'fraction',
    label: 'first sign-ins refused (blocking)',
    meaning:
      '**blocking**: `firstRefused / firstAttempts` (0 when there were none): the share of sign-in episodes whose first attempt was refused.',
    pooled: ['firstRefused', 'firstAttempts'],
    wordings: { row: 'blocking (refused first attempts)', word: 'blocking' },
  },
  'connected.peak': {
    kind: 'count',
    unit: 'users',
    label: 'peak connected users',
    meaning: 'the most users connected at once.',
    boundBy: 'peakBound',
    wordings: { word: 'peak' },
  },
  'connected.peakBound': {
    kind: 'setting',
    unit: 'users',
    label: 'most users all pools can hold',
    meaning:
      "the most users all pools can ever hold at once in the scenario, a bound of `connected`'s `peak`, `mean` and `end`, not a result: per pool, the sum of its servers' admission limits (standby servers included), or its users when fewer (as for `servers.<s>.peakBound`), summed over the pools; `null` when a pool has neither (no admission limit, and arrivals or a stationary start). Replicated runs keep those intervals within [0, `peakBound`].",
  },
  'connected.mean': {
    kind: 'count',
    unit: 'users',
    label: 'mean connected users',
    meaning: 'users connected, time-weighted mean over the run.',
    boundBy: 'peakBound',
    wordings: { word: 'mean' },
  },
  'connected.end': {
    kind: 'count',
    unit: 'users',
    label: 'connected users at the end',
    meaning: 'users connected at the end of the run.',
    boundBy: 'peakBound',
    wordings: { word: 'end' },
  },
  'waiting.peak': {
    kind: 'count',
    unit: 'users',
    label: 'peak waiting users',
    meaning: 'the most users trying to (re)connect at once (in a reconnect or retry delay).',
    boundBy: 'peakBound',
    wordings: { word: 'peak' },
  },
  'waiting.peakBound': {
    kind: 'setting',
    unit: 'users',
    label: 'most users that can wait',
    meaning:
      "the most users that can ever be waiting at once in the scenario, a bound of `waiting`'s `peak`, `mean` and `end`, not a result: the closed population (`workload.population`), or with neither arrivals nor population the users on at t = 0 (dropped users come back, nobody new arrives); `null` with arrivals or a stationary start (no bound). Replicated runs keep those intervals within [0, `peakBound`].",
  },
  'waiting.mean': {
    kind: 'count',
    unit: 'users',
    label: 'mean waiting users',
    meaning: 'users trying to (re)connect, time-weighted mean over the run.',
    boundBy: 'peakBound',
    wordings: { word: 'mean' },
  },
  'waiting.end': {
    kind: 'count',
    unit: 'users',
    label: 'waiting users at the end',
    meaning: 'users trying to (re)connect at the end of the run.',
    boundBy: 'peakBound',
    wordings: { word: 'end' },
  },
  'users.initial': {
    kind: 'count',
    unit: 'users',
    label: 'users at the start',
    meaning:
      'users placed at t = 0 (connected or refused; with `initialConnected: stationary`, the drawn count), or with a warm-up the users connected or waiting when it ended.',
    boundBy: 'bound',
  },
  'users.arrivals': {
    kind: 'count',
    unit: 'users',
    label: 'arrivals',
    meaning: 'open-model arrivals.',
  },
  'users.signOuts': {
    kind: 'count',
    unit: 'users',
    label: 'sign-outs',
    meaning: 'sessions that ended (including sessions that ended while their user was locked out).',
  },
  'users.disconnectedByFailures': {
    kind: 'count',
    unit: 'users',
    label: 'disconnections by failures',
    meaning: 'connections cut by failures, database losses, failbacks and forced drains.',
    wordings: {
      row: 'disconnections by failures (a user dropped twice counts twice)',
      word: 'disconnected by failures',
    },
  },
  'users.wanted': {
    kind: 'count',
    unit: 'users',
    label: 'users who wanted service',
    meaning: 'distinct users who wanted service in the run.',
    boundBy: 'bound',
  },
  'users.lost': {
    kind: 'count',
    unit: 'users',
    label: 'users lost',
    meaning:
      '**lost**: distinct users who gave up (`gaveUp`: refused with no retry left; with `retry.maxAttempts: 0`, at their first refusal): the system failed them. A user who left while waiting is not lost.',
    cutShort: 'a user still trying at the end is not lost.',
    boundBy: 'bound',
    wordings: {
      row: 'users lost (gave up)',
      word: 'lost (gave up)',
      note: 'gave up: refused with no retry left',
    },
  },
  'users.leftWhileWaiting': {
    kind: 'count',
    unit: 'users',
    label: 'users who left while waiting',
    meaning:
      'distinct users who were cut off (or refused) and whose planned session ended before they got back in: they would have signed out then anyway, so they are not lost; their time without service counts until that planned end.',
    boundBy: 'bound',
    wordings: {
      row: 'users who left while waiting (their session ended)',
      word: 'left while waiting (their session ended before they got back in)',
    },
  },
  'users.lostFraction': {
    kind: 'ratio',
    unit: 'fraction',
    label: 'share of users lost',
    meaning: '`lost / wanted` (0 when nobody wanted service): the users we failed.',
    pooled: ['lost', 'wanted'],
  },
  'users.bound': {
    kind: 'setting',
    unit: 'users',
    label: 'most distinct users',
    meaning:
      "the most distinct users the scenario can have, a bound of `users`' `initial`, `wanted`, `lost` and `leftWhileWaiting`, not a result: the closed population (`workload.population`), or with neither arrivals nor population the users on at t = 0; `null` with arrivals or a stationary start (no bound). The same number as `waiting.peakBound`. Replicated runs keep those intervals within [0, `bound`].",
  },
} as const satisfies Partial<Record<SummaryPath, Figure>>;
