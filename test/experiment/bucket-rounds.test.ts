// A token bucket's sign-ins per round of attempts at one instant, hand-computed.
import { describe, expect, it } from 'vitest';
import { roundSeats } from '../../src/experiment/run/bucket-rounds.js';

describe('the sign-ins a bucket gives rounds of attempts', () => {
  it('are one token each ceil(1 / refill) rounds when it holds one: the refill beyond it is lost', () => {
    // 1/s, rounds 0.3 s apart: 0.3, 0.6, 0.9, then 1.2 topped out at 1: one sign-in in 4 rounds.
    expect(roundSeats(1, 0.3)).toBe(0.25);
    // 0.25/s, rounds 0.3 s apart: 0.075 a round, 14 rounds to a token (not 13.3).
    expect(roundSeats(0.25, 0.3)).toBe(1 / 14);
    expect(roundSeats(0.25, 4)).toBe(1);
    expect(roundSeats(0.25, 10)).toBe(1);
  });

  it('are whole tokens of a bucket holding one second of a rate above 1/s', () => {
    // 1.5/s a second apart: the bucket of 1.5 is full at each round and gives 1.
    expect(roundSeats(1.5, 1)).toBe(1);
    // 1.5/s 0.8 s apart: 1.2 → 1 (0.2 left), 1.4 → 1 (0.4), 1.6 topped out at 1.5 → 1 (0.5), then
    // 1.7 topped out at 1.5 each round: 1 a round.
    expect(roundSeats(1.5, 0.8)).toBe(1);
    // 3/s 0.9 s apart: from full, 2.7 → 2 (0.7 left), 3.4 topped out at 3 → 3: 5 in 2 rounds.
    expect(roundSeats(3, 0.9)).toBe(2.5);
    // 2/s half a second apart never tops out: 1 a round, as the rate says.
    expect(roundSeats(2, 0.5)).toBe(1);
  });

  it('are unlimited without a limit and none with no time between rounds', () => {
    expect(roundSeats(Infinity, 0.3)).toBe(Infinity);
    expect(roundSeats(1, 0)).toBe(0);
  });
});
