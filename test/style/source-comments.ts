// The comments of a TypeScript file, found by TypeScript's own scanner: strings, template literals,
// regular expressions and code never count as comments.
import ts from 'typescript';

export interface SourceComment {
  /** 1-based line of the comment's first character. */
  line: number;
  text: string;
}

/**
 * Every comment of `text` (a TypeScript module), in file order. Each comment is trivia before some
 * token, so reading the leading and trailing trivia of every token finds each one exactly once.
 */
export function sourceComments(text: string, fileName = 'file.ts'): SourceComment[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found = new Map<number, SourceComment>();
  const take = (ranges: readonly ts.CommentRange[] | undefined): void => {
    for (const r of ranges ?? []) {
      if (found.has(r.pos)) continue;
      const line = file.getLineAndCharacterOfPosition(r.pos).line + 1;
      found.set(r.pos, { line, text: text.slice(r.pos, r.end) });
    }
  };
  const visit = (node: ts.Node): void => {
    if (node.kind >= ts.SyntaxKind.FirstToken && node.kind <= ts.SyntaxKind.LastToken) {
      take(ts.getLeadingCommentRanges(text, node.pos));
      take(ts.getTrailingCommentRanges(text, node.pos));
      return;
    }
    for (const child of node.getChildren(file)) visit(child);
  };
  visit(file);
  take(ts.getLeadingCommentRanges(text, file.endOfFileToken.pos));
  take(ts.getTrailingCommentRanges(text, file.endOfFileToken.pos));
  return [...found.values()].sort((a, b) => a.line - b.line);
}
