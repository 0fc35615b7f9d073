// Property: random valid scenarios (both editions, collocated or not, 1–3 pools, every distribution
// and balancing policy, open and closed workloads, scheduled and random faults, failover settings)
// run to the end with every invariant holding at many instants: users conserved and consistent with
// the user table, no server above its admission limit, at most 4 active servers per pool (unless
// allowUnsupported), active servers only in the database's site or one linked to it, no user on a
// failed server or on a standby never made active, time monotone.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChatWorld } from '../../src/model/chat-world.js';
import { siteAllowed } from '../../src/model/config.js';
import { summarise } from '../../src/model/summary.js';
import { U_CONNECTED, U_WAITING } from '../../src/model/user-table.js';
import { scenarioFromObject } from '../../src/scenario/load.js';
import { FC_SEED, validScenarioArb } from './scenario-arbitrary.js';

const RUNS = 100;
/** Instants checked per run: a regular grid plus random ones. */
const GRID_STEPS = 40;

/** Servers that have been in the active list at some instant (initially, or made active since). */
class EverActive {
  readonly flags: Uint8Array;
  constructor(private readonly world: ChatWorld) {
    this.flags = Uint8Array.from(world.config.servers, (s) => (s.role === 'active' ? 1 : 0));
  }

  /** Reads the events logged since the last call and the current active list. */
  update(lastTime: number): number {
    const { servers, log, sim } = this.world;
    let last = lastTime;
    for (const r of log.drain()) {
      expect(r.time_s).toBeGreaterThanOrEqual(last);
      expect(r.time_s).toBeLessThanOrEqual(sim.now);
      last = r.time_s;
      if (r.event === 'promote') this.mark([r.server]);
      if (r.event === 'set-active') this.mark(r.detail.slice(r.detail.indexOf('active ') + 7).split(' '));
    }
    for (let s = 0; s < servers.n; s++) if (servers.active[s] === 1) this.flags[s] = 1;
    return last;
  }

  private mark(names: readonly string[]): void {
    for (const name of names) {
      const s = this.world.servers.names.indexOf(name);
      if (s >= 0) this.flags[s] = 1;
    }
  }
}

function checkInvariants(world: ChatWorld, ever: EverActive): void {
  const { tally: t, servers, users, config } = world;
  for (const v of [
    t.connected,
    t.waiting,
    t.signedOut,
    t.arrivals,
    t.left,
    t.attempts,
    t.accepted,
    t.denied,
    t.gaveUp,
  ])
    expect(v).toBeGreaterThanOrEqual(0);
  if (config.workload.population !== null)
    expect(t.connected + t.waiting + t.signedOut).toBe(config.workload.population);
  else expect(t.connected + t.waiting + t.left).toBe(t.initial + t.arrivals);
  // The counters agree with the users themselves.
  const perServer = new Int32Array(servers.n);
  let connected = 0;
  let waiting = 0;
  for (let u = 0; u < users.used; u++) {
    if (users.state(u) === U_CONNECTED) {
      connected++;
      const s = users.server(u);
      perServer[s] = (perServer[s] as number) + 1;
    } else if (users.state(u) === U_WAITING) waiting++;
  }
  expect([connected, waiting]).toEqual([t.connected, t.waiting]);
  config.pools.forEach((pool, p) => {
    // Active servers are in the database's site or one linked to it [doc].
    const dbSite = world.databases.currentSite(p);
    for (const s of pool.servers)
      if (servers.active[s] === 1) expect(siteAllowed(config, servers.site[s] as number, dbSite)).toBe(true);
  });
  for (const pool of config.pools) {
    // At most 4 active [doc]; with allowUnsupported, at most as many as the scenario started with.
    const initial = pool.servers.filter((s) => config.servers[s]?.role === 'active').length;
    const active = pool.servers.filter((s) => servers.active[s] === 1).length;
    expect(active).toBeLessThanOrEqual(config.allowUnsupported ? Math.max(4, initial) : 4);
  }
  for (let s = 0; s < servers.n; s++) {
    const c = servers.conn[s] as number;
    expect(c).toBe(perServer[s]);
    expect(c).toBeLessThanOrEqual(servers.admission[s] as number);
    if ((servers.down[s] as number) > 0) expect(c).toBe(0);
    if (ever.flags[s] === 0) expect(c).toBe(0);
  }
}

