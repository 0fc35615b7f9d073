// A scenario file as the plain object its YAML holds, after the file has passed every check: sweeps
// and plans change keys of this object and validate each variant like any scenario file.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { SimConfig } from '../model/config.js';
import { loadScenarioFile } from '../scenario/load.js';

/** The validated base scenario and its raw object. @throws ScenarioError when the file is invalid. */
export function readScenarioData(file: string): { config: SimConfig; data: Record<string, unknown> } {
  const config = loadScenarioFile(file);
  const data: unknown = parse(readFileSync(file, 'utf8'), { maxAliasCount: 100 });
  return {
    config,
    data:
      typeof data === 'object' && data !== null && !Array.isArray(data)
        ? (data as Record<string, unknown>)
        : {},
  };
}
