import { spreadsheetSafe } from '../../output/spreadsheetSafe.js';
import { formatIt, NOT_AVAILABLE_MARK, SUPPRESSED_MARK } from './formatIt.js';
import type { ReportTable, ReportPage } from './reportModel.js';

const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');
/**
 * A text cell: also behind an apostrophe when a spreadsheet would run it as a
 * formula (a table pasted from the Markdown). Cells of number columns are left as
 * formatIt wrote them: "-2,5%" is a figure.
 */
const textCell = (s: string) => cell(spreadsheetSafe.text(s));

/** Text the operator gives (the author line) or a title, on one line, its Markdown markup characters escaped. */
const inlineText = (s: string) => s.replace(/\s+/g, ' ').replace(/[\\*_`[\]<>]/g, (c) => `\\${c}`);
/** An image's alternative text: one line, no bracket to end it early. */
const altText = (s: string) => s.replace(/\s+/g, ' ').replace(/[[\]\\]/g, (c) => `\\${c}`);

function renderTable(t: ReportTable): string {
  const align = t.columns.map((c) => (c.kind === 'text' ? ':--' : '--:'));
  const rows = t.rows.map((row, r) => {
    const bold = t.totalRow && r === t.rows.length - 1;
    return `| ${row
      .map((v, i) => {
        const kind = t.columns[i]!.kind;
        const s = (kind === 'text' ? textCell : cell)(formatIt(v, kind));
        return bold ? `**${s}**` : s;
      })
      .join(' | ')} |`;
  });
  return [
    `### ${t.title}`,
    '',
    `| ${t.columns.map((c) => textCell(c.label)).join(' | ')} |`,
    `| ${align.join(' | ')} |`,
    ...rows,
    '',
    t.source,
    ...(t.note ? ['', `_${t.note}_`] : []),
  ].join('\n');
}

/**
 * The report as Markdown: the same sections, tables and notes; each table under its
 * title (### heading), each chart as its title, then the SVG file in charts/ with the
 * chart's description as alternative text, then the note on its marks.
 */
export function renderMarkdown(report: ReportPage): string {
  const parts = [
    `# ${report.title}`,
    '',
    ...(report.author ? [`**${inlineText(report.author)}**`, ''] : []),
    report.subtitle,
    '',
    ...(report.warnings ?? []).flatMap((w) => [`> ${w}`, '']),
    '| Indicatore | Valore |',
    '| :-- | --: |',
    ...report.headline.map(
      (h) => `| ${textCell(`${h.label}${h.note ? ` (${h.note})` : ''}`)} | ${formatIt(h.value, h.kind)} |`,
    ),
    '',
    `_${SUPPRESSED_MARK} = dato non pubblicabile per riservatezza statistica (può nascondere anche uno zero); ${NOT_AVAILABLE_MARK} = dato non disponibile. Numeri in formato italiano, date ISO._`,
  ];
  for (const s of report.sections) {
    parts.push('', `## ${s.title}`, '', ...s.paragraphs.flatMap((p) => [p, '']));
    // the chart's title as its caption; the image's alternative text says what it shows, values included
    for (const c of s.charts)
      parts.push(
        `**${inlineText(c.title)}**`,
        '',
        `![${altText(c.description)}](charts/${c.id}.svg)`,
        '',
        ...(c.note ? [`_${c.note}_`, ''] : []),
      );
    for (const t of s.tables) parts.push(renderTable(t), '');
  }
  return `${parts
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
