// `pchat-sim init [--topology T] [--admission N] [--out FILE | --print]`: writes a commented starter scenario for one of the
// documented topologies, with the yaml-language-server line so an editor completes and checks keys.
import { basename, dirname, relative, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import type { Console2 } from '../console.js';
import { text, whole, type ArgsOf } from '../options.js';
import { SCHEMA_FILE } from './schema.js';

/** The starter topologies: the four of the planning guide [doc] and the stretched pool for disaster recovery. */
export const TOPOLOGIES = [
  'standard-collocated',
  'standard-separate',
  'enterprise-single',
  'enterprise-multi',
  'stretched',
] as const;
export type Topology = (typeof TOPOLOGIES)[number];

interface Starter {
  readonly about: string;
  readonly edition: 'standard' | 'enterprise';
  readonly users: number;
  readonly pool: string;
  readonly faults: string;
  readonly failover: string;
}

const STARTERS: Readonly<Record<Topology, Starter>> = {
  'standard-collocated': {
    about: `# Topology 1 [doc]: Standard Edition, Persistent Chat collocated on the Front End server. The
# simplest layout, for a proof of concept: no high availability, and the pool can never get a
# second server [doc]. A failure of the server is a full outage until it is repaired.`,
    edition: 'standard',
    users: 2000,
    pool: `    - name: pchat
      collocated: true            # on the Front End server: exactly one server [doc]
      servers:
        - { name: fe1, site: hq }`,
    faults: `  - { at: 2h, fail: fe1 }          # the Front End server goes down...
  - { at: 2h30m, restore: fe1 }    # ...and is back 30 minutes later`,
    failover: '',
  },
  'standard-separate': {
    about: `# Topology 2 [doc]: Standard Edition, Persistent Chat on its own server, so the pool can grow
# later (add active servers, up to 4 [doc]). Standard Edition has no standby servers: no high
# availability [doc].`,
    edition: 'standard',
    users: 10000,
    pool: `    - name: pchat
      servers:
        - { name: pc1, site: hq }
        # - { name: pc2, site: hq }  # a second active server (Standard Edition: never a standby [doc])`,
    faults: `  - { at: 2h, fail: pc1 }
  - { at: 3h, restore: pc1 }`,
    failover: '',
  },
  'enterprise-single': {
    about: `# Topology 3 [doc]: Enterprise Edition, one Persistent Chat server on its own computer (never
# collocated with an Enterprise Front End [doc]). With one server a failure is an outage: users
# retry until it is back or they give up.`,
    edition: 'enterprise',
    users: 15000,
    pool: `    - name: pchat
      servers:
        - { name: pc1, site: dc1 }`,
    faults: `  - { at: 2h, fail: pc1 }
  - { at: 2h45m, restore: pc1 }`,
    failover: '',
  },
  'enterprise-multi': {
    about: `# Topology 4 [doc]: Enterprise Edition, several Persistent Chat servers: at most 4 active and 8 in
# all [doc]. One active server fails at 2h (N-1): its users move to the survivors; after the admin's
# reaction time a standby is promoted [doc: promotion is manual].`,
    edition: 'enterprise',
    users: 60000,
    pool: `    - name: pchat
      servers:
        - { name: pc1, site: dc1 }                  # role: active is the default
        - { name: pc2, site: dc1 }
        - { name: pc3, site: dc1 }
        - { name: pc4, site: dc1 }
        - { name: pc5, site: dc1, role: standby }   # idle until an admin makes it active
        - { name: pc6, site: dc1, role: standby }`,
    faults: `  - { at: 2h, fail: pc4 }
  - { at: 6h, restore: pc4 }
  # - { random: { servers: all, mtbf: { dist: exponential, mean: 2000h }, mttr: { dist: weibull, mean: 4h, shape: 1.5 } } }`,
    failover: `failover:
  promoteStandbyAfter: 15m       # the admin's reaction time before promoting a standby [param; assumption]
  onRestore: standby             # a repaired server rejoins as standby (or: active)`,
  },
  stretched: {
    about: `# Disaster recovery [doc]: a stretched pool over two data centers, 4 active servers in dc1 and 4
# idle in dc2, the content database in dc1 with a log-shipped backup in dc2. dc1 is lost at 2h;
# the manual recovery (backup database online, pool FailedOver, dc2's servers active [doc]) takes
# failover.site.after. Failback is manual too and is a full outage while it runs [doc].`,
    edition: 'enterprise',
    users: 60000,
    pool: `    - name: pchat
      database: { site: dc1, backupSite: dc2 }   # add mirror: true, witness: true for SQL mirroring [doc]
      servers:
        - { name: pc1, site: dc1 }
        - { name: pc2, site: dc1 }
        - { name: pc3, site: dc1 }
        - { name: pc4, site: dc1 }
        - { name: pc5, site: dc2, role: standby }
        - { name: pc6, site: dc2, role: standby }
        - { name: pc7, site: dc2, role: standby }
        - { name: pc8, site: dc2, role: standby }`,
    faults: `  - { at: 2h, failSite: dc1 }      # dc1 and everything in it is lost
  - { at: 5h, restoreSite: dc1 }
actions:
  - { at: 6h, failback: pchat, duration: 30m }   # back to dc1: all active servers cleared meanwhile [doc]`,
    failover: `failover:
  site: { after: 1h }            # duration of the manual disaster recovery [param; assumption]`,
  },
};

/** What a scenario name may be (as the scenario schema's rule): the file's stem becomes the name. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Session mean of the starters (seconds): a working day [assumption]. */
const SESSION_MEAN_S = 8 * 3600;

/**
 * The starter scenario text for `topology`; `schemaRef` is the path the yaml-language-server line
 * points to; `name` (the results folder, default: the topology) must be a valid scenario name.
 */
export function starterScenario(
  topology: Topology,
  schemaRef: string,
  name: string = topology,
  admission?: number,
): string {
  const s = STARTERS[topology];
  return `${settingsText(s, schemaRef, name)}
${topologyText(s, admission)}
${workloadText(s)}
faults:
${s.faults}
${s.failover}`
    .trimEnd()
    .concat('\n');
}

/** The file's head: the editor's schema line, what the topology is, and the run's settings. */
function settingsText(s: Starter, schemaRef: string, name: string): string {
  return `# yaml-language-server: $schema=${schemaRef}
${s.about}
# Every key is described in docs/scenario-reference.md; [doc] = Microsoft's planning documentation.
name: ${name}  # results go to results/<name>/ unless run --out
seed: 1                          # same scenario + same seed = the same results, byte for byte
duration: 8h                     # seconds or "90s", "15m", "2h45m", "7d"
sampleEvery: 1m                  # one timeline.csv row per minute
allowUnsupported: false          # true: exceeding a documented limit is a warning, not an error`;
}

/** The topology: the pool's head, its capacity and limits, then its servers. */
function topologyText(s: Starter, admission: number | undefined): string {
  const cut = s.pool.indexOf('      servers:');
  const head = s.pool.slice(0, cut).trimEnd();
  const servers = s.pool.slice(cut);
  return `topology:
  edition: ${s.edition}
  pools:
${head}
      capacityPerServer: 20000        # supported users per server [doc]
${admissionLines(admission)}
      # signInRatePerServer: 10         # sign-ins/s a server accepts, then 503 and retry [param]
      # signInRatePerPool: 10           # sign-ins/s the pool accepts (unset: unlimited, an assumption every recovery time rests on) [param]
${servers}`;
}

/** The open model's workload, its rate set so Little's law gives the starter's users. */
function workloadText(s: Starter): string {
  const rate = Number((s.users / SESSION_MEAN_S).toPrecision(3));
  return `workload:
  # Open model: Poisson sign-ins. ${rate}/s × an 8h mean session ≈ ${String(s.users).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} users on (Little's law).
  arrivals: { rate: ${rate} }
  session: { dist: lognormal, mean: 8h, sd: 2h }   # assumption: a working day
  initialConnected: ${s.users}
  balancing: least-connections     # [param] the docs' example splits load evenly
  reconnectDelay: { dist: exponential, mean: 30s } # client detection and reconnect [param; assumption]
  retry: { delay: { dist: fixed, mean: 60s }, backoff: 2, jitter: 0.5, maxDelay: 15m, maxAttempts: unlimited }   # after a refusal (503) [param; assumption]`;
}

/**
 * The admission limit as a choice: unset, no limit (servers take the users sent to them: assumption);
 * 20,000 to model refusals at the supported load; 30,000 for the documented overload after a failure.
 */
function admissionLines(admission: number | undefined): string {
  const why = `# admissionLimitPerServer unset: no limit, a server takes every user sent to it (assumption); or
      # admissionLimitPerServer: 20000  # refuse sign-ins at the supported 20,000 per server [doc]
      # admissionLimitPerServer: 30000  # refuse them at the documented N-1 overload, "as many as 30,000" [doc]`;
  if (admission === undefined) return `      ${why}`;
  return `      admissionLimitPerServer: ${admission}  # a server refuses new sign-ins at this many users (the admin's policy)`;
}

const DEFAULT_TOPOLOGY: Topology = 'enterprise-multi';

const builder = (y: Argv) =>
  y
    .option('topology', {
      choices: TOPOLOGIES,
      default: DEFAULT_TOPOLOGY,
      describe: 'which topology to start from',
    })
    .option('out', {
      type: 'string',
      coerce: text('out'),
      describe: 'file to write (default: <topology>.yaml)',
    })
    .option('print', {
      type: 'boolean',
      default: false,
      describe: 'print the scenario instead of writing a file',
    })
    .option('admission', {
      type: 'string',
      coerce: whole('admission', 1, 2147483647),
      describe: 'write admissionLimitPerServer: N (default: a commented choice, no limit)',
    })
    .option('force', { type: 'boolean', default: false, describe: 'replace an existing file' })
    .example('$0 init', 'enterprise-multi.yaml: 4 active + 4 standby servers in one site')
    .example(
      '$0 init --topology stretched --out dr.yaml',
      'two data centers with disaster recovery, as dr.yaml',
    )
    .example('$0 init --topology standard-collocated --print', 'print the Standard Edition starter')
    .example('$0 init --admission 20000 --out sizing.yaml', 'servers refuse sign-ins at 20,000 users');

type InitArgs = ArgsOf<typeof builder>;

export function initCommand(io: Console2, setCode: (c: number) => void): CommandModule<object, InitArgs> {
  return {
    command: 'init',
    describe: 'Write a commented starter scenario for a documented topology',
    builder,
    handler: async (args) => {
      const out = args.out ?? `${args.topology}.yaml`;
      if (args.print) {
        io.out(
          starterScenario(
            args.topology,
            relative(process.cwd(), SCHEMA_FILE).split('\\').join('/'),
            args.topology,
            args.admission,
          ).trimEnd(),
        );
        return setCode(0);
      }
      const ref = relative(dirname(resolve(out)), SCHEMA_FILE)
        .split('\\')
        .join('/');
      const stem = basename(out).replace(/\.(ya?ml|json)$/i, '');
      const { writeUserFile } = await import('../../io/atomic-file.js');
      writeUserFile(
        out,
        starterScenario(args.topology, ref, NAME.test(stem) ? stem : args.topology, args.admission),
        args.force,
      );
      io.out(`wrote ${out}: run it with "pchat-sim run ${out}"`);
      setCode(0);
    },
  };
}
