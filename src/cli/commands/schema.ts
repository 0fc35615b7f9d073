// `pchat-sim schema [--out FILE]`: the JSON Schema of scenario files, generated from the zod schema
// (never written by hand), for editors: `# yaml-language-server: $schema=...` on a scenario's first line.
import { fileURLToPath } from 'node:url';
import type { Argv, CommandModule } from 'yargs';
import type { Console2 } from '../console.js';
import { text, type ArgsOf } from '../options.js';

/** The committed copy, `schema/scenario.schema.json` at the package root (from src/ or dist/). */
export const SCHEMA_FILE = fileURLToPath(new URL('../../../schema/scenario.schema.json', import.meta.url));

/** The JSON Schema (draft 2020-12) of a scenario file's input, as pretty JSON with a trailing newline. */
export async function scenarioJsonSchemaText(): Promise<string> {
  const { z } = await import('zod');
  const { scenarioSchema } = await import('../../scenario/schema.js');
  const generated = z.toJSONSchema(scenarioSchema, { io: 'input' });
  const { $schema, ...rest } = generated;
  const doc = {
    $schema,
    title: 'pchat-sim scenario',
    description:
      'A pchat-sim scenario file (YAML or JSON). Generated from the zod schema by `pchat-sim schema`; do not edit. ' +
      'Durations and times are seconds, strings like "90s", "15m", "2h45m", "7d", or clock times of the run like "08:15", "1d 08:15" (t = 0 is 00:00 of day 0). `pchat-sim validate` also checks the topology rules.',
    ...rest,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

const builder = (y: Argv) =>
  y
    .option('out', {
      type: 'string',
      coerce: text('out'),
      describe: 'write the schema to this file instead of stdout',
    })
    .option('force', { type: 'boolean', default: false, describe: 'replace an existing file' })
    .example('$0 schema', 'print the JSON Schema of scenario files')
    .example('$0 schema --out schema/scenario.schema.json --force', 'refresh the committed copy');

type SchemaArgs = ArgsOf<typeof builder>;

export function schemaCommand(io: Console2, setCode: (c: number) => void): CommandModule<object, SchemaArgs> {
  return {
    command: 'schema',
    describe:
      'Print the JSON Schema of scenario files (generated from the validator), or write it with --out',
    builder,
    handler: async (args) => {
      const text = await scenarioJsonSchemaText();
      if (args.out === undefined) io.out(text.trimEnd());
      else {
        const { writeUserFile } = await import('../../io/atomic-file.js');
        writeUserFile(args.out, text, args.force);
        io.out(`wrote ${args.out}`);
      }
      setCode(0);
    },
  };
}
