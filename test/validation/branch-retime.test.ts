// A branch that changes only what acts after its instant gives the straight run of the changed
// scenario, byte for byte: a re-timed step keeps its place among the events (its seq), so a promotion,
// a mirror or site failover, a failback's end and a drain deadline moved from T are where the changed
// scenario has them from t = 0; and a fault after T moved, removed or added lands where it would. Only
// the past keeps its words: an action logged before T names the duration it was given then.
// `npm run validate` only (a minute of runs); `npm test` has the promotion story.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { cli } from '../cli-capture.js';
import { tempDir } from '../helpers.js';

/** The scenario's own change: the value at a key path (a list index past the end adds an entry). */
type Change = readonly [path: readonly (string | number)[], value: unknown];

function setPath(data: unknown, [path, value]: Change): void {
  let node = data as Record<string | number, unknown>;
  path.slice(0, -1).forEach((k) => {
    node = node[k] as Record<string | number, unknown>;
  });
  node[path.at(-1) as string | number] = value;
}

/**
 * Checkpoints `name` at `atS`, branches with `set`, and runs the scenario with `changes` straight;
 * `past` is an events.csv line logged before T as the straight run words it, then as the branch does.
 */
async function expectStraight(
  name: string,
  atS: number,
  set: readonly string[],
  changes: readonly Change[],
  past: readonly [string, string] | null = null,
): Promise<void> {
  const dir = tempDir();
  const run = join(dir, 'run');
  const r = await cli(
    'run',
    `scenarios/${name}.yaml`,
    '--checkpoint-at',
    String(atS),
    '--out',
    run,
    '--quiet',
  );
  expect(r.code).toBe(0);
  const sets = set.flatMap((s) => ['--set', s]);
  const b = await cli('branch', join(run, 'checkpoint.pchat'), ...sets, '--out', join(dir, 'b'), '--quiet');
  expect(b).toEqual({ code: 0, out: [], err: [] });
  const scenario: unknown = parse(readFileSync(`scenarios/${name}.yaml`, 'utf8'));
  for (const c of changes) setPath(scenario, c);
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, stringify(scenario));
  const straight = join(dir, 'straight');
  expect((await cli('run', file, '--out', straight, '--quiet')).code).toBe(0);
  for (const f of ['timeline.csv', 'events.csv', 'summary.json']) {
    const want = readFileSync(join(straight, f), 'utf8');
    expect(readFileSync(join(dir, 'b', set.join(','), f), 'utf8'), `${name} ${set.join(' ')}: ${f}`).toBe(
      past !== null && f === 'events.csv' ? want.replace(past[0], past[1]) : want,
    );
  }
}

describe('a branch that changes what acts after its instant', () => {
  it('promotes, fails over the mirror and the site where the changed scenario does', async () => {
    // pc2 fails at 2h: the promotion pending at 2h15m, moved to 2h30m.
    await expectStraight(
      'default',
      7500,
      ['failover.promoteStandbyAfter=30m'],
      [[['failover', 'promoteStandbyAfter'], '30m']],
    );
    // The database fails at 1h: the admin's failover pending at 1h15m, moved to 1h30m.
    await expectStraight(
      'db-mirror-no-witness',
      3900,
      ['topology.pools[0].database.adminReactionTime=30m'],
      [[['topology', 'pools', 0, 'database', 'adminReactionTime'], '30m']],
    );
    // dc1 is lost at 1h: the site failover pending at 2h, moved to 2h30m.
    await expectStraight(
      'site-dr-failback',
      5400,
      ['failover.site.after=90m'],
      [[['failover', 'site', 'after'], '90m']],
    );
  });

  it("ends a failback and a drain's deadline where the changed scenario does", async () => {
    // The failback begun at 5h ends at 5h45m instead of 5h30m.
    await expectStraight(
      'site-dr-failback',
      18600,
      ['actions[0].duration=45m'],
      [[['actions', 0, 'duration'], '45m']],
      [
        '18000,failback-start,pchat,all active servers cleared for 2700 s',
        '18000,failback-start,pchat,all active servers cleared for 1800 s',
      ],
    );
    // pc1's forced drain begun at 30m meets its deadline at 50m instead of 40m.
    await expectStraight(
      'rolling-patch-short',
      2100,
      ['actions[0].deadline=20m'],
      [[['actions', 0, 'deadline'], '20m']],
      [
        '1800,drain,pc1,"force drain of 17500 users, deadline in 1200 s"',
        '1800,drain,pc1,"force drain of 17500 users, deadline in 600 s"',
      ],
    );
  });

  it('moves, removes and adds faults after its instant', async () => {
    await expectStraight(
      'default',
      3600,
      ['faults[0].at=3h', 'faults[1]=none'],
      [[['faults'], [{ at: '3h', fail: 'pc2' }]]],
    );
    await expectStraight(
      'default',
      3600,
      ['faults[2].at=6h', 'faults[2].fail=pc3'],
      [[['faults', 2], { at: '6h', fail: 'pc3' }]],
    );
  });
});
