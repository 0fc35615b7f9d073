// The figures of summary.json per server and per pool, and the time users went without service.
// Declared once; see figure.ts for what a declaration says.
import type { Figure } from './figure.js';
import type { SummaryPath } from './summary-path.js';

export const SERVER_FIGURES = {
  'servers.*.pool': {
    kind: 'text',
    unit: 'none',
    label: 'pool',
    meaning: "the server's pool.",
  },
  'servers.*.site': {
    kind: 'text',
    unit: 'none',
    label: 'site',
    meaning: "the server's site (data center).",
  },
  'servers.*.capacity': {
    kind: 'setting',
    unit: 'users',
    label: 'supported users',
    meaning: "the server's supported users (`capacityPerServer`, 20,000 [doc]).",
    wordings: { short: 'capacity' },
  },
  'servers.*.peak': {
    kind: 'count',
    unit: 'users',
    label: 'peak users',
    meaning: 'the most users connected to the server at once.',
    boundBy: 'peakBound',
    wordings: { column: 'peak users', word: 'peak' },
  },
  'servers.*.peakBound': {
    kind: 'setting',
    unit: 'users',
    label: 'most users the server can hold',
    meaning:
      "the most users the server can ever hold in the scenario, a bound of `peak`, not a result: its admission limit (`admissionLimitPerServer`; no sign-in is accepted at or beyond it, users on at t = 0 and reconnections included), or its pool's users when fewer: the pool's share of a closed `population`, or, with neither arrivals nor population, of the users on at t = 0 (nobody new arrives). With arrivals the pool's users have no finite bound, so it is the admission limit; `null` when there is none either (no admission limit, the default). Replicated runs keep the interval of `peak` within [0, `peakBound`] where it is not null.",
  },
  'servers.*.availability': {
    kind: 'ratio',
    unit: 'fraction',
    label: 'availability',
    meaning: 'the fraction of the run the server was up (not failed; its role does not matter).',
    wordings: { column: 'up' },
  },
  'servers.*.secondsOverCapacity': {
    kind: 'span',
    unit: 's',
    label: 'time over capacity',
    meaning: 'seconds with more users than `capacity`.',
    cutShort:
      'when `overCapacityAtEnd` is true this is cut by the run\'s length: "59m30s so far", not how long it lasts.',
    wordings: { column: 'time over capacity', word: 's over capacity', short: 'over capacity' },
  },
  'servers.*.overCapacityAtEnd': {
    kind: 'yesno',
    unit: 'none',
    label: 'over capacity at the end',
    meaning:
      '**over capacity at the end**: true when the server still held more than `capacity` users when the run ended. Across replications: the fraction of replications where it held (the `mean` of 1/0).',
  },
  'servers.*.overCapacityEpisodes': {
    kind: 'list',
    unit: 'episodes',
    label: 'spans over capacity',
    meaning: 'the spans above `capacity`, in time order; the first 100 are listed.',
  },
  'servers.*.overCapacityEpisodes[].start': {
    kind: 'instant',
    unit: 's',
    label: 'over capacity from',
    meaning: "when the span above `capacity` began (the window's start if it already had).",
  },
  'servers.*.overCapacityEpisodes[].end': {
    kind: 'instant',
    unit: 's',
    label: 'over capacity until',
    meaning: 'when the span above `capacity` ended.',
    cutShort: 'null for the span still on at the end.',
  },
  'servers.*.overCapacityEpisodeCount': {
    kind: 'count',
    unit: 'episodes',
    label: 'spans over capacity',
    meaning: 'spans above `capacity` begun in the run, listed or not.',
  },
  'servers.*.overCapacityAfterRestore_s': {
    kind: 'span',
    unit: 's',
    label: 'over capacity after a restore',
    meaning:
      'without `failover.rebalanceOnRestore` (false by default, an assumption): when another server of the pool came back into the active list while this one held more than `capacity` users, its seconds over `capacity` from then on. Nobody moves to the restored server: users leave as their sessions end. Above `capacityPerServer` the model counts time only; it does not model slower service or 503s.',
    cutShort:
      "`null` when no restore found it over capacity; cut by the run's end when `overCapacityAtEnd` is true.",
  },
  'servers.*.endRole': {
    kind: 'text',
    unit: 'none',
    label: 'role at end',
    meaning:
      "`failed` when the server was down at the end (its own failure, its site's or a random one, not restored); else `active` or `standby`, its place in the pool's active list at the end.",
    wordings: { column: 'role at end' },
  },
  'pools.*.endState': {
    kind: 'level',
    unit: 'state',
    label: 'pool state at the end',
    meaning: 'pool state at the end (see Pool states).',
    most: 4,
  },
  'pools.*.database': {
    kind: 'text',
    unit: 'none',
    label: 'database online at the end',
    meaning: 'the database copy online at the end: `primary`, `mirror`, `backup` or `none`.',
  },
  'pools.*.userSecondsWithoutService': {
    kind: 'count',
    unit: 'user-seconds',
    label: 'user-seconds without service',
    meaning: "the pool's part of `userSecondsWithoutService.total`.",
  },
  'pools.*.messages': {
    kind: 'count',
    unit: 'messages',
    label: 'messages',
    meaning: 'with a `messages` workload: messages in the run.',
  },
  'pools.*.contentDbBytes': {
    kind: 'count',
    unit: 'bytes',
    label: 'content database size',
    meaning: 'with a `messages` workload: content database size at the end.',
  },
  'pools.*.complianceBacklogPeak': {
    kind: 'count',
    unit: 'events',
    label: 'most compliance events queued',
    meaning:
      "with a `messages` workload and compliance enabled: the most compliance events **queued on the pool's servers** because `mgccomp` was down (a compliance fault or a failure of its site), not yet written to it; 0 when `mgccomp` was never down. Taken at every accrual step.",
  },
  'pools.*.complianceBacklogEnd': {
    kind: 'count',
    unit: 'events',
    label: 'compliance events queued at the end',
    meaning:
      "with a `messages` workload and compliance enabled: the compliance events still queued on the pool's servers at the end.",
    cutShort: 'their wait goes on past the end of the run.',
  },
  'pools.*.complianceUnexportedPeak': {
    kind: 'count',
    unit: 'events',
    label: 'most events awaiting export',
    meaning:
      "with compliance: the most events **written to `mgccomp` and not yet exported** by the compliance adapter, taken at every accrual step just before the adapter's export at that instant (so with nothing down it is about one `adapterInterval` of events; the timeline's `compliance_unexported`, sampled after the export, never shows it at an export instant).",
  },
  'pools.*.complianceMaxExportWait_s': {
    kind: 'span',
    unit: 's',
    label: 'longest wait for export',
    meaning:
      "with compliance: the longest time an event waited in `mgccomp`, from being written to it until the adapter exported it; an event is counted as written at the start of the accrual step that wrote it (at most a minute early: the figure is rounded up to the step); with a warm-up only the wait within the window counts (an event written before the warm-up's end waits from it), so the figure is at most the window's length. With nothing down it is `adapterInterval`; while `mgccomp` is down nothing is exported, so its events wait until the first export after it is back. 0 when no event was written.",
    cutShort:
      'an event still not exported at the end of the run counts as waiting until the end: a lower bound.',
  },
  'userSecondsWithoutService.total': {
    kind: 'count',
    unit: 'user-seconds',
    label: 'user-hours without service',
    meaning:
      'user-seconds without service of users **cut off by an outage**: each from the moment they lost service until they are connected again; for a user who never got back, until their planned sign-out, at most the end of the run (a user who gave up at once after a cut at 1h, with a session planned past the end of a 2 h run, counts 3,600 s). Arrivals refused outside outages are not in it: they are counted by `signIns` and `users.lost`.',
    wordings: { row: 'user-hours without service (cut off by outages)' },
  },
  'userSecondsWithoutService.pools.*': {
    kind: 'count',
    unit: 'user-seconds',
    label: 'user-seconds without service of the pool',
    meaning: "the pool's users' part of `userSecondsWithoutService.total`.",
  },
} as const satisfies Partial<Record<SummaryPath, Figure>>;
