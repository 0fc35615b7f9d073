// The figures of summary.json about outages and how long their users took to come back. Declared once;
// see figure.ts for what a declaration says.
import type { Figure } from './figure.js';
import type { SummaryPath } from './summary-path.js';

export const OUTAGE_FIGURES = {
  outages: {
    kind: 'list',
    unit: 'outages',
    label: 'outages',
    meaning:
      "one entry per failure that cut users off or stopped a pool's service: a server failure, a site failure, a pool without database, a failback, a forced drain's deadline.",
  },
  'outages[].start': {
    kind: 'instant',
    unit: 's',
    label: 'start',
    meaning: 'when it began.',
    wordings: { column: 'start' },
  },
  'outages[].end': {
    kind: 'instant',
    unit: 's',
    label: 'end',
    meaning: 'when its cause was cleared (server restored, database online, failback done).',
    cutShort: 'null if not within the run.',
    wordings: { column: 'end' },
  },
  'outages[].cause': {
    kind: 'text',
    unit: 'none',
    label: 'cause',
    meaning: 'what it was.',
    wordings: { column: 'cause' },
  },
  'outages[].usersAffected': {
    kind: 'count',
    unit: 'users',
    label: 'users affected',
    meaning: 'connected users it cut off.',
    wordings: { column: 'affected', word: 'users affected' },
  },
  'outages[].usersRecovered': {
    kind: 'count',
    unit: 'users',
    label: 'users back',
    meaning: 'of those, users connected again within the run.',
    wordings: { column: 'recovered' },
  },
  'outages[].usersLost': {
    kind: 'count',
    unit: 'users',
    label: 'users lost',
    meaning:
      'of those, users **lost**: they gave up (refused with no retry left; with `retry.maxAttempts: 0`, at their first refusal): the system failed them. `usersAffected = usersRecovered + usersLost + usersLeftWhileWaiting + usersStillWaiting`.',
    wordings: { column: 'lost (gave up)', word: 'gave up' },
  },
  'outages[].usersLeftWhileWaiting': {
    kind: 'count',
    unit: 'users',
    label: 'users who left while waiting',
    meaning:
      'of those, users whose planned session ended before they were served again: they would have signed out then anyway (their time without service counts until that planned end).',
    wordings: { column: 'left while waiting', word: 'left while waiting (their session ended)' },
  },
  'outages[].usersStillWaiting': {
    kind: 'count',
    unit: 'users',
    label: 'users still waiting',
    meaning: 'of those, users still trying to reconnect at the end.',
    cutShort: 'the run ended before they were back or stopped trying.',
    wordings: { column: 'still waiting', word: 'still waiting at the end' },
  },
  'outages[].recovery_s': {
    kind: 'span',
    unit: 's',
    label: 'everyone back after',
    meaning:
      '**recovered**: seconds from `start` until the last affected user who still wanted service was connected again (users who left while waiting do not hold it up).',
    cutShort:
      '`null` unless `usersLost` = 0 and `usersStillWaiting` = 0, and when nobody was served again (nobody cut off, or all left while waiting).',
    wordings: { column: 'recovery' },
  },
  'outages[].recovery95_s': {
    kind: 'span',
    unit: 's',
    label: '95% back after',
    meaning:
      'seconds until 95% of the affected users who still wanted service (`usersAffected − usersLeftWhileWaiting`, those who left taken out as they leave) were connected again.',
    cutShort: '`null` when that never happened in the run.',
  },
  'outages[].signInFloor_s': {
    kind: 'seconds',
    unit: 's',
    label: 'recovery floor at 10 sign-ins/s',
    meaning:
      "with no sign-in rate set (`signInRatePerServer`, `signInRatePerPool`), the model signs everyone back in as fast as they retry: recovery times assume unlimited sign-in throughput. This is a **floor**, not an estimate, of that outage's recovery at 10 sign-ins/s, the capacity model's peak join rate read as sign-ins [doc, ambiguous: it may be room joins]: `usersAffected / 10` (it leaves out reconnect delays and competing sign-ins).",
    cutShort: '`null` when a sign-in rate is set: the model then holds sign-ins to it.',
    wordings: { column: 'floor at 10 sign-ins/s', word: 'at 10 sign-ins/s it would take at least' },
  },
  'outages[].frontEndFloor_s': {
    kind: 'seconds',
    unit: 's',
    label: "recovery floor at the Front End pool's 12 logons/s",
    meaning:
      "for an outage during which a site failover brought a pool's backup online (clients log on to the Front End pool again), with no sign-in rate set: `usersAffected / 12`, the Front End pool's limit of 12 concurrent user logon sessions per second [doc]; a floor, not an estimate.",
    cutShort: '`null` without a site failover, or when a sign-in rate is set.',
    wordings: {
      column: "floor at the Front End's 12 logons/s",
      word: "at the Front End pool's 12 logons/s at least",
    },
  },
  'outages[].recoveryPointAge_s': {
    kind: 'seconds',
    unit: 's',
    label: 'recovery point age',
    meaning:
      "for an outage during which a site failover brought a pool's log-shipped backup online: seconds from the last log shipped to the backup until the pool lost its database (the oldest, if several pools failed over). Log shipping brings the backup up to date at `database.logShippingOffset + k × logShippingInterval` (default every 15 minutes from 0, SQL Server's default backup schedule: an assumption, one step standing for the backup, copy and restore jobs); a failure at the same instant as a shipment comes first, so that shipment is lost. Mirror failover and failback lose nothing (synchronous mirroring: an assumption).",
    cutShort: '`null` without a site failover onto a backup within the run.',
    wordings: { column: 'recovery point age', word: 'the backup it failed over to was behind by' },
  },
  'outages[].messagesLost': {
    kind: 'count',
    unit: 'messages',
    label: 'messages lost in the site failover',
    wordings: { column: 'messages lost' },
    meaning:
      "with a `messages` workload, for an outage with a site failover onto a backup: the messages written after the backup's last shipped log, lost with the primary (summed over pools); the pool's `contentDbBytes` and the timeline's content database size drop by their bytes.",
    cutShort: '`null` without a messages workload or a site failover within the run.',
  },
  'outages[].bytesLost': {
    kind: 'count',
    unit: 'bytes',
    label: 'content database bytes lost in the site failover',
    meaning: 'with a `messages` workload: the bytes of those messages (`bytesPerMessage` each).',
    cutShort: '`null` without a messages workload or a site failover within the run.',
  },
  'outages[].window.end': {
    kind: 'instant',
    unit: 's',
    label: 'failure window end',
    meaning:
      "when its **failure window** closed: the window runs from `start` until every affected user who still wanted service was back, gave up or left (at most `outageWindow.max` after `start`, default 4 h), plus `outageWindow.settle` (default `workload.retry.maxDelay`). `plan` judges every outage that began after the warm-up (a failure's, a forced drain's, a rebalancing's) on its own window's figures.",
    cutShort: "the run's end when the run ended first (`complete` false).",
  },
  'outages[].window.complete': {
    kind: 'yesno',
    unit: 'none',
    label: 'failure window complete',
    meaning: 'true when the window closed within the run; false: its figures are as of the run’s end.',
  },
  'outages[].window.firstAttempts': {
    kind: 'count',
    unit: 'attempts',
    label: 'first attempts in the window',
    meaning:
      "first sign-in attempts, all pools, within the window (a cut-off user's reconnection is a first attempt).",
  },
  'outages[].window.firstRefused': {
    kind: 'count',
    unit: 'attempts',
    label: 'refused first attempts in the window',
    meaning: 'of those, refused (every server at its admission limit or out of sign-in tokens).',
    boundBy: 'firstAttempts',
  },
  'outages[].window.blocking': {
    kind: 'ratio',
    unit: 'fraction',
    label: 'blocking in the failure window',
    meaning:
      '`firstRefused / firstAttempts` within the window (0 with no attempt): blocking about the failure, not diluted by the sign-ins of the rest of the run.',
    pooled: ['firstRefused', 'firstAttempts'],
    wordings: { short: 'blocking' },
  },
  'outages[].window.usersWanting': {
    kind: 'count',
    unit: 'users',
    label: 'affected users who still wanted service',
    meaning: '`usersAffected − usersLeftWhileWaiting` at the window’s end.',
  },
  'outages[].window.usersLost': {
    kind: 'count',
    unit: 'users',
    label: 'users lost in the failure window',
    meaning:
      'of those, users who gave up within the window or were still waiting at its end: not back within it.',
    boundBy: 'usersWanting',
  },
  'outages[].window.lostFraction': {
    kind: 'ratio',
    unit: 'fraction',
    label: 'users lost in the failure window (share)',
    meaning: '`usersLost / usersWanting` (0 when nobody wanted service): the share the failure failed.',
    pooled: ['usersLost', 'usersWanting'],
    wordings: { short: 'users lost' },
  },
  'outages[].window.recovery95_s': {
    kind: 'span',
    unit: 's',
    label: '95% back within the failure window',
    meaning:
      'seconds from `start` until 95% of `usersWanting` were back, when that happened within the window.',
    cutShort: '`null` when it did not happen within the window.',
    wordings: { short: '95% back' },
  },
  'recovery_s.count': {
    kind: 'count',
    unit: 'outages',
    label: 'outages recovered',
    meaning:
      'outages that cut off users who still wanted service (not only users who left while waiting) and recovered: everyone who still wanted service back within the run.',
  },
  'recovery_s.mean': {
    kind: 'span',
    unit: 's',
    label: 'mean outage recovery',
    meaning: 'the mean of their `recovery_s`.',
    cutShort: '`null` when no outage recovered.',
  },
  'recovery_s.p50': {
    kind: 'span',
    unit: 's',
    label: 'median outage recovery',
    meaning: 'the median (nearest rank) of their `recovery_s`.',
    cutShort: '`null` when no outage recovered.',
  },
  'recovery_s.p95': {
    kind: 'span',
    unit: 's',
    label: 'outage recovery, p95 across outages',
    meaning:
      "the 95th percentile (nearest rank) of their `recovery_s` across outages (not the time until 95% of one outage's users were back: that is `outages[].recovery95_s`).",
    cutShort: '`null` when no outage recovered.',
    wordings: { row: 'everyone back after, p95 across outages', word: 'p95' },
  },
  'recovery_s.max': {
    kind: 'span',
    unit: 's',
    label: 'everyone back after (longest recovery)',
    meaning: 'the longest of their `recovery_s`.',
    cutShort: '`null` when no outage recovered.',
    wordings: { word: 'longest' },
  },
  'recovery_s.unrecovered': {
    kind: 'count',
    unit: 'outages',
    label: 'outages not recovered',
    meaning:
      'outages that cut off users who still wanted service, of whom some gave up or were still waiting at the end (not in the statistics).',
  },
} as const satisfies Partial<Record<SummaryPath, Figure>>;
