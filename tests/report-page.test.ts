import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { barChart } from '../src/reports/page/barChart.js';
import { renderChart } from '../src/reports/page/renderChart.js';
import { renderHtml } from '../src/reports/page/renderHtml.js';
import { renderMarkdown } from '../src/reports/page/renderMarkdown.js';
import { SUPPRESSED, type ReportPage, type ReportTable } from '../src/reports/page/reportModel.js';
import { runCli, tempDir } from './helpers.js';

/**
 * The page as a publication, renderer by renderer: the author line under the title,
 * a table's title as its caption, charts that mark a withheld value instead of
 * drawing it as zero and say what they show to a screen reader.
 */

// Milano: 120 activations, cessations withheld; Bergamo: activations not available, no cessations (a real 0)
const flows = barChart({
  id: 'prova',
  title: 'Attivazioni e cessazioni per provincia',
  description: 'Grafico a barre orizzontali: attivazioni e cessazioni per provincia.',
  orientation: 'horizontal',
  bars: [
    { category: 'Milano', series: 'Attivazioni', value: 120 },
    { category: 'Milano', series: 'Cessazioni', value: SUPPRESSED },
    { category: 'Bergamo', series: 'Attivazioni', value: null },
    { category: 'Bergamo', series: 'Cessazioni', value: 0 },
  ],
})!;
const NP_NOTE = 'n.p. = valore non pubblicabile per riservatezza statistica: la barra è omessa, non vale zero.';
const ND_NOTE = 'n.d. = dato non disponibile: la barra è omessa.';

const table = (rows: number): ReportTable => ({
  title: 'Tavola di prova',
  source: 'Fonte: prova',
  columns: [
    { label: 'Provincia', kind: 'text' },
    { label: 'Attivazioni', kind: 'count' },
  ],
  rows: Array.from({ length: rows }, (_, i) => [`P${i}`, i]),
  suppressed: 0,
});
const page = (author?: string, rows = 3): ReportPage => ({
  title: 'Rapporto di prova',
  subtitle: 'dal 2025-01-01 al 2025-06-30',
  ...(author ? { author } : {}),
  headline: [],
  sections: [{ id: 's', title: 'Sezione', paragraphs: ['Testo.'], tables: [table(rows)], charts: [flows] }],
  generated: '2026-01-01',
});

