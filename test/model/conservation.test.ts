import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/errors.js';
import { ChatWorld } from '../../src/model/chat-world.js';
import { scenarioFromObject } from '../../src/scenario/load.js';

// Random topologies, workloads and sequences of faults and admin actions; the world is stepped in
// small increments and every invariant is checked at each step.
const SITES = ['s1', 's2'];

const serverArb = fc.record({ site: fc.constantFrom(...SITES), standby: fc.boolean() });
const poolArb = fc.array(serverArb, { minLength: 1, maxLength: 5 });

function scenario(
  pools: { site: string; standby: boolean }[][],
  closed: boolean,
  events: [number, number, number][],
  seed: number,
): unknown {
  const names = pools.map((servers, p) => servers.map((_, i) => `p${p}s${i}`));
  const allServers = names.flat();
  const pick = <T>(list: readonly T[], k: number): T => list[k % list.length] as T;
  const faults: Record<string, unknown>[] = [];
  const actions: Record<string, unknown>[] = [];
  for (const [t, kind, k] of events) {
    const pool = `p${k % pools.length}`;
    const server = pick(allServers, k);
    const at = t;
    const list: Record<string, unknown>[] = [
      { at, fail: server },
      { at, restore: server },
      { at, failSite: pick(SITES, k) },
      { at, restoreSite: pick(SITES, k) },
      { at, failDatabase: pool },
      { at, restoreDatabase: pool },
    ];
    const acts: Record<string, unknown>[] = [
      { at, swap: pool },
      { at, drain: server, mode: k % 2 === 0 ? 'soft' : 'force', deadline: 60 },
      { at, activate: server },
      { at, failback: pool, duration: 120 },
      { at, setActive: pool, servers: (names[k % pools.length] ?? []).slice(0, 1 + (k % 3)) },
    ];
    if (kind < list.length) faults.push(list[kind] as Record<string, unknown>);
    else actions.push(pick(acts, kind));
  }
  return {
    name: 'prop',
    seed,
    duration: 3600,
    sampleEvery: 60,
    allowUnsupported: true,
    topology: {
      edition: 'enterprise',
      // Linked, so active servers may be in either site: the random lists stay valid.
      ...(new Set(pools.flat().map((x) => x.site)).size > 1 ? { lowLatencySites: [SITES] } : {}),
      pools: pools.map((servers, p) => ({
        name: `p${p}`,
        capacityPerServer: 30,
        admissionLimitPerServer: 40,
        database: {
          mirror: seed % 2 === 0,
          witness: seed % 4 === 0,
          mirrorFailoverTime: 90,
          adminReactionTime: 200,
        },
        servers: servers.map((s, i) => ({
          name: `p${p}s${i}`,
          site: s.site,
          role: s.standby && i > 0 ? 'standby' : 'active',
        })),
      })),
    },
    workload: closed
      ? {
          population: 200,
          offTime: { dist: 'exponential', mean: 600 },
          session: { dist: 'exponential', mean: 900 },
          initialConnected: 80,
          retry: { delay: { dist: 'exponential', mean: 30 }, maxAttempts: 3 },
        }
      : {
          arrivals: { rate: 0.1 },
          session: { dist: 'lognormal', mean: 900, sd: 300 },
          initialConnected: 60,
          retry: { delay: { dist: 'fixed', mean: 45 }, backoff: 2, maxAttempts: 2 },
        },
    faults,
    actions,
    failover: {
      promoteStandbyAfter: 120,
      onRestore: seed % 3 === 0 ? 'active' : 'standby',
      site: { after: 300 },
    },
  };
}

function checkInvariants(world: ChatWorld): void {
  const { tally, servers, config } = world;
  const pop = config.workload.population;
  if (pop !== null) expect(tally.connected + tally.waiting + tally.signedOut).toBe(pop);
  else expect(tally.connected + tally.waiting + tally.left).toBe(tally.initial + tally.arrivals);
  let sum = 0;
  for (let s = 0; s < servers.n; s++) {
    const c = servers.conn[s] as number;
    sum += c;
    expect(c).toBeGreaterThanOrEqual(0);
    expect(c).toBeLessThanOrEqual(servers.admission[s] as number);
    if ((servers.down[s] as number) > 0) expect(c).toBe(0);
  }
  expect(sum).toBe(tally.connected);
  let waiting = 0;
  for (let p = 0; p < config.pools.length; p++) waiting += world.tally.poolWaiting[p] as number;
  expect(waiting).toBe(tally.waiting);
  config.pools.forEach((pool, p) => {
    const active = pool.servers.filter((s) => servers.active[s] === 1).length;
    expect(active).toBeLessThanOrEqual(world.failover.activeLimit[p] as number);
    if (world.databases.state[p] === 2 || world.databases.state[p] === 3) {
      for (const s of pool.servers) expect(servers.conn[s]).toBe(0);
    }
  });
}

describe('conservation under random faults and admin actions', () => {
  it('conserves users and respects every limit at every step', () => {
    let ran = 0;
    fc.assert(
      fc.property(
        fc.array(poolArb, { minLength: 1, maxLength: 2 }),
        fc.boolean(),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3600 }), fc.integer({ min: 0, max: 9 }), fc.nat(50)), {
          maxLength: 12,
        }),
        fc.nat(1000),
        (pools, closed, events, seed) => {
          let config;
          try {
            config = scenarioFromObject(scenario(pools, closed, events, seed), 'prop.yaml');
          } catch (e) {
            // Some random sequences break a documented rule (e.g. active servers outside the
            // database's site after a failover): rejecting them is the loader's job.
            if (e instanceof ScenarioError) return;
            throw e;
          }
          ran++;
          const world = new ChatWorld(config);
          world.start();
          let last = 0;
          for (let t = 0; t <= 3600; t += 37) {
            world.advanceTo(t);
            expect(world.sim.now).toBeGreaterThanOrEqual(last);
            last = world.sim.now;
            checkInvariants(world);
          }
        },
      ),
      { numRuns: 150, seed: 20261125 },
    );
    // Most generated scenarios must be valid, or the property would say little (a failback before
    // any site failover is now rejected, so about a third are).
    expect(ran).toBeGreaterThan(90);
  });
});
