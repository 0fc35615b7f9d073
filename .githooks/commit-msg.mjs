// The commit-msg hook's check: a subject of at most 72 characters, then a blank line before any body,
// so `git log --oneline` reads as a list and the detail lives in the body. Subjects git writes itself
// (merges, reverts, fixups) pass as they are. `git commit --no-verify` skips the hook.
import { readFileSync } from 'node:fs';
import process from 'node:process';

const MAX_SUBJECT = 72;
const GENERATED = /^(Merge |Revert "|fixup! |squash! |amend! )/;
const SCISSORS = /^# -+ >8 -+$/;

/** The message as git will record it: comment lines and a verbose commit's diff left out. */
function messageLines(text) {
  const lines = [];
  for (const line of text.split(/\r?\n/)) {
    if (SCISSORS.test(line)) break;
    if (!line.startsWith('#')) lines.push(line);
  }
  while (lines.length > 0 && lines[0].trim() === '') lines.shift();
  return lines;
}

/** What is wrong with the message, or null. */
function problem(text) {
  const [subject = '', second = ''] = messageLines(text);
  if (subject.trim() === '' || GENERATED.test(subject)) return null;
  const length = [...subject].length;
  if (length > MAX_SUBJECT) {
    return `the subject is ${length} characters; at most ${MAX_SUBJECT}: put the detail in the body`;
  }
  if (second.trim() !== '') return 'a blank line goes between the subject and the body';
  return null;
}

const file = process.argv[2];
if (file === undefined) {
  process.stderr.write('usage: commit-msg <message file>\n');
  process.exit(2);
}
const wrong = problem(readFileSync(file, 'utf8'));
if (wrong !== null) {
  process.stderr.write(`commit-msg: ${wrong} (or commit with --no-verify)\n`);
  process.exit(1);
}
