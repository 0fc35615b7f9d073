// docs/outputs.md's table of summary.json's figures, written from their declarations (a test checks the
// page holds exactly this table; UPDATE_DOCS=1 rewrites it).
import type { Figure } from './figure.js';
import { SUMMARY_FIGURES } from './summary-figures.js';

/** What a kind is called in the table, with the figure's unit. */
function kindText(f: Figure): string {
  const unit = f.unit === 'none' || f.unit === 'fraction' ? '' : `, ${f.unit}`;
  switch (f.kind) {
    case 'count':
      return `count${unit}`;
    case 'span':
      return `time span${unit}`;
    case 'seconds':
      return `duration${unit}`;
    case 'instant':
      return `instant${unit}`;
    case 'ratio':
      return f.pooled === undefined ? 'ratio, 0 to 1' : `ratio, 0 to 1, ${f.pooled[0]} / ${f.pooled[1]}`;
    case 'yesno':
      return 'yes/no';
    case 'level':
      return `level, 0 to ${f.most ?? '?'}`;
    case 'setting':
      return `setting${unit}`;
    case 'text':
      return 'text';
    case 'id':
      return 'identifies the run';
    case 'list':
      return 'list';
    default:
      return f.kind satisfies never;
  }
}

/** A declared path as docs/outputs.md writes it: `servers.<s>.peak`, `pools.<p>.messages`. */
function shown(path: string): string {
  return path.replace('servers.*', 'servers.<s>').replace(/pools\.\*/g, 'pools.<p>');
}

/** One markdown row per declared figure of a single run's summary.json, in the file's order. */
export function figureTable(): string {
  const rows = Object.entries(SUMMARY_FIGURES).map(([path, f]) => {
    const bound = f.boundBy === undefined ? '' : ` Kept within [0, \`${f.boundBy}\`] across replications.`;
    const cells = [`\`${shown(path)}\``, kindText(f), `${f.meaning}${bound}`, f.cutShort ?? ''];
    return `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  });
  return ['| figure | kind | definition | when the run ends first |', '|---|---|---|---|', ...rows].join(
    '\n',
  );
}
