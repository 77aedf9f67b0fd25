import type { DuckDBInstance, DuckDBConnection, DuckDBType, DuckDBValue, Json } from '@duckdb/node-api';

export type Params = Record<string, DuckDBValue> | DuckDBValue[];
export type Types = Record<string, DuckDBType | undefined> | DuckDBType[];
export type Row = Record<string, Json>;

/** Makes a progress line (runtime/progress.ts terminalProgress); the command sets one on a terminal. */
export type ProgressBarFactory = (
  label: string,
  totalBytes?: number,
) => { update(fraction: number, detail?: string): void; done(): void };

/**
 * One DuckDB database and the single connection the pipeline uses on it.
 * Results come back through the Json getters, so BIGINT and DECIMAL stay exact
 * (as strings) instead of being rounded to a JavaScript number.
 */
export class Database {
  /** Draws long work's progress on a terminal: set by the command when stderr is one, else none. */
  progressBar?: ProgressBarFactory;

  constructor(
    readonly path: string,
    readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  async all<T extends Row = Row>(sql: string, params?: Params, types?: Types): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(sql, params, types);
    return reader.getRowObjectsJson() as T[];
  }

  async one<T extends Row = Row>(sql: string, params?: Params, types?: Types): Promise<T | undefined> {
    return (await this.all<T>(sql, params, types))[0];
  }

  /** The names of the columns a query returns. */
  async columns(sql: string, params?: Params): Promise<string[]> {
    return (await this.connection.runAndReadAll(sql, params)).columnNames();
  }

  async run(sql: string, params?: Params, types?: Types): Promise<void> {
    await this.connection.run(sql, params, types);
  }

  /** Runs fn in one transaction: committed if it resolves, rolled back if it throws. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.run('BEGIN TRANSACTION');
    try {
      const result = await fn();
      await this.run('COMMIT');
      return result;
    } catch (error) {
      await this.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /** Progress of the statement running now (percentage is -1 when unknown). */
  progress(): { percentage: number; rows_processed: bigint } {
    return this.connection.progress;
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
