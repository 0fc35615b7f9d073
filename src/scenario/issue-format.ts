// zod issues → Issues (path, expected, received) with a one-line message a planner can act on, the value shown
// short and on one line (long strings cut, NaN and Infinity named, lists and mappings described).
import type { z } from 'zod';
import { issue as ruleIssue, issueFromText, labelledIssue, type Issue } from '../errors.js';
import { DURATION_FORMS } from './duration.js';
import { keyHint, placeOf, type KeyPlaces } from './known-keys.js';

/** A message longer than this is cut (a received value can be a megabyte of text). */
const MAX_MESSAGE_CHARS = 300;
const MAX_SHOWN_STRING = 60;
/** Keys longer than this get no "did you mean" hint (edit distance is quadratic in the length). */
const MAX_HINT_KEY = 64;

const TYPE_NAMES: Readonly<Record<string, string>> = {
  object: 'a mapping (key: value)',
  array: 'a list',
  number: 'a number',
  int: 'a whole number',
  string: 'a string',
  boolean: 'true or false',
};

/** `topology.pools[0].servers[4].role` from zod's path array. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : out === '' ? String(k) : `.${String(k)}`;
  return out;
}

/** A short, one-line description of any parsed value, for the `received X` part of a message. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v))
    return v.length === 0 ? 'an empty list' : `a list of ${v.length} item${v.length === 1 ? '' : 's'}`;
  if (v instanceof Uint8Array) return 'binary data';
  if (v instanceof Date) return 'a date';
  if (v instanceof Set || v instanceof Map) return 'a set';
  if (typeof v === 'object') return 'a mapping';
  return `a ${typeof v}`;
}

/** A string in double quotes with escapes (so it stays on one line), cut to a readable length. */
export function quote(s: string): string {
  if (s.length <= MAX_SHOWN_STRING) return JSON.stringify(s);
  return `${JSON.stringify(s.slice(0, MAX_SHOWN_STRING)).slice(0, -1)}…" (${s.length} characters)`;
}

/** One line, at most MAX_MESSAGE_CHARS characters. */
export function oneLine(message: string): string {
  const flat = message.replace(/[\r\n]+/g, ' ');
  return flat.length <= MAX_MESSAGE_CHARS ? flat : `${flat.slice(0, MAX_MESSAGE_CHARS - 1)}…`;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v = data;
  for (const k of path) {
    if (typeof v !== 'object' || v === null || !Object.hasOwn(v, k)) return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function typeName(expected: string): string {
  return TYPE_NAMES[expected] ?? expected;
}

/** Converts one zod issue on `data` into an Issue; `known` are the schema's keys and their places, for hints. */
export function toIssue(issue: z.core.$ZodIssue, data: unknown, known: KeyPlaces): Issue {
  const path = formatPath(issue.path);
  const i = fields(path, issue, valueAt(data, issue.path), known);
  return { ...i, message: oneLine(i.message) };
}

function fields(path: string, issue: z.core.$ZodIssue, v: unknown, known: KeyPlaces): Issue {
  const got = v === undefined ? null : describeValue(v);
  if (typeof v === 'number' && !Number.isFinite(v))
    return labelledIssue(path, 'Invalid number', 'a finite number', got);
  switch (issue.code) {
    case 'unrecognized_keys':
      return {
        path,
        expected: 'a key the schema knows',
        received: issue.keys.map(quote).join(', '),
        message: `unknown key ${issue.keys.map((k) => withHint(k, placeOf(issue.path), known)).join(', ')}`,
      };
    case 'invalid_type':
      if (issue.path.length === 0)
        return ruleIssue(path, 'a scenario is a mapping (key: value) at the top level', describeValue(v));
      if (v === undefined) return labelledIssue(path, 'Missing', typeName(issue.expected), null);
      return labelledIssue(path, 'Invalid type', typeName(issue.expected), got);
    case 'invalid_union':
      return unionIssue(path, issue, v);
    case 'invalid_value':
      return labelledIssue(path, 'Invalid option', oneOf(issue.values), got);
    case 'too_small':
    case 'too_big':
    case 'invalid_format':
      return v !== undefined && (typeof v !== 'object' || v === null)
        ? issueFromText(path, `${issue.message}; received ${describeValue(v)}`)
        : issueFromText(path, issue.message);
    default:
      return !issue.message.includes('received') && v !== undefined && (typeof v !== 'object' || v === null)
        ? issueFromText(path, `${issue.message}; received ${describeValue(v)}`)
        : issueFromText(path, issue.message);
  }
}

function withHint(key: string, place: string, known: KeyPlaces): string {
  const hint = key.length <= MAX_HINT_KEY ? keyHint(key, place, known) : undefined;
  return hint === undefined ? quote(key) : `${quote(key)} (${hint})`;
}

function oneOf(values: readonly unknown[]): string {
  const shown = values.map((x) => (typeof x === 'string' ? JSON.stringify(x) : String(x)));
  return shown.length === 1 ? (shown[0] ?? '') : `one of ${shown.join(', ')}`;
}

function unionIssue(path: string, issue: z.core.$ZodIssueInvalidUnion, v: unknown): Issue {
  const disc = (issue as { discriminator?: unknown }).discriminator;
  const options = (issue as { options?: unknown }).options;
  const got = v === undefined ? null : describeValue(v);
  if (typeof disc === 'string' && Array.isArray(options)) {
    const what = disc === 'dist' ? 'distribution' : disc;
    if (v === undefined) return labelledIssue(path, 'Missing', `${disc}, ${oneOf(options)}`, null);
    return labelledIssue(path, `Invalid ${what}`, oneOf(options), got);
  }
  const last = issue.path[issue.path.length - 1];
  const expected = last === 'servers' ? '"all" or a list of server names' : alternatives(issue);
  return labelledIssue(path, v === undefined ? 'Missing' : 'Invalid value', expected, got);
}

/** What each branch of a union wanted: "a number or a string" (number | string is a duration here). */
function alternatives(issue: z.core.$ZodIssueInvalidUnion): string {
  const wanted: string[] = [];
  for (const branch of issue.errors) {
    const first = branch[0];
    if (first?.code === 'invalid_type') wanted.push(first.expected);
    else if (first?.code === 'invalid_value') wanted.push(oneOf(first.values));
    else return 'a valid value';
  }
  if (wanted.length === 2 && wanted.includes('number') && wanted.includes('string')) {
    return `a duration (${DURATION_FORMS})`;
  }
  return wanted.map(typeName).join(' or ');
}
