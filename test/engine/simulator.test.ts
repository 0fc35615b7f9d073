// Simulator: exact event logs, run(until) chunking, monotone time, and invariant errors.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulator, type EventHandler } from '../../src/engine/simulator.js';
import { EngineError } from '../../src/errors.js';

const ARRIVAL = 1;
const DEPART = 2;
const TICK = 3;

/** Three customers arrive 1 s apart and stay 2.5 s; customer 0's departure triggers a same-time tick. */
class Shop implements EventHandler {
  readonly log: string[] = [];
  constructor(private readonly sim: Simulator) {}
  handle(kind: number, a: number): void {
    this.log.push(`${this.sim.now} ${kind} ${a}`);
    if (kind === ARRIVAL) {
      this.sim.scheduleIn(2.5, DEPART, a);
      if (a < 2) this.sim.scheduleIn(1, ARRIVAL, a + 1);
    } else if (kind === DEPART && a === 0) {
      this.sim.scheduleIn(0, TICK, 99);
    }
  }
}

function startShop(): { sim: Simulator; shop: Shop } {
  const sim = new Simulator(2);
  const shop = new Shop(sim);
  sim.schedule(0, ARRIVAL, 0);
  sim.schedule(2.5, TICK, 7);
  return { sim, shop };
}

/** Each event logs itself and schedules up to two more from a script of delays; big delays cancel. */
class Scripted implements EventHandler {
  readonly log: [number, number][] = [];
  private next = 0;
  private nextId = 1;
  private readonly live = new Map<number, number>();
  constructor(
    private readonly sim: Simulator,
    private readonly delays: readonly number[],
  ) {}
  handle(_kind: number, a: number): void {
    const now = this.sim.now;
    const last = this.log.at(-1);
    if (last && now < last[0]) throw new Error(`time went back from ${last[0]} to ${now}`);
    this.log.push([now, a]);
    this.live.delete(a);
    for (let k = 0; k < 2 && this.next < this.delays.length; k++) {
      const d = this.delays[this.next++] as number;
      const victim = this.live.keys().next();
      if (d > 9 && !victim.done) {
        this.sim.cancel(this.live.get(victim.value) as number);
        this.live.delete(victim.value);
      }
      const id = this.nextId++;
      this.live.set(id, this.sim.scheduleIn(d, 0, id));
    }
  }
}

const delaysArb = fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 10, noNaN: true })), {
  maxLength: 200,
});

