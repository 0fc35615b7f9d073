// `pchat-sim sweep <scenario> --set key=values ...`: a grid over scenario keys, written to sweep.csv.
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { Console2 } from '../console.js';
import { UsageError } from '../../errors.js';
import type { SweepTargets } from '../../io/charts/sweep-file.js';
import {
  duration,
  experimentOptions,
  outputOptions,
  shardOption,
  text,
  yesOption,
  type ArgsOf,
} from '../options.js';

const builder = (y: Argv) =>
  yesOption(
    shardOption(experimentOptions(outputOptions(y, 'results/<name>-sweep'), 'per grid point, default 5')),
  )
    .positional('scenario', { type: 'string', describe: 'scenario file (YAML or JSON)', demandOption: true })
    .option('set', {
      type: 'string',
      array: true,
      demandOption: true,
      describe:
        'key.path=v1,v2 or key.path=from..to:step, e.g. topology.pools[0].servers=3,4 (active servers; 4+2 = 4 active + 2 standby); users=40000..80000:10000 scales the load as plan --users does',
    })
    .option('max-blocking', {
      type: 'string',
      coerce: text('max-blocking'),
      describe: "target, as plan's: refused first sign-ins / first sign-ins, e.g. 0.1%",
    })
    .option('max-lost', {
      type: 'string',
      coerce: text('max-lost'),
      describe: "target, as plan's: users lost / users who wanted service, e.g. 1%",
    })
    .option('max-over-capacity', {
      type: 'string',
      coerce: duration('max-over-capacity'),
      describe: "target, as plan's: time any server spends above its supported capacity, e.g. 0s",
    })
    .example(
      '$0 sweep scenarios/default.yaml --set users=40000..80000:10000',
      'five user counts (users on, arrival rates and population scaled), 5 replications each',
    )
    .example(
      '$0 sweep scenarios/n-minus-1-refused.yaml --set topology.pools[0].admissionLimitPerServer=20000,30000',
      'two admission limits',
    )
    .example(
      '$0 sweep scenarios/n-minus-1-refused.yaml --set users=40000..80000:10000 --max-blocking 0.1% --out results/n-1-users',
      'report.html marks the first user count that meets the target',
    );

type SweepArgs = ArgsOf<typeof builder>;

/** The targets given, read as plan reads them. @throws UsageError for a bad value or with --shard. */
async function sweepTargets(args: ArgumentsCamelCase<SweepArgs>): Promise<SweepTargets> {
  const { parseFraction } = await import('./plan.js');
  const { parseDuration } = await import('../../scenario/duration.js');
  const t = {
    ...(args.maxBlocking === undefined
      ? {}
      : { maxBlocking: parseFraction('max-blocking', args.maxBlocking) }),
    ...(args.maxLost === undefined ? {} : { maxLost: parseFraction('max-lost', args.maxLost) }),
    ...(args.maxOverCapacity === undefined
      ? {}
      : { maxOverCapacityS: parseDuration(args.maxOverCapacity) ?? 0 }),
  };
  if (Object.keys(t).length > 0 && args.shard !== undefined)
    throw new UsageError(
      '--shard: a sharded sweep is judged by no targets (merge writes its report); drop --max-blocking, --max-lost and --max-over-capacity, or run the sweep whole',
    );
  return t;
}

/** The `sweep` command module. */
export function sweepCommand(io: Console2, setCode: (c: number) => void): CommandModule<object, SweepArgs> {
  return {
    command: 'sweep <scenario>',
    describe:
      'Run every combination of --set values (R replications each) and write sweep.csv, chart-sweep.svg and report.html',
    builder,
    handler: async (args) => {
      const { checkShardTasks, experimentSettings, experimentOutDir, threadNote } =
        await import('../experiment-cli.js');
      const { bindUsers, checkArrivalAxes, parseSet } = await import('../../experiment/sweep/sweep-spec.js');
      const { readScenarioData } = await import('../../experiment/run/scenario-data.js');
      const { runSweep, sweepPoints } = await import('../../experiment/sweep/sweep.js');
      const { sweepText } = await import('../../experiment/replications/experiment-text.js');
      const { progressBar } = await import('../progress.js');
      const { writeStaged } = await import('../staged-output.js');
      const settings = await experimentSettings(args, 5);
      const targets = await sweepTargets(args);
      const parsed = args.set.map(parseSet);
      const { config, data, profileFile } = await readScenarioData(args.scenario);
      const axes = bindUsers(parsed, config);
      checkArrivalAxes(data, axes, profileFile);
      const points = sweepPoints(args.scenario, data, axes, settings.warmupS);
      const { checkAutoWarmup, reportWarmups } = await import('../experiment-cli.js');
      await checkAutoWarmup(
        points.map((p) => p.config),
        args.scenario,
        args.warmup,
      );
      checkShardTasks(settings, points.length * settings.replications);
      const { refuseCostly } = await import('../../experiment/run/cost-estimate.js');
      const runs = settings.shard === null ? points.length : Math.ceil(points.length / settings.shard.count);
      refuseCostly(
        points.slice(0, runs).map((p) => p.config),
        settings.replications,
        args.scenario,
        args.yes,
      );
      const outDir = experimentOutDir(args, `${config.name}-sweep`, settings);
      const progress = progressBar('runs', args.quiet, io.progress, io.status);
      const outcome = await writeStaged(outDir, args.force, io, async (dir) => {
        let result;
        try {
          result = await runSweep(config, axes, points, dir, {
            ...settings,
            onProgress: progress.onProgress,
            confirmed: args.yes,
          });
        } finally {
          progress.stop();
        }
        if (result.report.partial) return { ...result, answer: null };
        const { writeSweepOutputs } = await import('../../io/report/experiment-outputs.js');
        const { first } = await writeSweepOutputs(config, dir, settings.replications, targets);
        return { ...result, answer: Object.keys(targets).length === 0 ? null : first };
      });
      setCode(0);
      const { report, perPoint, answer } = outcome;
      if (report.warmups !== undefined && report.warmups.some((f) => f !== null)) {
        const { pointLabel } = await import('../../experiment/sweep/sweep-spec.js');
        const labels = points.map((p) => pointLabel(config.name, axes, p.values));
        await reportWarmups(report.warmups, labels, io, args.quiet);
      }
      if (args.quiet) return;
      const note = threadNote(settings, report.tasks, report.threads);
      if (note !== null) io.err(note);
      if (perPoint !== null)
        io.out(
          sweepText(
            axes.map((a) => a.key),
            points.map((p) => p.values),
            perPoint,
          ),
        );
      if (Object.keys(targets).length > 0 && !report.partial)
        io.out(
          answer === null
            ? 'no point meets every target (report.html)'
            : `first point that meets every target: ${answer.point} (${axes.map((a, i) => `${a.key}=${answer.values[i] ?? ''}`).join(', ')}; report.html)`,
        );
      const what = report.partial
        ? `shard ${settings.shard?.index}/${settings.shard?.count}: partial result`
        : `sweep.csv, ${points.length} points × ${settings.replications} replications`;
      io.out(`wrote ${outDir}/: ${what} in ${report.wallS.toFixed(2)} s (${report.eventsPerS} events/s)`);
    },
  };
}
