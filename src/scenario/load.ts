// Loading a scenario: bytes → text (UTF-8, size-capped) → YAML/JSON → zod → rules → frozen SimConfig.
// Every problem becomes one Issue; all of them are thrown together as one ScenarioError.
import { readFileSync, statSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { formatIssue, ScenarioError, type Issue } from '../errors.js';
import type { SimConfig } from '../model/config.js';
import { didYouMean, knownKeys } from './known-keys.js';
import { normalise } from './normalise.js';
import { checkRules } from './rules.js';
import { scenarioSchema } from './schema.js';

/** A scenario file is at most this big (assumption: real ones are a few KiB). */
export const MAX_SCENARIO_BYTES = 1024 * 1024;
/** YAML alias expansions allowed before a document is treated as a "billion laughs" bomb. */
const MAX_ALIAS_COUNT = 100;
const KNOWN_KEYS = knownKeys(scenarioSchema);

/** Reads and validates a scenario file. @throws ScenarioError naming the file and every issue. */
export function loadScenarioFile(file: string, overrides: Readonly<Record<string, unknown>> = {}): SimConfig {
  let bytes: Buffer;
  try {
    const size = statSync(file).size;
    if (size > MAX_SCENARIO_BYTES) {
      throw new ScenarioError(file, [{ path: '', message: `a scenario file is at most ${MAX_SCENARIO_BYTES} bytes; received ${size}` }]);
    }
    bytes = readFileSync(file);
  } catch (e) {
    if (e instanceof ScenarioError) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new ScenarioError(file, [{ path: '', message: `cannot read the file (${code})` }]);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ScenarioError(file, [{ path: '', message: 'a scenario file is UTF-8 text; received bytes that are not UTF-8' }]);
  }
  return parseScenarioText(text, file, overrides);
}

/** Parses YAML (or JSON, a subset of YAML) text; `overrides` replace top-level keys (e.g. seed). @throws ScenarioError */
export function parseScenarioText(text: string, file: string, overrides: Readonly<Record<string, unknown>> = {}): SimConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter });
  const first = doc.errors[0];
  if (first !== undefined) {
    const line = lineCounter.linePos(first.pos[0]);
    const where = ` at line ${line.line}, column ${line.col}`;
    throw new ScenarioError(file, [{ path: '', message: `invalid YAML${where}: ${first.message.split('\n')[0] ?? ''}` }]);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    throw new ScenarioError(file, [{ path: '', message: `invalid YAML: ${(e as Error).message.split('\n')[0] ?? ''}` }]);
  }
  if (Object.keys(overrides).length > 0 && typeof data === 'object' && data !== null && !Array.isArray(data)) {
    data = { ...(data as Record<string, unknown>), ...overrides };
  }
  return scenarioFromObject(data ?? {}, file);
}

/** Validates an already-parsed object. @throws ScenarioError */
export function scenarioFromObject(data: unknown, file: string): SimConfig {
  const parsed = scenarioSchema.safeParse(data);
  if (!parsed.success) throw new ScenarioError(file, parsed.error.issues.map((i) => toIssue(i, data)));
  const rules = checkRules(parsed.data);
  if (rules.errors.length > 0) throw new ScenarioError(file, rules.errors);
  return normalise(parsed.data, rules.warnings.map((w) => formatIssue('unsupported', w)));
}

/** `topology.pools[0].servers[4].role` from zod's path array. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : out === '' ? String(k) : `.${String(k)}`;
  return out;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v = data;
  for (const k of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function toIssue(issue: z.core.$ZodIssue, data: unknown): Issue {
  if (issue.code === 'unrecognized_keys') {
    const parts = issue.keys.map((k) => {
      const hint = didYouMean(k, KNOWN_KEYS);
      return hint === undefined ? `"${k}"` : `"${k}" (did you mean "${hint}"?)`;
    });
    return { path: formatPath(issue.path), message: `unknown key ${parts.join(', ')}` };
  }
  let message = issue.message;
  if (issue.code === 'invalid_value' || issue.code === 'too_small' || issue.code === 'too_big' || issue.code === 'invalid_format') {
    const v = valueAt(data, issue.path);
    if (v !== undefined && (typeof v !== 'object' || v === null)) message += `; received ${JSON.stringify(v)}`;
  }
  if (issue.code === 'invalid_union' && issue.path.length > 0) {
    message = `Invalid value: expected ${unionHint(issue.path)}`;
  }
  return { path: formatPath(issue.path), message };
}

function unionHint(path: readonly PropertyKey[]): string {
  const last = path[path.length - 1];
  if (last === 'servers') return '"all" or a list of server names';
  return 'a valid value';
}
