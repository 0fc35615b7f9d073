#!/usr/bin/env node
// Entry point of the `pchat-sim` bin: checks the open-file limit before loading the CLI's modules (loading
// them opens files too), then runs the CLI under the process guard, which sets the exit code.
import { openFilesProblem } from './open-files.js';

const tooFew = openFilesProblem();
if (tooFew !== null) {
  process.stderr.write(`${tooFew}\n`);
  process.exitCode = 2;
} else {
  const { runCli } = await import('./cli.js');
  const { processConsole } = await import('./console.js');
  const { guardProcess } = await import('./process-guard.js');
  const io = processConsole();
  guardProcess(runCli(process.argv.slice(2), io), io);
}
