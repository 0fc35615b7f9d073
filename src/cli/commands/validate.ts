// `pchat-sim validate <scenario...>`: checks every rule of every file, printing all problems.
import type { Argv, CommandModule } from 'yargs';
import { ScenarioError } from '../../errors.js';
import type { Console2 } from '../console.js';
import type { ArgsOf } from '../options.js';

const builder = (y: Argv) =>
  y
    .positional('scenarios', { type: 'string', array: true, demandOption: true })
    .example('$0 validate scenarios/*.yaml', 'check every shipped scenario, every problem on one line')
    .example('$0 validate dr.yaml', 'check one file before running it (here the one init wrote)');

type ValidateArgs = ArgsOf<typeof builder>;

export function validateCommand(
  io: Console2,
  setCode: (c: number) => void,
): CommandModule<object, ValidateArgs> {
  return {
    command: 'validate <scenarios..>',
    describe: 'Check scenario files against every rule; exit 0 if all are valid, 2 otherwise',
    builder,
    handler: async (args) => {
      const { loadScenario } = await import('../../scenario/load.js');
      let bad = 0;
      for (const file of args.scenarios) {
        try {
          const config = await loadScenario(file);
          const n = config.warnings.length;
          io.out(`${file}: ok${n > 0 ? ` (${n} warning${n === 1 ? '' : 's'})` : ''}`);
          for (const w of config.warnings) io.out(`${file}: warning: ${w.code}: ${w.message}`);
        } catch (e) {
          if (!(e instanceof ScenarioError)) throw e;
          bad++;
          for (const line of e.message.split('\n')) io.err(line);
        }
      }
      setCode(bad > 0 ? 2 : 0);
    },
  };
}
