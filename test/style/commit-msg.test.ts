// The repository's commit-msg hook (.githooks/) and the `prepare` step that turns it on.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';

const ROOT = join(import.meta.dirname, '../..');
const HOOK = join(ROOT, '.githooks', 'commit-msg');
const INSTALL = join(ROOT, '.githooks', 'install.mjs');

/** The hook's exit code and stderr for a commit message. */
function hook(message: string): { code: number | null; err: string } {
  const file = join(tempDir(), 'COMMIT_EDITMSG');
  writeFileSync(file, message);
  const r = spawnSync(HOOK, [file], { encoding: 'utf8' });
  return { code: r.status, err: r.stderr };
}

/** git without the machine's global and system settings (a global core.hooksPath, say). */
const ISOLATED = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

function git(cwd: string, ...args: string[]): string {
  return spawnSync('git', args, { cwd, encoding: 'utf8', env: ISOLATED }).stdout.trim();
}

function install(cwd: string): number | null {
  return spawnSync(process.execPath, [INSTALL], { cwd, env: ISOLATED }).status;
}

const hasGit = spawnSync('git', ['--version']).status === 0;

describe('the commit-msg hook', () => {
  it('takes a subject of 72 characters, counting characters rather than bytes, and a body', () => {
    const subject = `${'é'.repeat(70)}×2`;
    expect(hook(`${subject}\n\nWhy, in as many lines as it takes.\n`)).toEqual({ code: 0, err: '' });
  });

  it('refuses a subject of 73 characters, and says how long it is', () => {
    expect(hook(`${'a'.repeat(73)}\n`)).toEqual({
      code: 1,
      err: 'commit-msg: the subject is 73 characters; at most 72: put the detail in the body (or commit with --no-verify)\n',
    });
  });

  it('refuses a body that starts on the line after the subject', () => {
    expect(hook('Short subject\nbody at once\n').code).toBe(1);
  });

  it("reads the message as git records it: comments, a verbose commit's diff and leading blank lines left out", () => {
    const diff = `# ------------------------ >8 ------------------------\n${'+'.repeat(200)}\n`;
    expect(hook(`\n# ${'c'.repeat(100)}\nShort subject\n# comment\n\nBody.\n${diff}`).code).toBe(0);
  });

  it('lets subjects git writes itself through', () => {
    expect(hook(`Merge branch '${'b'.repeat(80)}'\n`).code).toBe(0);
    expect(hook(`Revert "${'r'.repeat(72)}"\n\nThis reverts commit 0.\n`).code).toBe(0);
  });
});

describe.skipIf(!hasGit)('npm prepare', () => {
  it('points the top of a git work tree at .githooks', () => {
    const dir = tempDir();
    git(dir, 'init', '-q');
    expect(install(dir)).toBe(0);
    expect(git(dir, 'config', '--get', 'core.hooksPath')).toBe('.githooks');
  });

  it('leaves a hooks path already set, a folder below the top, and a folder outside git alone', () => {
    const set = tempDir();
    git(set, 'init', '-q');
    git(set, 'config', 'core.hooksPath', 'other-hooks');
    const below = join(tempDir(), 'node_modules', 'pchat-sim');
    mkdirSync(below, { recursive: true });
    git(join(below, '../..'), 'init', '-q');
    const outside = tempDir();
    for (const cwd of [set, below, outside]) expect(install(cwd)).toBe(0);
    expect(git(set, 'config', '--get', 'core.hooksPath')).toBe('other-hooks');
    expect(git(below, 'config', '--get', 'core.hooksPath')).toBe('');
  });

  it('never fails an install, even without git', () => {
    const r = spawnSync(process.execPath, [INSTALL], { cwd: tempDir(), env: { PATH: '' } });
    expect(r.status).toBe(0);
  });
});
