// A frozen SimConfig as JSON and back, exactly: JSON has no Infinity (an unlimited sign-in rate, a
// standby never promoted), so non-finite numbers are written as {"$number": "Infinity"} and read back.
import type { SimConfig } from '../../model/config.js';
import type { Json } from './replicate.js';

const TAG = '$number';

/** The config as a JSON value in which every non-finite number is tagged. */
export function configToJson(config: SimConfig): Json {
  return JSON.parse(
    JSON.stringify(config, (_k, v: unknown) =>
      typeof v === 'number' && !Number.isFinite(v) ? { [TAG]: String(v) } : v,
    ),
  ) as Json;
}

/** The config written by {@link configToJson}, deep-frozen as the scenario loader returns it. */
export function configFromJson(json: Json): SimConfig {
  const revived = JSON.parse(JSON.stringify(json), (_k, v: unknown) => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const tagged = (v as Record<string, unknown>)[TAG];
      if (keys.length === 1 && typeof tagged === 'string') return Number(tagged);
      return Object.freeze(v);
    }
    return Array.isArray(v) ? Object.freeze(v) : v;
  }) as SimConfig;
  return revived;
}
