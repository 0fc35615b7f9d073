// EventQueue: (time, seq) order against a sort oracle, FIFO ties, lazy cancellation, growth.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/engine/event-queue.js';
import { EngineError } from '../../src/errors.js';

/** Pops everything, returning [time, a] pairs. */
function drain(q: EventQueue): [number, number][] {
  const out: [number, number][] = [];
  while (q.pop()) out.push([q.time, q.a]);
  return out;
}

type Op = { op: 'push'; time: number } | { op: 'pop' } | { op: 'cancel'; pick: number };

const timeArb = fc.oneof(
  fc.integer({ min: 0, max: 8 }), // few distinct values, so ties are common
  fc.double({ noNaN: true }),
);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: timeArb.map((time) => ({ op: 'push' as const, time })) },
  { weight: 3, arbitrary: fc.constant({ op: 'pop' as const }) },
  { weight: 2, arbitrary: fc.nat().map((pick) => ({ op: 'cancel' as const, pick })) },
);

interface Pending {
  time: number;
  id: number;
  handle: number;
}

/** Orders by time, then insertion id; no subtraction, so infinite times compare correctly. */
function byTimeThenId(x: Pending, y: Pending): number {
  return x.time < y.time ? -1 : x.time > y.time ? 1 : x.id - y.id;
}

/** Index of the oracle's next event: least time, then least insertion id. */
function oracleMin(pending: Pending[]): number {
  let best = 0;
  for (let i = 1; i < pending.length; i++) {
    const p = pending[i] as Pending;
    const b = pending[best] as Pending;
    if (byTimeThenId(p, b) < 0) best = i;
  }
  return best;
}

