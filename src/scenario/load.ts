// Loading a scenario: bytes → text (UTF-8, size-capped) → nesting check → YAML/JSON → zod → rules
// and model limits → frozen SimConfig. Every problem becomes one one-line Issue; all of them are
// thrown together as one ScenarioError, and nothing else is ever thrown for bad input.
import { LineCounter, parseDocument } from 'yaml';
import { ScenarioError, issue, issueFromText, type Issue } from '../errors.js';
import type { SimConfig } from '../model/config.js';
import { readScenarioText } from './input-guard.js';
import type { z } from 'zod';
import { formatPath, oneLine, toIssue } from './issue-format.js';
import { keyPlaces } from './known-keys.js';
import { checkModelLimits } from './model-limits.js';
import { normalise } from './normalise.js';
import { restOfFile } from './rest-of-file.js';
import { withProfileFile } from './profile-file.js';
import { checkRules } from './rules.js';
import { scenarioSchema } from './schema.js';
import { findDeepNesting, MAX_NESTING } from './yaml-depth.js';

export { MAX_SCENARIO_BYTES } from './input-guard.js';
export { formatPath } from './issue-format.js';

/** YAML alias expansions allowed before a document is treated as a "billion laughs" bomb. */
const MAX_ALIAS_COUNT = 100;
/** Issues listed before the rest are summed up in one line (a generated file can have thousands). */
const MAX_ISSUES = 50;
const KNOWN_KEYS = keyPlaces(scenarioSchema);

/**
 * Reads and validates a scenario file, a measured sign-in profile (`profileFile`) included: the way
 * every command loads a scenario. `overrides` replace top-level keys.
 * @returns the configuration, the file's object with the profile file read into `profile` (what
 *   sweeps and plans vary) and the profile file's name as written (null without one). @throws ScenarioError naming the file (or the profile file) and every issue.
 */
export async function readScenario(
  file: string,
  overrides: Readonly<Record<string, unknown>> = {},
): Promise<{ config: SimConfig; data: unknown; profileFile: string | null }> {
  const raw = scenarioData(readScenarioText(file), file, overrides);
  const data = await withProfileFile(raw, file);
  return { config: scenarioFromObject(data ?? {}, file), data, profileFile: profileFileName(raw) };
}

/** `workload.arrivals.profileFile` as written, or null: once read into `profile`, its name is gone. */
function profileFileName(raw: unknown): string | null {
  const at = (v: unknown, k: string): unknown =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>)[k] : undefined;
  const name = at(at(at(raw, 'workload'), 'arrivals'), 'profileFile');
  return typeof name === 'string' ? name : null;
}

/** {@link readScenario}'s configuration. @throws ScenarioError */
export async function loadScenario(
  file: string,
  overrides: Readonly<Record<string, unknown>> = {},
): Promise<SimConfig> {
  return (await readScenario(file, overrides)).config;
}

/**
 * Reads and validates a scenario file without a `profileFile` (which only {@link loadScenario} reads):
 * for tests and benchmarks. @throws ScenarioError naming the file and every issue.
 */
export function loadScenarioFile(file: string, overrides: Readonly<Record<string, unknown>> = {}): SimConfig {
  return parseScenarioText(readScenarioText(file), file, overrides);
}

/** Parses YAML (or JSON, a subset of YAML) text; `overrides` replace top-level keys (e.g. seed). @throws ScenarioError */
export function parseScenarioText(
  text: string,
  file: string,
  overrides: Readonly<Record<string, unknown>> = {},
): SimConfig {
  return scenarioFromObject(scenarioData(text, file, overrides) ?? {}, file);
}

/** YAML text → the plain object it holds, `overrides` applied. @throws ScenarioError for bad YAML. */
function scenarioData(text: string, file: string, overrides: Readonly<Record<string, unknown>>): unknown {
  const fail = (message: string): never => {
    throw new ScenarioError(file, [issueFromText('', oneLine(message))]);
  };
  const deep = findDeepNesting(text);
  if (deep !== undefined)
    fail(`a scenario nests at most ${MAX_NESTING} levels deep; received deeper nesting at line ${deep}`);
  const lineCounter = new LineCounter();
  // logLevel 'error': yaml's warnings (e.g. a list used as a key) must not reach stderr; zod reports the result.
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter, logLevel: 'error' });
  const first = doc.errors[0];
  if (first !== undefined) {
    const line = lineCounter.linePos(first.pos[0]);
    const why =
      first.code === 'MULTIPLE_DOCS'
        ? 'a scenario file holds one YAML document; received a second one'
        : first.message.split('\n')[0];
    fail(`invalid YAML at line ${line.line}, column ${line.col}: ${why ?? ''}`);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const text = e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e);
    const why = text.startsWith('Excessive alias')
      ? `aliases (*name) expand to more than ${MAX_ALIAS_COUNT} nodes (a "billion laughs" bomb?)`
      : text;
    fail(`invalid YAML: ${why}`);
  }
  if (
    Object.keys(overrides).length > 0 &&
    typeof data === 'object' &&
    data !== null &&
    !Array.isArray(data)
  ) {
    data = { ...(data as Record<string, unknown>), ...overrides };
  }
  return data;
}

/**
 * Validates an already-parsed object: the schema, then the rules and model limits. When the schema
 * refuses keys the rules read nothing from, the rules check the rest of the file in the same round, so
 * every problem is listed at once. @throws ScenarioError
 */
export function scenarioFromObject(data: unknown, file: string): SimConfig {
  const parsed = scenarioSchema.safeParse(data);
  if (!parsed.success)
    throw scenarioError(file, [
      ...parsed.error.issues.map((i) => toIssue(i, data, KNOWN_KEYS)),
      ...ruleProblemsOfRest(data, parsed.error.issues),
    ]);
  const rules = checkRules(parsed.data);
  const errors = [...rules.errors, ...checkModelLimits(parsed.data)];
  if (errors.length > 0) throw scenarioError(file, errors);
  return normalise(parsed.data, rules.warnings);
}

/** The rule problems of the file without its refused keys (none where that is not safe to check). */
function ruleProblemsOfRest(data: unknown, refusedBySchema: readonly z.core.$ZodIssue[]): Issue[] {
  const rest = restOfFile(data, refusedBySchema);
  if (rest === undefined) return [];
  const parsed = scenarioSchema.safeParse(rest.data);
  if (!parsed.success) return [];
  const refused = rest.refused.map((p) => formatPath(p));
  const under = (path: string): boolean =>
    refused.some((r) => path === r || path.startsWith(`${r}.`) || path.startsWith(`${r}[`));
  return [...checkRules(parsed.data).errors, ...checkModelLimits(parsed.data)].filter((i) => !under(i.path));
}

/** One line per issue, at most MAX_ISSUES of them and a count of the rest. */
function scenarioError(file: string, issues: readonly Issue[]): ScenarioError {
  const shown = issues.slice(0, MAX_ISSUES).map((i) => ({ ...i, message: oneLine(i.message) }));
  if (issues.length > MAX_ISSUES)
    shown.push(issue('', `${issues.length - MAX_ISSUES} more problems not shown`));
  return new ScenarioError(file, shown);
}
