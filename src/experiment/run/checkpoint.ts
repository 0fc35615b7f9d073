// A run's checkpoint member and its way back: the paused cursor's world, then what the run kept so far
// (timeline rows, event rows, steady-state sums); the pending model events a branch may re-time, for
// the header; and the edits a branch makes to them, as data (so a worker thread can apply them).
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { currentBuild } from '../../io/build-id.js';
import type { MemberPlace } from '../../io/checkpoint/checkpoint-file.js';
import { assembleCheckpoint, fileSha256, readMember } from '../../io/checkpoint/checkpoint-file.js';
import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  headerText,
  type CheckpointHeader,
  type CheckpointReplication,
  type PendingInfo,
  type PendingTuple,
} from '../../io/checkpoint/checkpoint-header.js';
import type { SimConfig } from '../../model/config.js';
import { configToJson } from './config-json.js';
import { PartsReader, PartsWriter, StateMismatch, type StatePart } from '../../io/checkpoint/state-parts.js';
import type { ChatWorld } from '../../model/chat-world.js';
import type { EventRecord } from '../../model/event-log.js';
import type { PendingEvent } from '../../engine/simulator.js';
import type { StateIn } from '../../state-io.js';
import { RunCursor, type CursorStart } from './run-cursor.js';

/** What a run keeps besides its world, saved with it. */
export interface RunKept {
  /** Timeline rows so far, row-major (a replication's whole preallocated table). */
  readonly rows: Float64Array;
  readonly events: readonly EventRecord[];
  /** Steady-state sums per column, and the rows summed (a replication with a warm-up). */
  readonly sums: Float64Array;
  readonly steadyRows: number;
}

/** A change a branch makes to pending model events, and the events it adds (faults after the instant). */
export interface EventEdits {
  /** By kind, a and b (unique among pending model events): the new time (NaN: dropped), a and b. */
  readonly changes: readonly {
    readonly kind: number;
    readonly a: number;
    readonly b: number;
    readonly time: number;
    readonly newA: number;
    readonly newB: number;
  }[];
  /** Events to schedule once the world is restored: `[time, kind, a, b]`. */
  readonly added: readonly PendingTuple[];
  /** Pools whose arrivals start again from the instant (a new rate where none was pending). */
  readonly arrivalsFrom: readonly number[];
  /** Promotions for failed servers that had none (`[server, time]`): a branch that now promotes. */
  readonly promotions: readonly (readonly [number, number])[];
}

/** Where a run starts from: a checkpoint's member, and a branch's edits (null: none). */
export interface ResumeFrom {
  readonly path: string;
  readonly place: MemberPlace;
  readonly edits: EventEdits | null;
}

/** The paused run's parts: its cursor (and world), then what it kept. Nothing may change until written. */
export function runParts(cursor: RunCursor, kept: RunKept): StatePart[] {
  const out = new PartsWriter();
  cursor.saveState(out);
  out.array(kept.rows);
  out.json(kept.events);
  out.array(kept.sums);
  out.numbers(kept.steadyRows);
  return out.parts;
}

/** The pending model events of a paused world and when the re-timable ones were set off. */
export function pendingInfo(world: ChatWorld): PendingInfo {
  const events: PendingTuple[] = [];
  world.sim.forEachPending((time, kind, a, b) => events.push([time, kind, a, b]));
  events.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || x[3] - y[3]);
  return {
    events,
    downAt: Array.from(world.servers.downAt),
    drainAt: Array.from(world.servers.drainAt),
    dbPendingAt: Array.from(world.databases.pendingAt),
    unpromoted: Array.from({ length: world.servers.n }, (_, s) => s).filter(
      (s) =>
        world.servers.down[s] !== 0 && world.servers.active[s] === 1 && world.servers.promoteEvent[s] === -1,
    ),
  };
}

function editFunction(edits: EventEdits): (e: PendingEvent) => void {
  const byKey = new Map(edits.changes.map((c) => [`${c.kind}/${c.a}/${c.b}`, c]));
  return (e) => {
    const c = byKey.get(`${e.kind}/${e.a}/${e.b}`);
    if (c === undefined) return;
    e.time = c.time;
    e.a = c.newA;
    e.b = c.newB;
  };
}

/** A started run read back from a checkpoint member: the cursor's start, and what the run kept. */
export interface Resumed {
  readonly start: CursorStart;
  /** Reads what the run kept; call after the cursor is built (the world's parts come first). */
  kept(): RunKept;
}

/** Reads member `from` and prepares the run's start, with the branch's edits applied. @throws CheckpointDamaged */
export async function resumeFrom(from: ResumeFrom): Promise<Resumed> {
  const parts = await readMember(from.path, from.place);
  const inp = new PartsReader(parts);
  const edits = from.edits;
  const base = RunCursor.startFrom(inp, edits === null ? undefined : editFunction(edits));
  const start: CursorStart = {
    samplesTaken: base.samplesTaken,
    restore: (world) => {
      base.restore(world);
      if (edits === null) return;
      world.forgetDroppedEvents();
      for (const [time, kind, a, b] of edits.added) world.sim.schedule(time, kind, a, b);
      for (const pool of edits.arrivalsFrom) world.flow.startArrivals(pool);
      for (const [s, time] of edits.promotions) world.failover.schedulePromotion(s, time);
    },
  };
  return { start, kept: () => readKept(inp) };
}

function readKept(inp: StateIn & { readonly done: boolean }): RunKept {
  const rows = inp.float64();
  const events = inp.json() as EventRecord[];
  const sums = inp.float64();
  const [steadyRows = 0] = inp.numbers(1);
  if (!inp.done) throw new StateMismatch('the member holds more than a run');
  return { rows, events, sums, steadyRows };
}

/** The checkpoint's file name in a results folder. */
export const CHECKPOINT_FILE = 'checkpoint.pchat';

/** Where replication `index`'s member is written before the checkpoint is put together. */
export function memberFile(dir: string, index: number): string {
  return join(dir, `.checkpoint-member-${index}`);
}

/** SHA-256 of a normalised configuration: what a checkpoint was written from. */
export function configFingerprint(config: SimConfig): string {
  return createHash('sha256')
    .update(JSON.stringify(configToJson(config)))
    .digest('hex');
}

/** What a checkpoint's header says besides its replications. */
export interface CheckpointOf {
  /** The configuration run (a found warm-up set). */
  readonly config: SimConfig;
  readonly atS: number;
  readonly scenarioFile: string;
  /** The scenario file's object with the run's overrides (and a found warm-up) set. */
  readonly scenario: Record<string, unknown>;
  readonly experiment: CheckpointHeader['experiment'];
}

/**
 * Puts `dir`/checkpoint.pchat together from the members the runs wrote (in replication order) and
 * removes them. @throws OutputError
 */
export async function writeCheckpoint(
  dir: string,
  of: CheckpointOf,
  runs: readonly Omit<CheckpointReplication, 'sha256'>[],
): Promise<void> {
  const replications: CheckpointReplication[] = [];
  for (const r of runs) replications.push({ ...r, sha256: await fileSha256(memberFile(dir, r.index)) });
  const header: CheckpointHeader = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    build: currentBuild(),
    fingerprint: configFingerprint(of.config),
    atS: of.atS,
    scenarioFile: of.scenarioFile,
    scenario: of.scenario,
    experiment: of.experiment,
    replications,
  };
  await assembleCheckpoint(
    join(dir, CHECKPOINT_FILE),
    headerText(header),
    replications.map((r) => memberFile(dir, r.index)),
  );
}
