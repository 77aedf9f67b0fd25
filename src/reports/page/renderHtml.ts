import { formatIt, NOT_AVAILABLE_MARK, SUPPRESSED_MARK } from './formatIt.js';
import type { ReportChart, ReportTable, ReportPage } from './reportModel.js';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The little markup the report's paragraphs use: **bold** and `code`. */
const inline = (s: string) =>
  escapeHtml(s)
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/`(.+?)`/g, '<code>$1</code>');

/**
 * A table longer than this is allowed to run over a page break (its header row repeated
 * on the next page); a shorter one is moved whole to the next page rather than split,
 * which costs at most about half a page of white.
 */
const LONG_TABLE_ROWS = 25;

const style = `
  :root { color-scheme: light; --ink: #1f2933; --muted: #52606d; --line: #d9e2ec; --accent: #1f5fa8; }
  * { box-sizing: border-box; }
  body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: var(--ink); margin: 0; background: #f7f9fb; }
  main { max-width: 1040px; margin: 0 auto; padding: 32px 24px 64px; background: #fff; }
  h1 { font-size: 1.7rem; margin: 0 0 4px; } h2 { font-size: 1.3rem; margin: 40px 0 8px; border-bottom: 2px solid var(--accent); padding-bottom: 4px; }
  h3 { font-size: 1rem; margin: 24px 0 6px; }
  .author { font-weight: 600; margin: 0 0 2px; }
  .subtitle { color: var(--muted); margin: 0 0 20px; }
  .warning { border: 2px solid #b42318; background: #fef3f2; color: #7a271a; border-radius: 8px; padding: 10px 14px; margin: 0 0 16px; }
  nav ol { columns: 2; padding-left: 20px; margin: 0 0 16px; }
  .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 12px; margin: 16px 0; }
  .card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
  .card .value { font-size: 1.5rem; font-weight: 600; font-variant-numeric: tabular-nums; }
  .card .label { color: var(--muted); font-size: .85rem; } .card .note { color: #9a6700; font-size: .8rem; }
  .table-block { margin: 24px 0 0; }
  .table-wrap { overflow-x: auto; }
  table { border-collapse: collapse; margin: 4px 0; font-size: .88rem; min-width: 50%; }
  caption { caption-side: top; text-align: left; font-weight: 600; font-size: 1rem; padding: 0 0 6px; }
  th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; }
  th { background: #f0f4f8; font-weight: 600; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  td.num { white-space: nowrap; } th { max-width: 11em; }
  tr.total td { font-weight: 600; border-top: 2px solid var(--ink); }
  .note, .legend { color: var(--muted); font-size: .82rem; margin: 4px 0 12px; }
  .source { color: var(--muted); font-size: .78rem; font-style: italic; margin: 2px 0 4px; }
  figure { margin: 16px 0; } figcaption { font-weight: 600; font-size: .9rem; margin-bottom: 4px; }
  figure svg { max-width: 100%; height: auto; }
  code { font-size: .85em; background: #f0f4f8; padding: 0 3px; border-radius: 3px; }

  /* A4, as the report is printed and as report.pdf is written */
  @page { size: A4; margin: 18mm 16mm 20mm; }
  @media print {
    /* black and white: black ink, grey only where it stays legible (the charts' series differ in lightness too) */
    :root { --ink: #000; --muted: #333; --line: #999; }
    body { background: #fff; font-size: 10pt; line-height: 1.4; }
    main { max-width: none; margin: 0; padding: 0; }
    /* links and the table of contents are of no use on paper (the PDF has its bookmarks) */
    nav { display: none; }
    a { color: inherit; text-decoration: none; }
    h1 { font-size: 18pt; } h2 { font-size: 13pt; margin-top: 20pt; border-bottom: 1.5pt solid #000; }
    /* a heading, a table's title or a chart's stays with what it introduces */
    h1, h2, h3, caption, figcaption, .author, .subtitle { break-after: avoid; }
    p { orphans: 3; widows: 3; }
    .table-block:not(.long), figure, .card, .warning { break-inside: avoid; }
    .table-block .source, .table-block .note { break-before: avoid; }
    .table-wrap { overflow: visible; }
    table { font-size: 8.5pt; width: 100%; }
    caption, figcaption { font-size: 10pt; }
    td:first-child { min-width: 8em; }
    .note, .legend { font-size: 8.5pt; } .source { font-size: 8pt; }
    .card .label { font-size: 8.5pt; } .card .note { font-size: 8pt; }
    thead { display: table-header-group; }
    tr { break-inside: avoid; }
    th, td { padding: 2pt 5pt; }
    th { background: none; border-bottom: 1pt solid #000; }
    .warning { background: none; color: #000; border: 2pt solid #000; border-radius: 0; }
    .card { border-color: #666; padding: 6pt 8pt; } .card .value { font-size: 14pt; } .card .note { color: #333; font-style: italic; }
    .author { font-size: 11pt; }
    .cards { grid-template-columns: repeat(3, 1fr); gap: 6pt; }
    code { background: none; padding: 0; }
  }
`;

