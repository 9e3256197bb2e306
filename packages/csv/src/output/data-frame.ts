import { StorageError } from '@agentmap/storage-core';
import type { Table } from '../table/table';
import type { CsvCell, DataFrame } from '../types';

interface Arquero {
  table(columns: Record<string, CsvCell[]>, names?: string[]): DataFrame;
}

let loading: Promise<Arquero> | undefined;

/**
 * The rows at `positions` as an arquero table, built column by column. arquero is an
 * optional peer dependency, loaded on the first `format: 'dataframe'` read only.
 */
export async function dataFrameOf(table: Table, positions: readonly number[]): Promise<DataFrame> {
  const arquero = await loadArquero();
  const columns: Record<string, CsvCell[]> = Object.create(null) as Record<string, CsvCell[]>;
  table.columns.forEach((name, at) => {
    const values = new Array<CsvCell>(positions.length);
    for (let i = 0; i < positions.length; i++) values[i] = table.rows[positions[i]!]![at] ?? null;
    columns[name] = values;
  });
  // Names passed explicitly: an object would list numeric-looking column names first.
  return arquero.table(columns, [...table.columns]);
}

function loadArquero(): Promise<Arquero> {
  loading ??= import('arquero').then(
    (module) => module as unknown as Arquero,
    (error: unknown) => {
      loading = undefined;
      throw new StorageError('UNSUPPORTED', "format: 'dataframe' needs the arquero package: npm install arquero@^7.2.0 (or read with format: 'records').", {
        provider: 'csv',
        cause: error,
      });
    },
  );
  return loading;
}
