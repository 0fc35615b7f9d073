// Over-capacity episodes: the spans during which a server holds more users than its supported
// capacity (20,000 [doc]), so a planner sees when each began and whether it was still on at the end.
import type { StateIn, StateOut } from '../state-io.js';

/** At most this many episodes per server are listed; `count` still counts them all. */
export const EPISODES_LISTED = 100;

/** Per server, the episodes above capacity, as parallel lists of start and end times. */
export class OverCapacityEpisodes {
  private readonly starts: number[][];
  private readonly ends: number[][];
  private readonly counts: Int32Array;

  constructor(servers: number) {
    this.starts = Array.from({ length: servers }, () => []);
    this.ends = Array.from({ length: servers }, () => []);
    this.counts = new Int32Array(servers);
  }

  /** Server `s` went above (`over` true) or back to at most (`over` false) its capacity at `now`. */
  cross(s: number, now: number, over: boolean): void {
    if (over) {
      const k = (this.counts[s] = (this.counts[s] as number) + 1);
      if (k <= EPISODES_LISTED) (this.starts[s] as number[]).push(now);
      return;
    }
    const ends = this.ends[s] as number[];
    if (ends.length < (this.starts[s] as number[]).length) ends.push(now);
  }

  saveState(out: StateOut): void {
    out.json([this.starts, this.ends]);
    out.array(this.counts);
  }

  restoreState(inp: StateIn): void {
    const [starts, ends] = inp.json() as [number[][], number[][]];
    starts.forEach((list, s) => this.starts[s]?.push(...list));
    ends.forEach((list, s) => this.ends[s]?.push(...list));
    inp.into(this.counts);
  }

  /** Episodes of server `s` begun in the run. */
  count(s: number): number {
    return this.counts[s] as number;
  }

  /** The first EPISODES_LISTED episodes of server `s`; `end` null for one still on at the end. */
  list(s: number): { start: number; end: number | null }[] {
    const ends = this.ends[s] as number[];
    return (this.starts[s] as number[]).map((start, i) => ({ start, end: ends[i] ?? null }));
  }
}