describe('Simulator', () => {
  it('fires a tiny scenario with an exact event log', () => {
    const { sim, shop } = startShop();
    sim.run(4, shop);
    expect(shop.log).toEqual(['0 1 0', '1 1 1', '2 1 2', '2.5 3 7', '2.5 2 0', '2.5 3 99', '3.5 2 1']);
    expect(sim.now).toBe(4);
    expect(sim.eventsProcessed).toBe(7);
    expect(sim.pending).toBe(1);
    expect(sim.peek()).toBe(4.5);
    sim.run(10, shop);
    expect(shop.log.at(-1)).toBe('4.5 2 2');
    expect(sim.now).toBe(10);
    expect(sim.peek()).toBe(Infinity);
  });

  it('stops after maxEvents events and carries on from there with the same until', () => {
    const { sim, shop } = startShop();
    expect(sim.run(4, shop, 3)).toBe(false);
    expect(shop.log).toEqual(['0 1 0', '1 1 1', '2 1 2']);
    expect(sim.now).toBe(2);
    expect(sim.run(4, shop, 0)).toBe(false);
    expect(sim.eventsProcessed).toBe(3);
    expect(sim.run(4, shop, 4)).toBe(false);
    expect(sim.now).toBe(3.5);
    expect(sim.run(4, shop, 4)).toBe(true);
    expect(shop.log).toEqual(['0 1 0', '1 1 1', '2 1 2', '2.5 3 7', '2.5 2 0', '2.5 3 99', '3.5 2 1']);
    expect(sim.now).toBe(4);
  });

  it('leaves later events pending and sets now to until', () => {
    const sim = new Simulator();
    const fired: number[] = [];
    sim.schedule(1, 0);
    sim.schedule(5, 0);
    sim.schedule(5.000001, 0);
    sim.run(5, { handle: () => fired.push(sim.now) });
    expect(fired).toEqual([1, 5]);
    expect(sim.now).toBe(5);
    expect(sim.pending).toBe(1);
    sim.run(3, { handle: () => fired.push(sim.now) });
    expect(sim.now).toBe(5);
    expect(fired).toEqual([1, 5]);
  });

  it('fires events scheduled at the current time in the same run', () => {
    const sim = new Simulator();
    const fired: number[] = [];
    const handler: EventHandler = {
      handle(_kind, a) {
        fired.push(a);
        if (a < 3) sim.schedule(sim.now, 0, a + 1);
      },
    };
    sim.schedule(2, 0, 0);
    sim.run(2, handler);
    expect(fired).toEqual([0, 1, 2, 3]);
    expect(sim.pending).toBe(0);
  });

  it('runs until no event is pending when until is Infinity', () => {
    const { sim, shop } = startShop();
    sim.run(Infinity, shop);
    expect(shop.log).toHaveLength(8);
    expect(sim.now).toBe(4.5);
  });

  it('steps one event at a time', () => {
    const { sim, shop } = startShop();
    expect(sim.step(shop)).toBe(true);
    expect(sim.step(shop)).toBe(true);
    expect(shop.log).toEqual(['0 1 0', '1 1 1']);
    expect(sim.now).toBe(1);
    while (sim.step(shop));
    expect(sim.eventsProcessed).toBe(8);
    expect(sim.step(shop)).toBe(false);
  });

  it('never fires cancelled events', () => {
    const sim = new Simulator();
    const fired: number[] = [];
    const h = sim.schedule(1, 0, 1);
    sim.schedule(2, 0, 2);
    sim.cancel(h);
    expect(sim.pending).toBe(1);
    expect(sim.peek()).toBe(2);
    sim.run(10, { handle: (_k, a) => fired.push(a) });
    expect(fired).toEqual([2]);
    expect(sim.eventsProcessed).toBe(1);
    expect(() => sim.cancel(h)).toThrow(EngineError);
  });

  it('throws EngineError when scheduling in the past or at a non-finite time', () => {
    const sim = new Simulator();
    sim.schedule(3, 0);
    sim.run(3, { handle: () => undefined });
    expect(() => sim.schedule(2.999, 0)).toThrow(EngineError);
    expect(() => sim.schedule(2.999, 0)).toThrow(/Expected a finite time >= now \(3 s\) but received 2\.999/);
    expect(() => sim.schedule(NaN, 0)).toThrow(EngineError);
    expect(() => sim.schedule(Infinity, 0)).toThrow(EngineError);
    expect(() => sim.scheduleIn(-1, 0)).toThrow(EngineError);
    expect(() => sim.scheduleIn(NaN, 0)).toThrow(EngineError);
    expect(() => sim.scheduleIn(Infinity, 0)).toThrow(EngineError);
    expect(() => sim.run(NaN, { handle: () => undefined })).toThrow(EngineError);
    expect(sim.pending).toBe(0);
  });

  it('schedules through the hot path at the time in nextTime exactly as schedule does, and refuses the same times', () => {
    const viaArray = new Simulator();
    const hot = viaArray.hotPath;
    const viaArg = new Simulator();
    const times = [4, 1.5, 4, 0, 2.25];
    const handles = times.map((t, i) => {
      hot.nextTime[0] = t;
      viaArg.schedule(t, 1, i, 10 * i);
      return hot.scheduleAtTime(1, i, 10 * i);
    });
    viaArray.cancel(handles[1] as number);
    const log = (sim: Simulator): [number, number, number][] => {
      const out: [number, number, number][] = [];
      sim.run(Infinity, { handle: (_k, a, b) => void out.push([sim.now, a, b]) });
      return out;
    };
    expect(log(viaArray)).toEqual([
      [0, 3, 30],
      [2.25, 4, 40],
      [4, 0, 0],
      [4, 2, 20],
    ]);
    expect(log(viaArg)).toEqual([
      [0, 3, 30],
      [1.5, 1, 10],
      [2.25, 4, 40],
      [4, 0, 0],
      [4, 2, 20],
    ]);
    hot.nextTime[0] = 3.999;
    expect(() => hot.scheduleAtTime(0)).toThrow(/Expected a finite time >= now \(4 s\) but received 3\.999/);
    hot.nextTime[0] = NaN;
    expect(() => hot.scheduleAtTime(0)).toThrow(EngineError);
    hot.nextTime[0] = Infinity;
    expect(() => hot.scheduleAtTime(0)).toThrow(EngineError);
    hot.nextTime[0] = 5;
    expect(() => hot.scheduleAtTime(0.5)).toThrow(EngineError);
    expect(viaArray.pending).toBe(0);
  });

  it('throws EngineError when a handler calls run or step', () => {
    const sim = new Simulator();
    const handler: EventHandler = { handle: () => sim.run(10, handler) };
    sim.schedule(1, 0);
    expect(() => sim.run(5, handler)).toThrow(EngineError);
    sim.schedule(2, 0);
    const stepper: EventHandler = { handle: () => sim.step(stepper) };
    expect(() => sim.step(stepper)).toThrow(EngineError);
  });

  it('never moves time backwards and fires the same log in chunks as in one run', () => {
    fc.assert(
      fc.property(delaysArb, fc.array(fc.double({ min: 0, max: 50, noNaN: true })), (delays, cuts) => {
        const whole = new Simulator(1);
        const one = new Scripted(whole, delays);
        whole.schedule(0, 0, 0);
        whole.run(Infinity, one);

        const chunked = new Simulator(1);
        const many = new Scripted(chunked, delays);
        chunked.schedule(0, 0, 0);
        for (const until of [...cuts].sort((x, y) => x - y)) {
          chunked.run(until, many);
          expect(chunked.now).toBeGreaterThanOrEqual(until);
        }
        chunked.run(Infinity, many);

        expect(many.log).toEqual(one.log);
        expect(chunked.eventsProcessed).toBe(one.log.length);
        expect(chunked.pending).toBe(0);
      }),
      { numRuns: 200 },
    );
  });
});