describe('random valid scenarios', () => {
  it('run to the end with every invariant holding at every checked instant', () => {
    const instants = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 20 });
    fc.assert(
      fc.property(validScenarioArb, instants, (doc, random) => {
        const config = scenarioFromObject(doc, 'property.yaml');
        const world = new ChatWorld(config);
        const ever = new EverActive(world);
        world.start();
        const T = config.durationS;
        const times = [
          ...Array.from({ length: GRID_STEPS + 1 }, (_, k) => (k * T) / GRID_STEPS),
          ...random.map((x) => x * T),
        ].sort((a, b) => a - b);
        let lastLogged = 0;
        let lastNow = world.sim.now;
        for (const t of times) {
          world.advanceTo(t);
          expect(world.sim.now).toBe(t);
          expect(world.sim.now).toBeGreaterThanOrEqual(lastNow);
          lastNow = world.sim.now;
          lastLogged = ever.update(lastLogged);
          checkInvariants(world, ever);
        }
        world.finish();
        const summary = summarise(world);
        expect(summary.duration_s).toBe(T);
        expect(summary.connected.end).toBe(world.tally.connected);
        for (const s of Object.values(summary.servers)) {
          expect(s.availability).toBeGreaterThanOrEqual(0);
          expect(s.availability).toBeLessThanOrEqual(1 + 1e-9);
        }
      }),
      { numRuns: RUNS, seed: FC_SEED },
    );
  });

  it('are checked by a checker that catches a broken world', () => {
    const doc = {
      topology: {
        edition: 'enterprise',
        pools: [
          {
            name: 'p',
            capacityPerServer: 5,
            servers: [{ name: 'a' }, { name: 'b' }, { name: 'c', role: 'standby' }],
          },
        ],
      },
      workload: { initialConnected: 6 },
    };
    const fresh = (): [ChatWorld, EverActive] => {
      const world = new ChatWorld(scenarioFromObject(doc, 'x.yaml'));
      world.start();
      return [world, new EverActive(world)];
    };
    const [ok, okEver] = fresh();
    checkInvariants(ok, okEver);
    const breaks: ((w: ChatWorld) => void)[] = [
      (w) => void (w.servers.conn[0] = 6),
      (w) => void (w.servers.down[0] = 1),
      (w) => void (w.tally.left += 1),
      (w) => w.users.setServer(0, 2),
      (w) => void (w.servers.admission[0] = 2),
    ];
    for (const corrupt of breaks) {
      const [world, ever] = fresh();
      corrupt(world);
      expect(() => checkInvariants(world, ever)).toThrow();
    }
  });

  // Found by the property above: the initial users were once split between pools apart from the
  // population, so a pool could get one more initial user than it had users in all.
  it('conserve a closed population split unevenly between pools at t = 0', () => {
    const world = new ChatWorld(
      scenarioFromObject(
        {
          topology: {
            edition: 'enterprise',
            pools: [0.6122, 2.252, 2.1864].map((userShare, p) => ({
              name: `p${p}`,
              userShare,
              servers: [{ name: `s${p}` }],
            })),
          },
          workload: { population: 78, offTime: { dist: 'exponential', mean: 60 }, initialConnected: 77 },
        },
        'split.yaml',
      ),
    );
    world.start();
    const t = world.tally;
    expect(t.connected + t.waiting + t.signedOut).toBe(78);
  });

  it('give the same summary for the same seed', () => {
    fc.assert(
      fc.property(validScenarioArb, (doc) => {
        const run = (): string => {
          const world = new ChatWorld(scenarioFromObject(doc, 'property.yaml'));
          world.start();
          world.advanceTo(world.config.durationS);
          world.finish();
          return JSON.stringify(summarise(world));
        };
        expect(run()).toBe(run());
      }),
      { numRuns: 20, seed: FC_SEED },
    );
  });
});
