// Error types shared by every layer. Each error carries a stable `code`; the CLI maps
// ScenarioError and UsageError to exit code 2 (one line per issue, no stack trace).

/** One problem found in a scenario, pointing at the exact key a planner typed. */
export interface Issue {
  /** Dotted/bracketed field path, e.g. `topology.pools[0].servers[4].role`; '' for the whole file. */
  readonly path: string;
  /** What is wrong, in plain words (the rule, and what was received). */
  readonly message: string;
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

/** Bad command-line usage (unknown flag value, output folder exists, ...). */
export class UsageError extends SimError {
  constructor(message: string) {
    super('E_USAGE', message);
  }
}

/** A broken invariant inside the simulator: always a bug, never the user's fault. */
export class EngineError extends SimError {
  constructor(message: string) {
    super('E_ENGINE', message);
  }
}

/** `file: path: message`, or `file: message` when the issue concerns the whole file. */
export function formatIssue(file: string, issue: Issue): string {
  return issue.path === '' ? `${file}: ${issue.message}` : `${file}: ${issue.path}: ${issue.message}`;
}
