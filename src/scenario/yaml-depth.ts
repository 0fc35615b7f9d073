// Nesting depth of YAML/JSON text, measured on yaml's concrete syntax tree (built without recursion)
// before the recursive composer sees it: deep input overflows the composer's stack, and a stack
// overflow in one parse can bring the whole process down at the next one.
import { Parser, type CST } from 'yaml';

/** Collections nested deeper than this are refused (assumption: the schema needs 7 levels). */
export const MAX_NESTING = 64;

/**
 * Finds the first collection (block mapping, block sequence, flow collection) nested deeper than
 * `limit`, walking the syntax tree with an explicit stack.
 * @returns the 1-based line of that collection, or undefined if the text nests at most `limit` deep.
 */
export function findDeepNesting(text: string, limit = MAX_NESTING): number | undefined {
  const stack: { token: CST.Token; depth: number }[] = [];
  for (const token of new Parser().parse(text)) stack.push({ token, depth: 0 });
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const { token, depth } = top;
    if (token.type === 'document') {
      if (token.value !== undefined) stack.push({ token: token.value, depth });
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      if (depth + 1 > limit) return lineOf(text, token.offset);
      for (const item of token.items) {
        if ('key' in item && item.key) stack.push({ token: item.key, depth: depth + 1 });
        if (item.value) stack.push({ token: item.value, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
