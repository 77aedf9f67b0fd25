import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/Database.js';
import { openDatabase } from '../src/db/openDatabase.js';
import { queryScript, runScript, usedParams } from '../src/db/runScript.js';

describe('scripts: statements and parameters as DuckDB parses them', () => {
  let db: Database;
  beforeEach(async () => {
    db = await openDatabase(':memory:');
  });
  afterEach(() => db.close());

  it('runs a script whose comments hold ; and $not_a_param, binding each statement only what it names', async () => {
    // A ';' ending a comment line inside a statement is not a boundary, and the
    // $not_a_param of a comment is no parameter, though a value of that name is given.
    const sql = [
      'CREATE TEMP TABLE seen (x INTEGER, s VARCHAR); -- then the rows; $not_a_param',
      'INSERT INTO seen',
      '-- from the caller;',
      '/* a block comment; $not_a_param;',
      "*/ SELECT $a::INTEGER, 'text; $not_a_param';",
      'INSERT INTO seen SELECT $b::INTEGER + 1, NULL;',
    ].join('\n');
    await runScript(db, { name: 'comments.sql', sql }, { a: 1, b: 2, not_a_param: 'unused' });
    expect(await db.all('SELECT x, s FROM seen ORDER BY x')).toEqual([
      { x: 1, s: 'text; $not_a_param' },
      { x: 3, s: null },
    ]);
  });

  it('refuses a parameter a statement names but is not given, naming it, the script and the statement', async () => {
    const script = { name: 'demo.sql', sql: 'CREATE TEMP TABLE t AS SELECT $a AS x;\nSELECT $wanted AS y;' };
    await expect(runScript(db, script, { a: 1 })).rejects.toThrow(
      'demo.sql, statement 2: parameter $wanted has no value',
    );
    await expect(usedParams(db, { name: 'ORIM table demo', sql: 'SELECT $wanted AS y' }, {})).rejects.toThrow(
      'ORIM table demo: parameter $wanted has no value',
    );
  });

  it('returns the rows of the last statement, and runs a script of comments only as nothing', async () => {
    const rows = await queryScript(
      db,
      { name: 'q.sql', sql: 'CREATE TEMP TABLE n AS SELECT 41 AS v;\nSELECT v + $d AS v FROM n;' },
      { d: 1 },
    );
    expect(rows).toEqual([{ v: 42 }]);
    await runScript(db, { name: 'empty.sql', sql: '-- nothing to do; $x\n/* nor here; */\n' });
  });

  it('gives a wrapped query the values its text names, not those its comments mention', async () => {
    const query = { name: 'q.sql', sql: 'SELECT $a AS a -- not $b; nor $c\n' };
    expect(await usedParams(db, query, { a: 1, b: 2, c: 3 })).toEqual({ a: 1 });
  });
});
