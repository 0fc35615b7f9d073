// Looking figures up: the declaration of a path of summary.json (a record's key matches `*`, a list's
// entries `[]`), and typed accessors that read a figure from a summary tree, a single run's numbers or
// a replicated run's statistics alike.
import { EXPERIMENT_FIGURES } from './experiment-figures.js';
import type { Figure } from './figure.js';
import { SUMMARY_FIGURES } from './summary-figures.js';
import type { SummaryGroup, SummaryPath } from './summary-path.js';

/** A path's segments: object keys, and `[]` for a list's entries (`['outages', '[]', 'start']`). */
export type Segments = readonly string[];

interface Node {
  readonly children: Map<string, Node>;
  figure: Figure | undefined;
}

function trie(entries: readonly (readonly [string, Figure])[]): Node {
  const root: Node = { children: new Map(), figure: undefined };
  for (const [path, figure] of entries) {
    let node = root;
    for (const seg of patternSegments(path)) {
      let next = node.children.get(seg);
      if (next === undefined) {
        next = { children: new Map(), figure: undefined };
        node.children.set(seg, next);
      }
      node = next;
    }
    node.figure = figure;
  }
  return root;
}

/** `servers.*.overCapacityEpisodes[].start` → `['servers', '*', 'overCapacityEpisodes', '[]', 'start']`. */
export function patternSegments(path: string): string[] {
  return path.split('.').flatMap((p) => {
    const list = p.endsWith('[]');
    const key = list ? p.slice(0, -2) : p;
    return list ? [key, '[]'] : [key];
  });
}

const ROOT = trie(Object.entries(SUMMARY_FIGURES));

/**
 * The declaration of a path of a single run's summary.json, or undefined for a path that names no
 * figure (a group such as `signIns`, or an unknown key). A key matches a declared key, else `*`.
 */
export function figureOf(path: Segments): Figure | undefined {
  let node: Node | undefined = ROOT;
  for (const seg of path) {
    node = node.children.get(seg) ?? (seg === '[]' ? undefined : node.children.get('*'));
    if (node === undefined) return undefined;
  }
  return node.figure;
}

type Tree = { readonly [key: string]: unknown };

function isTree(v: unknown): v is Tree {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A figure of summary.json, read by its declared path rather than by a string spelled at the reader. */
export interface FigureRef<P extends SummaryPath = SummaryPath> {
  readonly path: P;
  readonly figure: Figure;
  /**
   * The figure's value in `tree`: a single run's summary (a number, text, true/false or null) or a
   * replicated run's `metrics` (statistics). `keys` fill the path's `*`s in order (a server's name).
   * For a figure of a list's entries (`outages[].start`), `tree` is the entry.
   */
  at(tree: unknown, ...keys: string[]): unknown;
}

/** The accessor of the figure declared at `path`. */
export function figure<P extends SummaryPath>(path: P): FigureRef<P> {
  return { path, figure: SUMMARY_FIGURES[path], at: reader(path) };
}

/**
 * The figure beside `ref` named `key` (a ratio's numerator or denominator: `signIns.firstRefused` beside
 * `signIns.blocking`). @throws Error when `key` is no declared figure there.
 */
export function sibling(ref: FigureRef, key: string): FigureRef {
  const path = ref.path.replace(/[^.]+$/, key);
  if (!Object.hasOwn(SUMMARY_FIGURES, path)) throw new Error(`${path}: no figure of that name`);
  return figure(path as SummaryPath);
}

/** A group of figures of summary.json (`servers`, `servers.*`): its path and how to read it from a tree. */
export interface GroupRef<P extends SummaryGroup = SummaryGroup> {
  readonly path: P;
  /** The group's object in `tree` (see {@link FigureRef.at}). */
  at(tree: unknown, ...keys: string[]): unknown;
}

/** The accessor of the group of figures at `path`. */
export function group<P extends SummaryGroup>(path: P): GroupRef<P> {
  return { path, at: reader(path) };
}

/** Reads `path` from a tree, past the last list in it, its `*`s filled by the keys given. */
function reader(path: string): (tree: unknown, ...keys: string[]) => unknown {
  const all = patternSegments(path);
  const rel = all.slice(all.lastIndexOf('[]') + 1);
  return (tree, ...keys) => {
    let v = tree;
    let k = 0;
    for (const seg of rel) v = isTree(v) ? v[seg === '*' ? (keys[k++] ?? '') : seg] : undefined;
    return v;
  };
}

/** The concrete path of `ref` with its `*`s filled by `keys` (`servers.pc2.secondsOverCapacity`). */
export function pathOf(ref: FigureRef, ...keys: string[]): string {
  let k = 0;
  return ref.path.replace(/\*/g, () => keys[k++] ?? '*');
}

/**
 * The `*` keys of `path` when it is a concrete path of `ref` (`servers.pc1.peak` of `servers.*.peak`:
 * `['pc1']`), or null when it is not one.
 */
export function keysOf(ref: FigureRef, path: string): string[] | null {
  const want = patternSegments(ref.path);
  const got = path.split('.');
  if (want.length !== got.length) return null;
  const keys: string[] = [];
  for (let i = 0; i < want.length; i++) {
    if (want[i] === '*') keys.push(got[i] ?? '');
    else if (want[i] !== got[i]) return null;
  }
  return keys;
}

/** The figures a replicated run's summary.json adds (experiment-figures.ts). */
export type ExperimentPath = keyof typeof EXPERIMENT_FIGURES;

/**
 * Where a replicated run's summary.json holds the single run's figures: `metrics` (the summary's tree
 * as statistics), `outagesByOrder` (entries like `outages[]`'s), `steadyState` (the timeline's
 * columns) and `warnings` (per code and subject).
 */
export type ExperimentSection = 'metrics' | 'outagesByOrder' | 'steadyState' | 'warnings';

/** A figure, or a section, of a replicated run's summary.json, read from its top. */
export interface ExperimentRef {
  readonly path: ExperimentPath | ExperimentSection;
  at(summary: unknown): unknown;
}

/** The accessor of a figure, or a section, of a replicated run's summary.json. */
export function experimentFigure(path: ExperimentPath | ExperimentSection): ExperimentRef {
  return { path, at: reader(path) };
}
