// The ladder's bottom: a sorted run with a heap beside it pops in (time, seq) order, against a sort
// oracle, whatever mix of runs, pushes ahead of the head, pushes behind it and pops.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Bottom } from '../../src/engine/bottom.js';

interface Entry {
  time: number;
  seq: number;
  node: number;
}

const byKey = (x: Entry, y: Entry): number => x.time - y.time || x.seq - y.seq;

/** Pops the bottom once, checking it against the oracle's smallest entry. */
function popChecked(bottom: Bottom, oracle: Entry[]): void {
  oracle.sort(byKey);
  const want = oracle.shift() as Entry;
  expect([bottom.time[bottom.head], bottom.seq[bottom.head], bottom.node[bottom.head]]).toEqual([
    want.time,
    want.seq,
    want.node,
  ]);
  bottom.removeTop();
}

describe('Bottom', () => {
  it('pops a run and later pushes in (time, seq) order', () => {
    const op = fc.oneof(
      fc.record({ push: fc.integer({ min: 0, max: 40 }) }),
      fc.record({ pop: fc.integer({ min: 1, max: 6 }) }),
    );
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 300 }), fc.array(op), (run, ops) => {
        const key = new Float64Array(2);
        const bottom = new Bottom(key, 1);
        const oracle: Entry[] = [];
        let seq = 0;
        // The run's entries in the given order, equal times in descending seq: the sort must reorder them.
        bottom.startRun(run.length);
        run.forEach((time, i) => {
          const at = bottom.head + i;
          const entry = { time, seq: run.length - i, node: i };
          bottom.time[at] = entry.time;
          bottom.seq[at] = entry.seq;
          bottom.node[at] = entry.node;
          oracle.push(entry);
        });
        bottom.sortRun(run.length);
        seq = run.length + 1;
        for (const o of ops) {
          if ('push' in o) {
            const entry = { time: o.push, seq: seq++, node: 1000 + seq };
            key[0] = entry.time;
            key[1] = entry.seq;
            bottom.pushKey(entry.node);
            oracle.push(entry);
          } else {
            for (let k = 0; k < o.pop && oracle.length > 0; k++) popChecked(bottom, oracle);
          }
          expect(bottom.length).toBe(oracle.length);
        }
        while (oracle.length > 0) popChecked(bottom, oracle);
        expect(bottom.length).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('takes more new minimums ahead of its head than it keeps room for', () => {
    const key = new Float64Array(2);
    const bottom = new Bottom(key, 1);
    for (let i = 0; i < 100; i++) {
      key[0] = 100 - i;
      key[1] = i;
      bottom.pushKey(i);
    }
    for (let i = 99; i >= 0; i--) {
      expect(bottom.node[bottom.head]).toBe(i);
      bottom.removeTop();
    }
    expect(bottom.length).toBe(0);
  });
});
