// Entity events (Simulator.useEntities): one pending event per entity kept in the entity's own record
// must fire exactly as the same events scheduled as ordinary events would: same times, same FIFO order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENTITY_WORDS, Simulator, type EventHandler } from '../../src/engine/simulator.js';
import { EngineError } from '../../src/errors.js';

const ENT = 5;
const OTHER = 6;
const STRIDE = 4;

/**
 * Entities re-arm themselves when they fire; some firings cancel and re-arm another entity (often at
 * exactly its old time, which exercises a cancelled entry still queued); plain events do the same.
 * Delays are whole or half seconds, so ties are common. `entities` chooses the engine path.
 */
class Script implements EventHandler {
  readonly log: string[] = [];
  private step = 0;
  private readonly handles: number[];
  private readonly due: number[];
  constructor(
    private readonly sim: Simulator,
    private readonly entities: boolean,
    private readonly n: number,
    private readonly moves: readonly number[],
  ) {
    this.handles = new Array<number>(n).fill(-1);
    this.due = new Array<number>(n).fill(-1);
    if (entities) {
      const records = new Int32Array(n * STRIDE).fill(-1);
      sim.useEntities(records, STRIDE, ENT);
    }
  }

  arm(e: number, at: number): void {
    this.due[e] = at;
    if (this.entities) this.sim.scheduleEntity(at, e);
    else this.handles[e] = this.sim.schedule(at, ENT, e);
  }

  private disarm(e: number): void {
    if (this.entities) this.sim.cancelEntity(e);
    else this.sim.cancel(this.handles[e] as number);
    this.due[e] = -1;
  }

  private move(): number {
    return this.moves[this.step++ % this.moves.length] as number;
  }

  handle(kind: number, a: number): void {
    const now = this.sim.now;
    this.log.push(`${now} ${kind === ENT ? 'e' : 'o'} ${a}`);
    if (this.log.length > 3000) return;
    if (kind === ENT) {
      this.due[a] = -1;
      const m = this.move();
      if (m % 7 !== 0) this.arm(a, now + (m % 5) / 2);
    }
    const m = this.move();
    const other = m % this.n;
    if (m % 3 === 0 && this.due[other] !== -1) {
      // Cancel and re-arm at the same time (half the time) or later: FIFO position must follow the new seq.
      const old = this.due[other] as number;
      this.disarm(other);
      this.arm(other, m % 2 === 0 ? old : now + (m % 4));
    } else if (m % 3 === 1 && this.due[other] === -1) {
      this.arm(other, now + (m % 3));
    } else if (m % 5 === 2) {
      this.sim.schedule(now + (m % 4) / 2, OTHER, m % 97);
    }
  }
}

function runScript(
  entities: boolean,
  n: number,
  starts: readonly number[],
  moves: readonly number[],
): string[] {
  const sim = new Simulator(2);
  const script = new Script(sim, entities, n, moves);
  starts.forEach((t, e) => {
    if (e < n) script.arm(e, t);
  });
  sim.run(Infinity, script);
  expect(sim.pending).toBe(0);
  return script.log;
}

describe('entity events', () => {
  it('fire in exactly the order of the same events scheduled as ordinary events', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(
          fc.integer({ min: 0, max: 20 }).map((x) => x / 2),
          { minLength: 1, maxLength: 40 },
        ),
        fc.array(fc.nat({ max: 10_000 }), { minLength: 1, maxLength: 200 }),
        (n, starts, moves) => {
          const plain = runScript(false, n, starts, moves);
          const kept = runScript(true, n, starts, moves);
          expect(kept).toEqual(plain);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps one pending event per entity and refuses misuse', () => {
    const sim = new Simulator(4);
    const records = new Int32Array(3 * ENTITY_WORDS).fill(-1);
    sim.useEntities(records, ENTITY_WORDS, ENT);
    sim.scheduleEntity(5, 1);
    expect(sim.pending).toBe(1);
    expect(() => sim.scheduleEntity(6, 1)).toThrow(/entity 1 already has a pending event/);
    expect(() => sim.cancelEntity(0)).toThrow(/entity 0 has no pending event/);
    expect(() => sim.scheduleEntity(1, 3)).toThrow(EngineError);
    expect(() => sim.schedule(1, ENT, 0)).toThrow(/entity events' kind/);
    expect(() => sim.useEntities(records, ENTITY_WORDS + 1, ENT)).toThrow(/cannot change/);
    sim.cancelEntity(1);
    expect(sim.pending).toBe(0);
    // Re-armed while the cancelled entry is still queued: it fires once, at the new time.
    sim.scheduleEntity(5, 1);
    expect(() => sim.scheduleEntity(5, 1)).toThrow(/already has a pending event/);
    const fired: string[] = [];
    sim.run(Infinity, { handle: (kind, a, b) => fired.push(`${sim.now} ${kind} ${a} ${b}`) });
    expect(fired).toEqual(['5 5 1 0']);
    expect([...records]).toEqual([-1, -1, -1, -1, -1, -1]);
  });

  it('follows the records to a grown array', () => {
    const sim = new Simulator(4);
    let records = new Int32Array(2 * STRIDE).fill(-1);
    sim.useEntities(records, STRIDE, ENT);
    sim.scheduleEntity(2, 1);
    const grown = new Int32Array(8 * STRIDE).fill(-1);
    grown.set(records);
    records = grown;
    sim.useEntities(records, STRIDE, ENT);
    sim.scheduleEntity(1, 7);
    const fired: number[] = [];
    sim.run(Infinity, { handle: (_kind, a) => fired.push(a) });
    expect(fired).toEqual([7, 1]);
  });
});
