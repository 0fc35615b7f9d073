// The text marks of a vega SVG with their approximate boxes on the page: each text's position summed over
// the group translations around it, its width from its length and font size (sans-serif, about 0.6 em
// a character; bold a little wider). Enough to tell whether two labels are drawn over each other.

/** A text mark of a chart and the box it covers, in SVG pixels. */
export interface TextBox {
  readonly text: string;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

const unescape = (t: string): string =>
  t
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

function translate(attrs: string): [number, number] | null {
  const m = /transform="translate\((-?[\d.e+-]+),\s*(-?[\d.e+-]+)\)"/.exec(attrs);
  return m === null ? null : [Number(m[1]), Number(m[2])];
}

/**
 * Every vega text mark (`aria-roledescription="text mark"`: numbers, labels) that is not rotated; with
 * `all`, every unrotated text (titles and axis labels too).
 */
export function textMarks(svg: string, all = false): TextBox[] {
  const stack: [number, number][] = [[0, 0]];
  const out: TextBox[] = [];
  for (const m of svg.matchAll(/<(\/?)(g|text)\b([^>]*?)(\/?)>(?:([^<]*)<\/text>)?/g)) {
    const [, close, tag, attrs = '', selfClose, content] = m;
    const [ox, oy] = stack[stack.length - 1] ?? [0, 0];
    if (tag === 'g') {
      if (close === '/') stack.pop();
      else if (selfClose !== '/') {
        const t = translate(attrs) ?? [0, 0];
        stack.push([ox + t[0], oy + t[1]]);
      }
      continue;
    }
    if ((!all && !attrs.includes('aria-roledescription="text mark"')) || attrs.includes('rotate(')) continue;
    const at = translate(attrs);
    if (at === null || content === undefined) continue;
    const text = unescape(content);
    const size = Number(/font-size="([\d.]+)px"/.exec(attrs)?.[1] ?? 10);
    const width = text.length * size * (attrs.includes('font-weight="bold"') ? 0.65 : 0.6);
    const anchor = /text-anchor="(\w+)"/.exec(attrs)?.[1] ?? 'start';
    const x = ox + at[0];
    const left = anchor === 'end' ? x - width : anchor === 'middle' ? x - width / 2 : x;
    const y = oy + at[1];
    out.push({ text, left, right: left + width, top: y - 0.8 * size, bottom: y + 0.2 * size });
  }
  return out;
}

/** Pairs of boxes that overlap (touching edges do not count). */
export function overlaps(boxes: readonly TextBox[]): [string, string][] {
  const out: [string, string][] = [];
  boxes.forEach((a, i) => {
    for (const b of boxes.slice(i + 1))
      if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
        out.push([a.text, b.text]);
  });
  return out;
}
