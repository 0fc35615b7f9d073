// A scenario file as the plain object its YAML holds, after the file has passed every check: sweeps
// and plans change keys of this object and validate each variant like any scenario file.
import { parse } from 'yaml';
import type { SimConfig } from '../model/config.js';
import { readScenarioText } from '../scenario/input-guard.js';
import { parseScenarioText } from '../scenario/load.js';

/**
 * The validated base scenario and its raw object, from one read of the file (a pipe such as
 * `<(cat f)` or /dev/stdin can be read only once). @throws ScenarioError when the file is invalid.
 */
export function readScenarioData(file: string): { config: SimConfig; data: Record<string, unknown> } {
  const text = readScenarioText(file);
  const config = parseScenarioText(text, file);
  const data: unknown = parse(text, { maxAliasCount: 100 });
  return {
    config,
    data:
      typeof data === 'object' && data !== null && !Array.isArray(data)
        ? (data as Record<string, unknown>)
        : {},
  };
}
