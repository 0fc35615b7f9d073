// fast-check generators of scenario files: valid ones (random topologies of both editions, open and
// closed workloads, every distribution and balancing policy, scheduled and random faults, failover
// settings) and "almost valid" ones whose fields may each be replaced by any value at all.
import fc from 'fast-check';

/** Any value fast-check can make: nested objects and arrays, NaN, ±Infinity, -0, bigint, dates, sets, maps, typed arrays, null prototypes. */
export const anyValue = fc.anything({
  maxDepth: 4,
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withTypedArray: true,
  withSparseArray: true,
  withNullPrototype: true,
  withObjectString: true,
});

type Obj = Record<string, unknown>;

/**
 * fast-check's seed: fixed, so `npm test` checks the same cases every time; set PCHAT_SIM_FC_SEED
 * (an integer) to explore others. A failure prints its seed and counterexample to replay.
 */
export const FC_SEED = Number(process.env['PCHAT_SIM_FC_SEED'] ?? 20_251_125);

/** A distribution with positive, moderate parameters (seconds), of any of the five kinds. */
export function distributionArb(minMean: number, maxMean: number): fc.Arbitrary<Obj> {
  const mean = fc.double({ min: minMean, max: maxMean, noNaN: true });
  return fc.oneof(
    mean.map((m) => ({ dist: 'fixed', mean: m })),
    mean.map((m) => ({ dist: 'exponential', mean: m })),
    fc
      .tuple(mean, fc.double({ min: 0, max: 3, noNaN: true }))
      .map(([m, cv]) => ({ dist: 'lognormal', mean: m, sd: m * cv })),
    fc
      .tuple(mean, fc.double({ min: 0.3, max: 5, noNaN: true }))
      .map(([m, k]) => ({ dist: 'weibull', mean: m, shape: k })),
    fc
      .tuple(mean, fc.double({ min: 0, max: 1, noNaN: true }))
      .map(([m, w]) => ({ dist: 'uniform', min: m * (1 - w), max: m * (1 + w) })),
  );
}

const SITES = ['dc1', 'dc2'];

interface ServerPlan {
  site: number;
  standby: boolean;
}

const poolPlanArb = fc.record({
  servers: fc.array(fc.record({ site: fc.nat(1), standby: fc.boolean() }), { minLength: 1, maxLength: 10 }),
  capacity: fc.integer({ min: 1, max: 30 }),
  extraAdmission: fc.option(fc.integer({ min: 0, max: 15 }), { nil: undefined }),
  signInRate: fc.option(fc.double({ min: 0.05, max: 5, noNaN: true }), { nil: undefined }),
  share: fc.double({ min: 0.2, max: 3, noNaN: true }),
  collocated: fc.boolean(),
});
type PoolPlan = typeof poolPlanArb extends fc.Arbitrary<infer T> ? T : never;

/**
 * Servers that obey the rules: an active first server, ≤ 4 active and ≤ 8 in all (6 and 10 with
 * allowUnsupported: warnings), no standby on Standard Edition, and unless the sites are linked,
 * active servers only in the first server's site (the database's).
 */
function servers(
  plan: ServerPlan[],
  p: number,
  standard: boolean,
  unsupported: boolean,
  linked: boolean,
): Obj[] {
  const maxActive = unsupported ? 6 : 4;
  const home = plan[0]?.site ?? 0;
  let active = 0;
  return plan.slice(0, unsupported ? 10 : 8).flatMap((s, i) => {
    const away = !linked && s.site !== home;
    const standby = i > 0 && (standard ? false : s.standby || active >= maxActive || away);
    if (standard && active >= maxActive) return [];
    if (!standby) active++;
    const site = standard && away ? home : s.site;
    return [{ name: `p${p}s${i}`, site: SITES[site], role: standby ? 'standby' : 'active' }];
  });
}

function pool(plan: PoolPlan, p: number, standard: boolean, unsupported: boolean, linked: boolean): Obj {
  const collocated = standard && plan.collocated;
  const list = servers(
    collocated ? plan.servers.slice(0, 1) : plan.servers,
    p,
    standard,
    unsupported,
    linked,
  );
  return {
    name: `p${p}`,
    collocated,
    capacityPerServer: plan.capacity,
    ...(plan.extraAdmission === undefined
      ? {}
      : { admissionLimitPerServer: plan.capacity + plan.extraAdmission }),
    ...(plan.signInRate === undefined ? {} : { signInRatePerServer: plan.signInRate }),
    userShare: plan.share,
    servers: list,
  };
}

/** Sign-ins per second: 0, or between 1e-6 and 1.5 (the loader refuses positive rates below 1e-9). */
const rateArb = fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 1.5, noNaN: true }));

const openWorkload = fc.record({
  arrivals: fc.oneof(
    rateArb.map((rate) => ({ rate })),
    fc
      .uniqueArray(fc.integer({ min: 0, max: 86399 }), { minLength: 1, maxLength: 4 })
      .chain((ats) =>
        fc.tuple(...ats.sort((a, b) => a - b).map((at) => rateArb.map((rate) => ({ at, rate })))),
      )
      .map((profile) => ({ profile })),
  ),
  initialConnected: fc.integer({ min: 0, max: 60 }),
});

