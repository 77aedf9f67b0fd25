import { describe, expect, it } from 'vitest';
import { categoryTable } from '../src/reports/page/publishTables.js';
import { formatIt } from '../src/reports/page/formatIt.js';
import { ratePerThousand } from '../src/reports/semiannual/rates.js';
import { SUPPRESSED } from '../src/reports/page/reportModel.js';

describe('rates per 1,000 non-EU residents (reports.md section 6)', () => {
  it('are published whenever their numerator and denominator are, whatever else the row withholds', () => {
    // The rate table of the report: residents, activations, INPS recipients per province.
    // Lecco has 3 recipients (below 5): withheld; Como's 10, the smallest other non-zero
    // recipients cell, is withheld with it so that the total does not give Lecco away.
    // Residents and activations are all 5 or more: shown.
    const table = categoryTable({
      title: 'Tassi',
      source: 'Fonte: prova',
      keyLabel: 'Provincia',
      columns: [
        { label: 'Residenti', kind: 'count' },
        { label: 'Attivazioni', kind: 'count' },
        { label: 'Beneficiari', kind: 'count' },
      ],
      rows: [
        { key: 'CO', label: 'Como', counts: [60, 8, 10] },
        { key: 'LC', label: 'Lecco', counts: [99, 7, 3] },
        { key: 'MI', label: 'Milano', counts: [5000, 400, 200] },
      ],
      total: { counts: [5159, 415, 213] },
      minCell: 5,
    });
    const rates = table.rows.map((line) => [
      line[0],
      formatIt(ratePerThousand(line[2]!, line[1]!), 'decimal'),
      formatIt(ratePerThousand(line[3]!, line[1]!), 'decimal'),
    ]);
    expect(rates).toEqual([
      ['Como', '133,3', 'n.p.'], // 8 / 60 x 1000 = 133.33
      ['Lecco', '70,7', 'n.p.'], // 7 / 99 x 1000 = 70.71: shown although the recipients are withheld
      ['Milano', '80,0', '40,0'], // 400 / 5000 x 1000, 200 / 5000 x 1000
      ['Totale', '80,4', '41,3'], // 415 / 5159 x 1000 = 80.44; 213 / 5159 x 1000 = 41.29
    ]);
  });

  it('are withheld with either figure, and not available without a denominator', () => {
    expect(ratePerThousand(7, SUPPRESSED)).toBe(SUPPRESSED);
    expect(ratePerThousand(SUPPRESSED, 99)).toBe(SUPPRESSED);
    expect(ratePerThousand(7, null)).toBeNull(); // no ISTAT figure: n.d.
    expect(ratePerThousand(null, 99)).toBeNull(); // no INPS figure: n.d.
    expect(ratePerThousand(7, 0)).toBeNull(); // no residents: nothing to divide by
    expect(ratePerThousand(0, 99)).toBe(0); // no activations: a rate of zero, not n.d.
  });
});