function renderTable(t: ReportTable): string {
  const num = (i: number) => (t.columns[i]!.kind === 'text' ? '' : ' class="num"');
  const head = t.columns.map((c, i) => `<th scope="col"${num(i)}>${escapeHtml(c.label)}</th>`).join('');
  const body = t.rows
    .map((row, r) => {
      const total = t.totalRow && r === t.rows.length - 1 ? ' class="total"' : '';
      return `<tr${total}>${row.map((v, i) => `<td${num(i)}>${escapeHtml(formatIt(v, t.columns[i]!.kind))}</td>`).join('')}</tr>`;
    })
    .join('\n');
  const block = t.rows.length > LONG_TABLE_ROWS ? 'table-block long' : 'table-block';
  return `<div class="${block}">
<div class="table-wrap"><table><caption>${escapeHtml(t.title)}</caption><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table></div>
<p class="source">${escapeHtml(t.source)}</p>${t.note ? `\n<p class="note">${inline(t.note)}</p>` : ''}
</div>`;
}

/** A chart: its title as the caption, the SVG (named and described inside: renderChart), the note on its marks. */
const renderFigure = (c: ReportChart, svg: string | undefined) =>
  `<figure class="chart"><figcaption>${escapeHtml(c.title)}</figcaption>${svg ?? ''}${c.note ? `<p class="note">${escapeHtml(c.note)}</p>` : ''}</figure>`;

/**
 * The report as one self-contained HTML page: inline CSS, charts as inline SVG
 * rendered at build time, no script and nothing fetched, so it opens offline and
 * can be forwarded as a single file. Printed (and so report.pdf) it is an A4
 * publication: no heading left at the foot of a page, short tables and charts whole,
 * long tables with their header row on every page, legible in black and white.
 */
export function renderHtml(report: ReportPage, charts: Map<string, string>): string {
  const cards = report.headline
    .map(
      (h) =>
        `<div class="card"><div class="value">${escapeHtml(formatIt(h.value, h.kind))}</div>` +
        `<div class="label">${escapeHtml(h.label)}</div>${h.note ? `<div class="note">${escapeHtml(h.note)}</div>` : ''}</div>`,
    )
    .join('\n');
  const toc = report.sections.map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`).join('');
  const sections = report.sections
    .map((s) =>
      [
        `<section id="${s.id}"><h2>${escapeHtml(s.title)}</h2>`,
        ...s.paragraphs.map((p) => `<p>${inline(p)}</p>`),
        ...s.charts.map((c) => renderFigure(c, charts.get(c.id))),
        ...s.tables.map(renderTable),
        '</section>',
      ].join('\n'),
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="it">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(report.title)}</title>
${report.author ? `<meta name="author" content="${escapeHtml(report.author)}">\n` : ''}<style>${style}</style>
</head>
<body>
<main>
<h1>${escapeHtml(report.title)}</h1>
${report.author ? `<p class="author">${escapeHtml(report.author)}</p>\n` : ''}<p class="subtitle">${escapeHtml(report.subtitle)}</p>
${(report.warnings ?? []).map((w) => `<p class="warning" role="alert">${inline(w)}</p>\n`).join('')}<div class="cards">
${cards}
</div>
<p class="legend">${SUPPRESSED_MARK} = dato non pubblicabile per riservatezza statistica (può nascondere anche uno zero); ${NOT_AVAILABLE_MARK} = dato non disponibile. Numeri in formato italiano, date ISO.</p>
<nav aria-label="Indice"><ol>${toc}</ol></nav>
${sections}
</main>
</body>
</html>
`;
}
