#!/usr/bin/env node
// Entry point of the `pchat-sim` bin: runs the CLI and sets the exit code.
import { runCli } from './cli.js';

process.exitCode = await runCli(process.argv.slice(2));