describe('charts: a withheld value is marked, not drawn as zero', () => {
  const data = (flows.spec.data as { values: Record<string, unknown>[] }).values;

  it('a withheld value and one not available have no value to draw and carry their mark; a zero is a bar', () => {
    expect(data).toEqual([
      { categoria: 'Milano', misura: 'Attivazioni', valore: 120, segno: '' },
      { categoria: 'Milano', misura: 'Cessazioni', valore: null, segno: 'n.p.' },
      { categoria: 'Bergamo', misura: 'Attivazioni', valore: null, segno: 'n.d.' },
      { categoria: 'Bergamo', misura: 'Cessazioni', valore: 0, segno: '' },
    ]);
    expect(flows.note).toBe(`${NP_NOTE} ${ND_NOTE}`);
  });

  it('the SVG draws two bars (120 and 0), writes n.p. and n.d. where the other two would start, in the order given', async () => {
    const svg = await renderChart(flows);
    const bars = /<g class="mark-rect role-mark[^"]*"[^>]*>(.*?)<\/g>/.exec(svg)![1]!;
    expect(bars.match(/<path /g)).toHaveLength(2);
    // 120 is the whole width (520 pixels), 0 is a bar of no width
    expect(bars).toContain('h520v');
    expect(bars).toContain('h0v');
    const marks = [...svg.matchAll(/<text [^>]*font-style="italic"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(marks).toEqual(['n.p.', 'n.d.']);
    // the axis lists Milano before Bergamo, as the bars were given (not the marked ones last)
    expect(svg.indexOf('>Milano</text>')).toBeLessThan(svg.indexOf('>Bergamo</text>'));
  });

  it('the SVG is an image named by its Italian title and described with its values, marks included', async () => {
    const svg = await renderChart(flows);
    expect(svg).toMatch(
      /^<svg [^>]*role="img" aria-labelledby="grafico-prova-titolo" aria-describedby="grafico-prova-descrizione">/,
    );
    expect(svg).toContain('<title id="grafico-prova-titolo">Attivazioni e cessazioni per provincia</title>');
    expect(svg).toContain(
      '<desc id="grafico-prova-descrizione">Grafico a barre orizzontali: attivazioni e cessazioni per provincia. ' +
        'Valori: Milano: Attivazioni 120, Cessazioni n.p.; Bergamo: Attivazioni n.d., Cessazioni 0. ' +
        `${NP_NOTE} ${ND_NOTE}</desc>`,
    );
  });

  it('keeps the order given when a category has only a mark (the layers do not put it last)', async () => {
    const svg = await renderChart(
      barChart({
        id: 'o',
        title: 't',
        description: 'd.',
        orientation: 'horizontal',
        bars: [
          { category: 'Aosta', value: SUPPRESSED },
          { category: 'Brescia', value: 5 },
        ],
      })!,
    );
    expect(svg.indexOf('>Aosta</text>')).toBeGreaterThan(0);
    expect(svg.indexOf('>Aosta</text>')).toBeLessThan(svg.indexOf('>Brescia</text>'));
  });

  it('no chart when no value is shown: marks alone say nothing the table does not', () => {
    const bars = [
      { category: 'Milano', value: SUPPRESSED },
      { category: 'Bergamo', value: null },
    ];
    expect(barChart({ id: 'v', title: 't', description: 'd.', orientation: 'horizontal', bars })).toBeUndefined();
  });

  it('a chart with every value shown has no note on marks', () => {
    const shown = barChart({
      id: 'c',
      title: 't',
      description: 'd.',
      orientation: 'vertical',
      bars: [{ category: '2025-H1', value: 1234 }],
    })!;
    expect(shown.note).toBeUndefined();
    expect(shown.description).toBe('d. Valori: 2025-H1 1.234.');
  });
});

describe('the author line and the captions, in HTML and Markdown', () => {
  const author = 'Osservatorio regionale <del> mercato & lavoro';

  it('HTML: the author under the title (escaped) and in the page metadata; none by default', () => {
    const html = renderHtml(page(author), new Map());
    expect(html).toContain(
      '<h1>Rapporto di prova</h1>\n<p class="author">Osservatorio regionale &lt;del&gt; mercato &amp; lavoro</p>\n<p class="subtitle">',
    );
    expect(html).toContain('<meta name="author" content="Osservatorio regionale &lt;del&gt; mercato &amp; lavoro">');
    const without = renderHtml(page(), new Map());
    expect(without).not.toContain('class="author"');
    expect(without).not.toContain('name="author"');
    expect(without).toContain('<h1>Rapporto di prova</h1>\n<p class="subtitle">');
  });

  it('HTML: a table is titled by its caption; a chart by its figcaption, its note under it', () => {
    const html = renderHtml(page(), new Map([['prova', '<svg>grafico</svg>']]));
    expect(html).toContain('<table><caption>Tavola di prova</caption><thead><tr><th scope="col">Provincia</th>');
    expect(html).not.toContain('<h3>');
    expect(html).toContain(
      `<figure class="chart"><figcaption>Attivazioni e cessazioni per provincia</figcaption><svg>grafico</svg><p class="note">${NP_NOTE} ${ND_NOTE}</p></figure>`,
    );
  });

  it('HTML: A4 print styles; a short table kept whole, a long one allowed to run over a page', () => {
    const html = renderHtml(page(), new Map());
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain('h1, h2, h3, caption, figcaption, .author, .subtitle { break-after: avoid; }');
    expect(html).toContain('<div class="table-block">');
    expect(renderHtml(page(undefined, 26), new Map())).toContain('<div class="table-block long">');
  });

  it('Markdown: the author under the title, the table under its title, the chart titled, described and noted', () => {
    const md = renderMarkdown(page('Osservatorio regionale *del* lavoro'));
    expect(md.startsWith('# Rapporto di prova\n\n**Osservatorio regionale \\*del\\* lavoro**\n\ndal 2025-01-01')).toBe(
      true,
    );
    expect(md).toContain('### Tavola di prova\n\n| Provincia | Attivazioni |');
    expect(md).toContain(
      '**Attivazioni e cessazioni per provincia**\n\n' +
        '![Grafico a barre orizzontali: attivazioni e cessazioni per provincia. Valori: Milano: Attivazioni 120, Cessazioni n.p.; ' +
        `Bergamo: Attivazioni n.d., Cessazioni 0. ${NP_NOTE} ${ND_NOTE}](charts/prova.svg)\n\n_${NP_NOTE} ${ND_NOTE}_`,
    );
    expect(renderMarkdown(page()).startsWith('# Rapporto di prova\n\ndal 2025-01-01')).toBe(true);
  });

  it('--author: one line of text, else a usage error (exit 2) before any work', async () => {
    const dir = tempDir();
    const run = await runCli(
      [
        '--db',
        path.join(dir, 'co.duckdb'),
        'report',
        'semiannual',
        '--semester',
        '2025-H1',
        '--author',
        'a\nb',
        '--out',
        path.join(dir, 'r'),
      ],
      {},
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('one line of text, without line breaks or control characters');
  });
});
