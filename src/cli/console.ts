// Where the CLI prints: one line at a time to stdout or stderr; injectable so tests can capture it.

/** A command's two output channels. */
export interface Console2 {
  out(line: string): void;
  err(line: string): void;
}

/** The real process streams. */
export const processConsole: Console2 = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};
