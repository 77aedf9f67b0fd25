import { formatIt, NOT_AVAILABLE_MARK, SUPPRESSED_MARK } from './formatIt.js';
import type { ReportTable, ReportPage } from './reportModel.js';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The little markup the report's paragraphs use: **bold** and `code`. */
const inline = (s: string) =>
  escapeHtml(s)
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/`(.+?)`/g, '<code>$1</code>');

const style = `
  :root { color-scheme: light; --ink: #1f2933; --muted: #52606d; --line: #d9e2ec; --accent: #1f5fa8; }
  * { box-sizing: border-box; }
  body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: var(--ink); margin: 0; background: #f7f9fb; }
  main { max-width: 1040px; margin: 0 auto; padding: 32px 24px 64px; background: #fff; }
  h1 { font-size: 1.7rem; margin: 0 0 4px; } h2 { font-size: 1.3rem; margin: 40px 0 8px; border-bottom: 2px solid var(--accent); padding-bottom: 4px; }
  h3 { font-size: 1rem; margin: 24px 0 6px; }
  .subtitle { color: var(--muted); margin: 0 0 20px; }
  .warning { border: 2px solid #b42318; background: #fef3f2; color: #7a271a; border-radius: 8px; padding: 10px 14px; margin: 0 0 16px; }
  nav ol { columns: 2; padding-left: 20px; margin: 0 0 16px; }
  .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 12px; margin: 16px 0; }
  .card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
  .card .value { font-size: 1.5rem; font-weight: 600; font-variant-numeric: tabular-nums; }
  .card .label { color: var(--muted); font-size: .85rem; } .card .note { color: #9a6700; font-size: .8rem; }
  .table-wrap { overflow-x: auto; }
  table { border-collapse: collapse; margin: 4px 0; font-size: .88rem; min-width: 50%; }
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
  @media print { body { background: #fff; } main { padding: 0; } h2 { break-after: avoid; } table, figure { break-inside: avoid; } }
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
  return `<h3>${escapeHtml(t.title)}</h3>
<div class="table-wrap"><table><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table></div>
<p class="source">${escapeHtml(t.source)}</p>${t.note ? `\n<p class="note">${inline(t.note)}</p>` : ''}`;
}

/**
 * The report as one self-contained HTML page: inline CSS, charts as inline SVG
 * rendered at build time, no script and nothing fetched, so it opens offline and
 * can be forwarded as a single file.
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
        ...s.charts.map(
          (c) => `<figure><figcaption>${escapeHtml(c.title)}</figcaption>${charts.get(c.id) ?? ''}</figure>`,
        ),
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
<style>${style}</style>
</head>
<body>
<main>
<h1>${escapeHtml(report.title)}</h1>
<p class="subtitle">${escapeHtml(report.subtitle)}</p>
${(report.warnings ?? []).map((w) => `<p class="warning" role="alert">${inline(w)}</p>\n`).join('')}<div class="cards">
${cards}
</div>
<p class="legend">${SUPPRESSED_MARK} = dato non pubblicabile per riservatezza statistica (può nascondere anche uno zero); ${NOT_AVAILABLE_MARK} = dato non disponibile. Numeri in formato italiano, date ISO.</p>
<nav><ol>${toc}</ol></nav>
${sections}
</main>
</body>
</html>
`;
}
