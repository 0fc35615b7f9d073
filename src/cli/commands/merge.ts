// `pchat-sim merge <dirs...>`: combines shards' partial results into the unsharded run's exact files.
import type { Argv, CommandModule } from 'yargs';
import type { Console2 } from '../console.js';
import { outputOptions, type ArgsOf } from '../options.js';

const builder = (y: Argv) =>
  outputOptions(y, 'results/<name> or results/<name>-sweep')
    .positional('dirs', {
      type: 'string',
      array: true,
      demandOption: true,
      describe: "the shards' output folders",
    })
    .example(
      '$0 merge results/default-shard-0-of-2 results/default-shard-1-of-2 --out results/default-64',
      'the two shards of a 64-replication run, as one run',
    );

type MergeArgs = ArgsOf<typeof builder>;

/** The `merge` command module. */
export function mergeCommand(io: Console2, setCode: (c: number) => void): CommandModule<object, MergeArgs> {
  return {
    command: 'merge <dirs..>',
    describe: 'Combine the partial results of every shard (run/sweep --shard i/n) into the final files',
    builder,
    handler: async (args) => {
      const { collectPartials } = await import('../../experiment/shards/partial.js');
      const { defaultOutDir, finishMerge } = await import('../../experiment/combine/merge.js');
      const { experimentText, sweepText } = await import('../../experiment/replications/experiment-text.js');
      const { writeStaged } = await import('../staged-output.js');
      const { checkFinished, checkOutsideInputs } = await import('../../io/input-dirs.js');
      for (const d of args.dirs) checkFinished(d, 'partial.json');
      const parts = collectPartials(args.dirs);
      const outDir = args.out ?? defaultOutDir(parts.meta);
      checkOutsideInputs(outDir, args.dirs);
      const r = await writeStaged(outDir, args.force, io, (dir) => finishMerge(parts, args.dirs.length, dir));
      setCode(0);
      if (args.quiet) return;
      if (r.summary !== null) io.out(experimentText(r.summary));
      if (r.perPoint !== null && r.meta.kind === 'sweep')
        io.out(sweepText(r.meta.axes, r.meta.points, r.perPoint));
      io.out(`wrote ${outDir}/: merged ${r.shards} shards`);
    },
  };
}
