// The header of checkpoint.pchat: what was checkpointed (the scenario as its file holds it, with the
// run's overrides), when, by which build, and per replication its seed and the pending model events a
// branch may re-time. Checked field by field before a branch trusts any of it.
import { z } from 'zod';
import type { BuildId } from '../build-id.js';
import { exactJson, parseExactJson } from './state-parts.js';

export const CHECKPOINT_FORMAT = 'pchat-sim-checkpoint';
export const CHECKPOINT_VERSION = 1;

/** A pending model event (not a user's own): `[time, kind, a, b]`. */
export type PendingTuple = readonly [number, number, number, number];

/** What a branch re-times from, per replication: its pending model events and when they were set off. */
export interface PendingInfo {
  readonly events: readonly PendingTuple[];
  /** Per server: when it last went down (NaN: never). */
  readonly downAt: readonly number[];
  /** Per server: when its pending drain began (NaN: none). */
  readonly drainAt: readonly number[];
  /** Per pool: when its pending database step was scheduled (NaN: none). */
  readonly dbPendingAt: readonly number[];
  /** Servers down and still in the active list with no promotion pending (never promoted). */
  readonly unpromoted: readonly number[];
}

export interface CheckpointReplication {
  /** Replication number (0 for a single run). */
  readonly index: number;
  readonly seed: number;
  readonly pending: PendingInfo;
  /** SHA-256 of its member's bytes as written (checked before a branch reads it). */
  readonly sha256: string;
}

export interface CheckpointHeader {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly version: typeof CHECKPOINT_VERSION;
  readonly build: BuildId;
  /** SHA-256 of the checkpointed scenario's normalised configuration. */
  readonly fingerprint: string;
  /** The instant: every event at or before it has fired. */
  readonly atS: number;
  /** The scenario file as the run was given it (for messages). */
  readonly scenarioFile: string;
  /** The scenario file's object (a profile file read in, the run's overrides and found warm-up set). */
  readonly scenario: Record<string, unknown>;
  /** A replicated run's options (null: a single run). */
  readonly experiment: { readonly replications: number; readonly warmupS: number | null } | null;
  readonly replications: readonly CheckpointReplication[];
}

const num = z.union([z.number(), z.nan()]);
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const pending = z.strictObject({
  events: z.array(z.tuple([num, z.number().int(), z.number().int(), z.number().int()])).max(1e7),
  downAt: z.array(num),
  drainAt: z.array(num),
  dbPendingAt: z.array(num),
  unpromoted: z.array(z.number().int().min(0)),
});

const headerSchema = z.strictObject({
  format: z.literal(CHECKPOINT_FORMAT),
  version: z.literal(CHECKPOINT_VERSION),
  build: z.strictObject({ id: hex64, version: z.string(), commit: z.string().nullable() }),
  fingerprint: hex64,
  atS: z.number().min(0).finite(),
  scenarioFile: z.string(),
  scenario: z.record(z.string(), z.unknown()),
  experiment: z
    .strictObject({ replications: z.number().int().min(1), warmupS: z.number().min(0).finite().nullable() })
    .nullable(),
  replications: z
    .array(
      z.strictObject({
        index: z.number().int().min(0),
        seed: z.number().int().min(0),
        pending,
        sha256: hex64,
      }),
    )
    .min(1)
    .max(1_000_000),
});

/** The header as the file holds it (non-finite numbers kept). */
export function headerText(h: CheckpointHeader): string {
  return exactJson(h);
}

/** The header from its text, every field checked; or what is wrong with it, as `field: problem`. */
export function parseHeader(text: string): { ok: CheckpointHeader } | { problem: string } {
  let value: unknown;
  try {
    value = parseExactJson(text);
  } catch {
    return { problem: 'its header is not JSON' };
  }
  const r = headerSchema.safeParse(value);
  if (r.success) return { ok: r.data };
  const first = r.error.issues[0];
  const path = (first?.path ?? []).map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  return { problem: `header ${path.replace(/^\./, '') || '(top level)'}: ${first?.message ?? 'invalid'}` };
}
