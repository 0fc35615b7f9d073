// discardBuffers and Simulator.discard: a finished run's arrays are given back, and the simulator
// refuses to run afterwards.
import { describe, expect, it } from 'vitest';
import { discardBuffers } from '../../src/engine/discard.js';
import { Simulator } from '../../src/engine/simulator.js';
import { EngineError } from '../../src/errors.js';

describe('discardBuffers', () => {
  it('empties every view on the discarded buffers, shared ones included, and leaves others alone', () => {
    const a = new Int32Array(1024).fill(7);
    const sameBuffer = new Float64Array(a.buffer);
    const other = new Int32Array(16).fill(3);
    discardBuffers([a, sameBuffer, a]);
    expect([a.length, sameBuffer.length, a.buffer.byteLength]).toEqual([0, 0, 0]);
    expect(other[15]).toBe(3);
    expect(() => discardBuffers([a])).not.toThrow();
  });
});

describe('Simulator.discard', () => {
  it('refuses to run or step once discarded', () => {
    const sim = new Simulator(8);
    sim.schedule(1, 1, 0);
    sim.run(Infinity, { handle: () => undefined });
    sim.discard();
    expect(() => sim.run(10, { handle: () => undefined })).toThrow(EngineError);
    expect(() => sim.step({ handle: () => undefined })).toThrow(/discarded/);
  });
});
