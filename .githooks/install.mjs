// npm's `prepare` step: points git at .githooks (core.hooksPath) when this package's folder is the top
// of a git work tree and no other hooks path is set. Anywhere else (a tarball, a folder without git,
// a dependency inside another repository) it does nothing; it never fails an install.
import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import process from 'node:process';

function git(...args) {
  const r = spawnSync('git', args, { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

try {
  const top = git('rev-parse', '--show-toplevel');
  if (top !== null && realpathSync(top) === realpathSync(process.cwd())) {
    const current = git('config', '--get', 'core.hooksPath');
    if (current === null) git('config', 'core.hooksPath', '.githooks');
  }
} catch {
  // No git, or a folder git cannot read: no hooks, and the install goes on.
}
