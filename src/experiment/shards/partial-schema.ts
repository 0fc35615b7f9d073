// Every field of a shard's partial.json, checked in one place before merge trusts any of it: a damaged,
// hand-edited or hostile file is one usage line naming the field, never a crash, a huge allocation or
// a write outside results/. A format bump is one edit here (and PARTIAL_VERSION in partial.ts).
import type { output, ZodType } from 'zod';
import { z } from '../../scenario/zod.js';

/** Most tasks an experiment may have (the CLI's limit on replications times a generous grid). */
export const MAX_TASKS = 10_000_000;
/** Most doubles one replication's timeline may have (the hard limit on timeline rows × a wide table). */
const MAX_TIMELINE_DOUBLES = 2 ** 31 - 1;

const count = (max: number) => z.number().int().min(0).max(max);
/** A scenario name: it becomes a folder name under results/, so no path separators or dot-dot. */
const scenarioName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, {
  message: 'expected a scenario name (1 to 100 letters, digits, ".", "_" or "-")',
});
const json: ZodType<unknown> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(json), z.record(z.string(), json)]),
);

const common = {
  scenario: scenarioName,
  seed: z.number().int().min(0),
  replications: count(1_000_000).min(1),
  warmupS: z.number().min(0).finite().nullable(),
};

const meta = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('run'),
    ...common,
    header: z.array(z.string()).min(1).max(100_000),
    rows: count(1e8),
  }),
  z.strictObject({
    kind: z.literal('sweep'),
    ...common,
    axes: z.array(z.string()).min(1).max(1000),
    points: z.array(z.array(json)).min(1).max(MAX_TASKS),
  }),
]);

const result = z.strictObject({
  index: count(MAX_TASKS - 1),
  summary: z.record(z.string(), json),
  steady: z.record(z.string(), z.number()).nullable(),
  events: z.array(
    z.strictObject({
      time_s: z.number().finite(),
      event: z.string(),
      server: z.string(),
      detail: z.string(),
    }),
  ),
  timelineLength: count(MAX_TIMELINE_DOUBLES),
});

/** partial.json, version 3. */
export const partialSchema = z
  .strictObject({
    format: z.literal('pchat-sim-partial'),
    version: z.literal(3),
    build: z.strictObject({
      id: z.string().regex(/^[0-9a-f]{64}$/),
      version: z.string().max(100),
      commit: z.string().max(100).nullable(),
    }),
    fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
    shard: z.strictObject({ index: count(MAX_TASKS - 1), count: count(MAX_TASKS).min(1) }),
    meta,
    scenario: z.record(z.string(), json),
    results: z.array(result),
  })
  .superRefine((f, ctx) => {
    const tasks = f.meta.kind === 'run' ? f.meta.replications : f.meta.points.length * f.meta.replications;
    const issue = (path: (string | number)[], message: string): void =>
      ctx.addIssue({ code: 'custom', path, message });
    if (tasks > MAX_TASKS) issue(['meta'], `at most ${MAX_TASKS} tasks; received ${tasks}`);
    if (f.shard.index >= f.shard.count)
      issue(['shard', 'index'], `expected below shard.count ${f.shard.count}; received ${f.shard.index}`);
    if (f.shard.count > tasks)
      issue(['shard', 'count'], `at most the experiment's ${tasks} tasks; received ${f.shard.count}`);
    f.results.forEach((r, i) => {
      if (r.index >= tasks || r.index % f.shard.count !== f.shard.index)
        issue(
          ['results', i, 'index'],
          `not a task of shard ${f.shard.index}/${f.shard.count}; received ${r.index}`,
        );
    });
  });

/** A partial.json that passed every check. */
export type PartialJson = output<typeof partialSchema>;

/** The first problem of `value` as `field.path: message`, or null if it is a valid partial. */
export function partialProblem(value: unknown): { ok: PartialJson } | { problem: string } {
  const r = partialSchema.safeParse(value);
  if (r.success) return { ok: r.data };
  const first = r.error.issues[0];
  const path =
    first === undefined
      ? ''
      : first.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  return { problem: `${path.replace(/^\./, '') || '(top level)'}: ${first?.message ?? 'invalid'}` };
}