describe('EventQueue', () => {
  it('pops events in (time, seq) order', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300 }), fc.integer({ min: 1, max: 8 }), (ops, cap) => {
        const q = new EventQueue(cap);
        const pending: Pending[] = [];
        let nextId = 0;
        for (const o of ops) {
          if (o.op === 'push') {
            const id = nextId++;
            pending.push({ time: o.time, id, handle: q.push(o.time, 0, id, -id - 1) });
          } else if (o.op === 'pop') {
            const expected = pending.length === 0 ? undefined : pending.splice(oracleMin(pending), 1)[0];
            expect(q.pop()).toBe(expected !== undefined);
            if (expected) expect([q.time, q.a, q.b]).toEqual([expected.time, expected.id, -expected.id - 1]);
          } else if (pending.length > 0) {
            const [victim] = pending.splice(o.pick % pending.length, 1);
            q.cancel((victim as Pending).handle);
          }
          expect(q.size).toBe(pending.length);
        }
        const rest = [...pending].sort(byTimeThenId);
        expect(drain(q)).toEqual(rest.map((p) => [p.time, p.id]));
      }),
      { numRuns: 300 },
    );
  });

  it('pops equal times in scheduling order', () => {
    const q = new EventQueue(2);
    for (let i = 0; i < 50; i++) q.push(i % 2 === 0 ? 1 : 0.5, 0, i, 0);
    const order = drain(q).map(([, a]) => a);
    const odds = Array.from({ length: 25 }, (_, i) => 2 * i + 1);
    const evens = Array.from({ length: 25 }, (_, i) => 2 * i);
    expect(order).toEqual([...odds, ...evens]);
  });

  it('returns the payload of the popped event', () => {
    const q = new EventQueue();
    q.push(2, 7, -3, 2147483647);
    q.push(1, -1, 5, -2147483648);
    expect(q.pop()).toBe(true);
    expect([q.time, q.kind, q.a, q.b]).toEqual([1, -1, 5, -2147483648]);
    expect(q.pop()).toBe(true);
    expect([q.time, q.kind, q.a, q.b]).toEqual([2, 7, -3, 2147483647]);
    expect(q.pop()).toBe(false);
    expect(q.time).toBe(2);
  });

  it('never pops cancelled events and counts only live ones in size', () => {
    const q = new EventQueue(4);
    const h = [0, 1, 2, 3, 4, 5].map((i) => q.push(i, 0, i, 0));
    q.cancel(h[0] as number);
    q.cancel(h[3] as number);
    expect(q.size).toBe(4);
    expect(q.peekTime()).toBe(1);
    expect(drain(q)).toEqual([
      [1, 1],
      [2, 2],
      [4, 4],
      [5, 5],
    ]);
    expect(q.size).toBe(0);
  });

  it('returns Infinity from peekTime when only cancelled events remain', () => {
    const q = new EventQueue();
    expect(q.peekTime()).toBe(Infinity);
    q.cancel(q.push(3, 0, 0, 0));
    expect(q.peekTime()).toBe(Infinity);
    expect(q.pop()).toBe(false);
  });

  it('throws EngineError when cancelling a handle twice or after its pop', () => {
    const q = new EventQueue();
    const h = q.push(1, 0, 0, 0);
    const g = q.push(2, 0, 0, 0);
    q.cancel(h);
    expect(() => q.cancel(h)).toThrow(EngineError);
    expect(q.pop()).toBe(true);
    expect(() => q.cancel(g)).toThrow(EngineError);
    expect(() => q.cancel(-1)).toThrow(EngineError);
    expect(() => q.cancel(1e9)).toThrow(EngineError);
    expect(() => q.cancel(0.5)).toThrow(EngineError);
  });

  it('keeps a cancelled slot out of reuse until the dead entry leaves the heap', () => {
    const q = new EventQueue(1);
    const dead = q.push(10, 0, -1, 0);
    q.cancel(dead);
    const handles = [1, 2, 3].map((t) => q.push(t, 0, t, 0));
    expect(handles).not.toContain(dead);
    expect(drain(q)).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
  });

  it('grows beyond its initial capacity', () => {
    const q = new EventQueue(4);
    const pending: Pending[] = [];
    let x = 12345;
    for (let id = 0; id < 10_000; id++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      const time = x % 1000;
      pending.push({ time, id, handle: q.push(time, 0, id, 0) });
    }
    expect(q.size).toBe(10_000);
    expect(drain(q)).toEqual(pending.sort(byTimeThenId).map((p) => [p.time, p.id]));
  });

  it('pops only events at or before the limit of popUntil and setLimit', () => {
    const q = new EventQueue();
    for (const t of [3, 1, 2, 2, 5]) q.push(t, 0, t, 0);
    expect(q.popUntil(0.5)).toBe(false);
    expect(q.popUntil(2)).toBe(true);
    expect(q.time).toBe(1);
    q.setLimit(2);
    const due: number[] = [];
    while (q.popDue()) due.push(q.time);
    expect(due).toEqual([2, 2]);
    expect(q.size).toBe(2);
    expect(q.pop()).toBe(true);
    expect(q.time).toBe(3);
  });

  it('rejects a NaN time and non-int32 payloads', () => {
    const q = new EventQueue();
    expect(() => q.push(NaN, 0, 0, 0)).toThrow(EngineError);
    expect(() => q.push(0, 1.5, 0, 0)).toThrow(EngineError);
    expect(() => q.push(0, 0, 2 ** 31, 0)).toThrow(EngineError);
    expect(() => q.push(0, 0, 0, NaN)).toThrow(EngineError);
    expect(q.size).toBe(0);
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new EventQueue(0)).toThrow(EngineError);
    expect(() => new EventQueue(2.5)).toThrow(EngineError);
  });

  it('empties on clear and stays usable', () => {
    const q = new EventQueue(2);
    const h = q.push(1, 0, 1, 0);
    q.push(2, 0, 2, 0);
    q.push(0, 0, 0, 0);
    q.clear();
    expect(q.size).toBe(0);
    expect(q.pop()).toBe(false);
    expect(() => q.cancel(h)).toThrow(EngineError);
    q.push(5, 0, 5, 0);
    q.push(4, 0, 4, 0);
    expect(drain(q)).toEqual([
      [4, 4],
      [5, 5],
    ]);
  });
});
