// Error types shared by every layer. Each error carries a stable `code`; the CLI maps
// ScenarioError and UsageError to exit code 2 (one line per issue, no stack trace).

/**
 * One problem found in a scenario, as data (valibot-style): where, what the rule wants, what the file
 * holds. Tools and the report read the fields; people read `message`, one line, which the CLI prefixes
 * with the file and path ({@link formatIssue}).
 */
export interface Issue {
  /** Dotted/bracketed field path, e.g. `topology.pools[0].servers[4].role`; '' for the whole file. */
  readonly path: string;
  /** What the rule wants, in plain words: `a number`, `a pool has at most 4 active servers`. */
  readonly expected: string;
  /** What the file holds there, described short (`5`, `"pc9"`, `a list of 3 items`); null when the issue names no value. */
  readonly received: string | null;
  /** The one-line text built from `expected` and `received`. */
  readonly message: string;
  /** Line of the file the issue is on, for line-based files (a profile CSV); shown as `file:line:`. */
  readonly line?: number;
}

/** An issue that reads `<expected>; received <received>`, or `<expected>` alone when `received` is null. */
export function issue(path: string, expected: string, received: string | null = null): Issue {
  return {
    path,
    expected,
    received,
    message: received === null ? expected : `${expected}; received ${received}`,
  };
}

/** An issue that reads `<label>: expected <expected>[; received <received>]`, e.g. `Invalid type: expected a number; received "x"`. */
export function labelledIssue(path: string, label: string, expected: string, received: string | null): Issue {
  const head = `${label}: expected ${expected}`;
  return { path, expected, received, message: received === null ? head : `${head}; received ${received}` };
}

const RECEIVED = '; received ';

/**
 * An issue from text in the house form `[Label: expected ]<expected>[; received <received>]` (zod's own
 * messages, the samplers' and file readers' errors): the fields are read from the text, kept as the message.
 */
export function issueFromText(path: string, text: string): Issue {
  const cut = text.lastIndexOf(RECEIVED);
  const head = cut < 0 ? text : text.slice(0, cut);
  const labelled = /^[A-Z][^:;]*: expected (.*)$/s.exec(head);
  return {
    path,
    expected: labelled?.[1] ?? head,
    received: cut < 0 ? null : text.slice(cut + RECEIVED.length),
    message: text,
  };
}

/** Base class: every error the simulator throws on purpose. */
export class SimError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Bad scenario input: names the file and lists every issue at once. */
export class ScenarioError extends SimError {
  readonly file: string;
  readonly issues: readonly Issue[];
  constructor(file: string, issues: readonly Issue[]) {
    super('E_SCENARIO', issues.map((i) => formatIssue(file, i)).join('\n'));
    this.file = file;
    this.issues = issues;
  }
}

/**
 * Bad command-line usage (unknown flag value, output folder exists, ...): one line. `usage` asks the CLI
 * to add a pointer to --help, for mistakes in the command's shape (an unknown command or option).
 */
export class UsageError extends SimError {
  readonly usage: boolean;
  constructor(message: string, options: { usage?: boolean } = {}) {
    super('E_USAGE', message);
    this.usage = options.usage ?? false;
  }
}

/** Writing results failed for a reason of the machine (disk full, read-only, permissions): exit 1, one line. */
export class OutputError extends SimError {
  /** The file-system error code, e.g. `ENOSPC`. */
  readonly errno: string;
  constructor(errno: string, message: string) {
    super('E_OUTPUT', message);
    this.errno = errno;
  }
}

/** A broken invariant inside the simulator: always a bug, never the user's fault. */
export class EngineError extends SimError {
  constructor(message: string) {
    super('E_ENGINE', message);
  }
}

/** `file: path: message`, or `file: message` when the issue concerns the whole file; `file:line: ...` with a line. */
export function formatIssue(file: string, issue: Issue): string {
  const where = issue.line === undefined ? file : `${file}:${issue.line}`;
  return issue.path === '' ? `${where}: ${issue.message}` : `${where}: ${issue.path}: ${issue.message}`;
}
