// A scenario file as the plain object its YAML holds, after the file has passed every check: sweeps
// and plans change keys of this object and validate each variant like any scenario file.
import type { SimConfig } from '../../model/config.js';
import { readScenario } from '../../scenario/load.js';

/**
 * The validated base scenario and its raw object, from one read of the file (a pipe such as
 * `<(cat f)` or /dev/stdin can be read only once); a `profileFile` is read into the object's
 * `profile`, so variants carry (and plans scale) its contents; `profileFile` is its name as written
 * (null without one). @throws ScenarioError when invalid.
 */
export async function readScenarioData(
  file: string,
): Promise<{ config: SimConfig; data: Record<string, unknown>; profileFile: string | null }> {
  const { config, data, profileFile } = await readScenario(file);
  return {
    config,
    profileFile,
    data:
      typeof data === 'object' && data !== null && !Array.isArray(data)
        ? (data as Record<string, unknown>)
        : {},
  };
}
