#!/usr/bin/env node
// Entry point of the `pchat-sim` bin: runs the CLI under the process guard, which sets the exit code.
import { runCli } from './cli.js';
import { processConsole } from './console.js';
import { guardProcess } from './process-guard.js';

const io = processConsole();
guardProcess(runCli(process.argv.slice(2), io), io);
