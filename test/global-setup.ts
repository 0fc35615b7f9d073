// Runs once before any test file (vitest.config.ts globalSetup): builds dist/ if it is stale, so the
// test files that run the built CLI, two at a time, never rebuild it under one another.
import { ensureBuilt } from './cli/built-cli.js';

export default function setup(): void {
  ensureBuilt();
}
