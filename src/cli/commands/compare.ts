// `pchat-sim compare <dirs...>`: two or more result folders side by side in one report.html and compare.csv.
import type { Argv, CommandModule } from 'yargs';
import type { Console2 } from '../console.js';
import { outputOptions, type ArgsOf } from '../options.js';

const builder = (y: Argv) =>
  outputOptions(y, 'results/compare-<name1>-vs-<name2>')
    .positional('dirs', {
      type: 'string',
      array: true,
      demandOption: true,
      describe: 'result folders of runs',
    })
    .example('$0 compare results/default results/n-minus-1-absorbed', 'two single runs')
    .example(
      '$0 compare results/default-16 results/stretched-16 --out results/default-vs-stretched',
      'replicated runs with the same seeds: paired differences with 95% intervals',
    );

type CompareArgs = ArgsOf<typeof builder>;

/** The `compare` command module. */
export function compareCommand(
  io: Console2,
  setCode: (c: number) => void,
): CommandModule<object, CompareArgs> {
  return {
    command: 'compare <dirs..>',
    describe: 'Put two or more runs (single or replicated) side by side: report.html and compare.csv',
    builder,
    handler: async (args) => {
      const { UsageError } = await import('../../errors.js');
      const c = await import('../../experiment/combine/compare.js');
      const { writeCompare } = await import('../../io/report/write-compare.js');
      const { writeStaged } = await import('../staged-output.js');
      const { checkFinished, checkOutsideInputs } = await import('../../io/input-dirs.js');
      if (args.dirs.length < 2) throw new UsageError('compare: name at least two result folders');
      for (const d of args.dirs) checkFinished(d, 'summary.json');
      const runs = c.nameRuns(args.dirs.map(c.readComparedRun));
      const rows = c.compareRows(runs);
      const outDir = args.out ?? c.defaultCompareDir(runs);
      checkOutsideInputs(outDir, args.dirs);
      const notes = c.compareNotes(runs);
      for (const n of notes) io.err(n);
      await writeStaged(outDir, args.force, io, (dir) => writeCompare(dir, runs, rows, notes));
      setCode(0);
      if (args.quiet) return;
      const { compareTerminal } = await import('../../io/report/compare-format.js');
      for (const line of compareTerminal(rows, runs)) io.out(line);
      io.out(`wrote ${outDir}/: compare.csv, chart-compare.svg, report.html`);
    },
  };
}
