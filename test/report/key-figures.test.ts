// The report's key-figure cards from summary trees built by hand: what each card says, for single
// and replicated runs, in the cases the shipped scenarios do not all reach.
import { describe, expect, it } from 'vitest';
import { figureSource, keyFigures } from '../../src/io/report/key-figures.js';

/** The cards of a single run's summary, as `label | value | note` lines without markup. */
function cards(summary: unknown): string[] {
  const html = keyFigures(figureSource(summary), summary);
  return [...html.matchAll(/<div class="card"[^>]*>(.*?)<\/div>/g)].map((m) =>
    (m[1] ?? '')
      .replace(/<b>/, ' | ')
      .replace(/<\/b>/, ' | ')
      .replace(/<[^>]+>/g, '')
      .replace(/ \| $/, ''),
  );
}

const server = (pool: string, capacity: number, over: number, peak: number) => ({
  pool,
  capacity,
  peak,
  secondsOverCapacity: over,
});

describe('key-figure cards', () => {
  it("names the worst server's own capacity, not the first pool's", () => {
    const summary = {
      servers: { a: server('p', 20000, 0, 15000), b: server('q', 10000, 600, 12000) },
      outages: [],
    };
    expect(cards(summary)).toContain('longest time over 10,000 users: b | 10m00s | peak 12,000 users');
  });

  it('says "its supported users" when no server went over and their capacities differ', () => {
    const mixed = { servers: { a: server('p', 20000, 0, 1), b: server('q', 10000, 0, 1) }, outages: [] };
    expect(cards(mixed)).toContain('time any server ran over its supported users | none');
    const same = { servers: { a: server('p', 15000, 0, 1), b: server('q', 15000, 0, 1) }, outages: [] };
    expect(cards(same)).toContain('time any server ran over 15,000 users | none');
  });
});
