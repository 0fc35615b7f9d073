// `npm run build`'s last step (node dist/io/write-build-id.js): records the compiled tree's identity in
// dist/build-id.json, labelled with the package version and the git commit when git knows it.
import { execFileSync } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILD_ID_FILE, hashTree, packageVersion, type BuildId } from './build-id.js';

function gitCommit(cwd: string): string | null {
  try {
    const out = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const commit = out.toString().trim();
    return /^[0-9a-f]{4,40}$/.test(commit) ? commit : null;
  } catch {
    return null;
  }
}

const root = fileURLToPath(new URL('..', import.meta.url));
const build: BuildId = { id: hashTree(root, '.js'), version: packageVersion(root), commit: gitCommit(root) };
// Written under a temporary name and renamed, so a command starting meanwhile reads the old record or the new.
const tmp = join(root, `.${BUILD_ID_FILE}.${process.pid}.tmp`);
writeFileSync(tmp, `${JSON.stringify(build, null, 2)}\n`);
renameSync(tmp, join(root, BUILD_ID_FILE));