/** A closed workload: any share of the population connected at t = 0. */
const closedWorkload: fc.Arbitrary<Obj> = fc
  .record({
    population: fc.integer({ min: 0, max: 80 }),
    offTime: distributionArb(20, 2000),
    initial: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ population, offTime, initial }) => ({
    population,
    offTime,
    initialConnected: Math.floor(population * initial),
  }));

const workloadArb = (_onePool: boolean): fc.Arbitrary<Obj> =>
  fc
    .record({
      model: fc.oneof(openWorkload, closedWorkload),
      session: distributionArb(30, 3000),
      initialSessions: fc.constantFrom('residual', 'fresh'),
      balancing: fc.constantFrom('least-connections', 'round-robin', 'random', 'power-of-two-choices'),
      reconnectDelay: distributionArb(1, 120),
      retry: fc.record({
        delay: distributionArb(1, 120),
        backoff: fc.double({ min: 1, max: 2.5, noNaN: true }),
        jitter: fc.double({ min: 0, max: 0.99, noNaN: true }),
        maxDelay: fc.integer({ min: 1, max: 3600 }),
        maxAttempts: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constant('unlimited')),
      }),
    })
    .map(({ model, ...rest }) => ({ ...model, ...rest }));

/** A valid scenario: generated within every rule, so it must load. */
export const validScenarioArb: fc.Arbitrary<Obj> = fc
  .record({
    seed: fc.nat(1_000_000),
    duration: fc.integer({ min: 600, max: 12 * 3600 }),
    standard: fc.boolean(),
    unsupported: fc.boolean(),
    linked: fc.boolean(),
    pools: fc.array(poolPlanArb, { minLength: 1, maxLength: 3 }),
    faults: fc.array(
      fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), kind: fc.nat(3), target: fc.nat(40) }),
      { maxLength: 8 },
    ),
    random: fc.option(
      fc.record({ mtbf: distributionArb(300, 20000), mttr: distributionArb(30, 3000), some: fc.boolean() }),
      { nil: undefined },
    ),
    promoteAfter: fc.option(fc.integer({ min: 0, max: 1800 }), { nil: undefined }),
    onRestore: fc.constantFrom('standby', 'active'),
  })
  .chain((g) => workloadArb(g.pools.length === 1).map((workload) => ({ ...g, workload })))
  .map((g) => {
    const pools = g.pools.map((p, i) => pool(p, i, g.standard, g.unsupported, g.linked));
    const names = pools.flatMap((p) => (p['servers'] as Obj[]).map((s) => s['name'] as string));
    const sites = [...new Set(pools.flatMap((p) => (p['servers'] as Obj[]).map((s) => s['site'] as string)))];
    const faults: Obj[] = g.faults.map((f) => {
      const at = Math.floor(f.at * g.duration);
      if (f.kind === 0) return { at, fail: names[f.target % names.length] };
      if (f.kind === 1) return { at, restore: names[f.target % names.length] };
      return f.kind === 2
        ? { at, failSite: sites[f.target % sites.length] }
        : { at, restoreSite: sites[f.target % sites.length] };
    });
    if (g.random !== undefined) {
      faults.push({
        random: {
          servers: g.random.some ? names.slice(0, 1 + (g.seed % names.length)) : 'all',
          mtbf: g.random.mtbf,
          mttr: g.random.mttr,
        },
      });
    }
    return {
      name: 'property',
      seed: g.seed,
      duration: g.duration,
      sampleEvery: 60,
      allowUnsupported: g.unsupported,
      topology: {
        edition: g.standard ? 'standard' : 'enterprise',
        pools,
        ...(g.linked && sites.length > 1 ? { lowLatencySites: [sites] } : {}),
      },
      workload: g.workload,
      faults,
      failover: {
        ...(g.promoteAfter === undefined ? {} : { promoteStandbyAfter: g.promoteAfter }),
        onRestore: g.onRestore,
      },
    };
  });

/** Replaces the value at one random path of `doc` (an object tree) by `value`; a path past a leaf adds a key. */
export function mutate(doc: unknown, path: readonly number[], key: string, value: unknown): unknown {
  if (path.length === 0 || typeof doc !== 'object' || doc === null) return value;
  const entries: [string, unknown][] = Array.isArray(doc)
    ? Array.from(doc, (v, i) => [String(i), v])
    : Object.entries(doc as Obj);
  if (entries.length === 0) return Array.isArray(doc) ? [value] : { [key]: value };
  const [k, v] = entries[(path[0] as number) % entries.length] as [string, unknown];
  const next = mutate(v, path.slice(1), key, value);
  if (Array.isArray(doc)) return Array.from(doc, (x, i) => (String(i) === k ? next : x));
  return { ...(doc as Obj), [k]: next };
}

/** A valid scenario with 1–3 values anywhere in it replaced by any value (or by extra keys). */
export const almostValidScenarioArb: fc.Arbitrary<unknown> = fc
  .tuple(
    validScenarioArb,
    fc.array(
      fc.tuple(
        fc.array(fc.nat(20), { minLength: 1, maxLength: 6 }),
        fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('dist', 'mean', 'at', 'servers')),
        anyValue,
      ),
      {
        minLength: 1,
        maxLength: 3,
      },
    ),
  )
  .map(([doc, edits]) =>
    edits.reduce((d, [path, key, value]) => mutate(d, path, key, value), doc as unknown),
  );
