// `pchat-sim run [scenario]`: one run of a scenario, written to results/<name>/ (or --out).
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import type { Console2 } from '../console.js';
import { addExperimentOptions, type ExperimentArgs } from '../experiment-cli.js';
import { DEFAULT_SCENARIO } from '../paths.js';

interface RunArgs extends ExperimentArgs {
  scenario?: string;
  seed?: number;
  out?: string;
  duration?: string;
  quiet: boolean;
  force: boolean;
  yes: boolean;
}

export function runCommand(io: Console2, setCode: (c: number) => void): CommandModule<object, RunArgs> {
  return {
    command: 'run [scenario]',
    describe: 'Run a scenario (default: the built-in stretched-pool scenario) and write its results',
    builder: (y) =>
      addExperimentOptions(y, 'default: one plain run', true)
        .positional('scenario', { type: 'string', describe: 'scenario file (YAML or JSON)' })
        .option('seed', { type: 'number', describe: 'override the scenario seed' })
        .option('out', { type: 'string', describe: 'output folder (default: results/<name>)' })
        .option('duration', { type: 'string', describe: 'override the duration, e.g. 2h' })
        .option('quiet', { type: 'boolean', default: false, describe: 'print nothing on success' })
        .option('force', {
          type: 'boolean',
          default: false,
          describe: 'replace an existing results folder (only one pchat-sim wrote)',
        })
        .option('yes', {
          type: 'boolean',
          default: false,
          describe: 'run even if the up-front estimate exceeds 2e9 events or 4 GB',
        }),
    handler: async (args) => {
      const { loadScenarioFile } = await import('../../scenario/load.js');
      const { runScenario } = await import('../../experiment/run-scenario.js');
      const { textSummary } = await import('../../io/text-summary.js');
      const file = args.scenario ?? DEFAULT_SCENARIO;
      const overrides: Record<string, unknown> = {};
      if (args.seed !== undefined) overrides['seed'] = args.seed;
      if (args.duration !== undefined) overrides['duration'] = args.duration;
      const config = loadScenarioFile(file, overrides);
      if (!args.yes) (await import('../../experiment/cost-estimate.js')).refuseCostly(config, file);
      if (args.replications !== undefined || args.shard !== undefined || args.warmup !== undefined) {
        const { runReplicationsCli } = await import('../experiment-cli.js');
        await runReplicationsCli(config, args, io);
        setCode(0);
        return;
      }
      const outDir = args.out ?? join('results', config.name);
      const { writeStaged } = await import('../staged-output.js');
      const { writeRunReport } = await import('../../io/report/write-report.js');
      const { summary, run } = await writeStaged(outDir, args.force, io, async (dir) => {
        const result = await runScenario(config, dir);
        await writeRunReport(config, dir, result.summary);
        return result;
      });
      if (!args.quiet) {
        io.out(textSummary(summary));
        io.out(`wrote ${outDir}/ in ${run.wall_s} s (${run.events_per_s} events/s)`);
        io.out(`report: ${join(outDir, 'report.html')}`);
      }
      setCode(0);
    },
  };
}
