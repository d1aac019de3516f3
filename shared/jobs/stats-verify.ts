import type { CaseRecord } from '../domain/cases';
import type { Hearing } from '../domain/hearings';
import { ALL_AGENCIES } from '../domain/statistics';
import { differences, recomputeFigures, type Difference } from '../domain/statistics-check';
import { figuresFor } from '../domain/statistics-report';
import { DynamoAgencyRepository } from '../store/agency-store';
import { queryPage } from '../store/query-page';
import { DynamoStatisticsStore } from '../store/stats-store';
import type { Table } from '../store/table';

async function everything<T>(table: Table, collection: 'CASE' | 'HEARING'): Promise<T[]> {
  const items: T[] = [];
  let after: Record<string, unknown> | undefined;
  do {
    const page = await queryPage<T>(
      table,
      { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': collection } },
      { limit: 200, ...(after ? { after } : {}) },
    );
    items.push(...page.items);
    after = page.last;
  } while (after);
  return items;
}

/**
 * Compares the counters' figures with figures recomputed from every case and hearing, for the
 * district and each agency. Reads the whole case collection: an operator's check, not an API.
 */
export async function verifyStatistics(table: Table, windows: readonly { from: string; to: string }[]): Promise<Difference[]> {
  const [cases, hearings] = await Promise.all([everything<CaseRecord>(table, 'CASE'), everything<Hearing>(table, 'HEARING')]);
  const agencyIds = await new DynamoAgencyRepository(table).allIds();
  const store = new DynamoStatisticsStore(table);
  const found: Difference[] = [];
  for (const scope of [ALL_AGENCIES, ...agencyIds]) {
    const counted = await figuresFor(store, scope, windows);
    windows.forEach((window, i) => {
      const recomputed = recomputeFigures(cases, hearings, window.from, window.to, scope === ALL_AGENCIES ? undefined : scope);
      for (const d of differences(counted[i]!, recomputed)) found.push({ scope, ...window, ...d });
    });
  }
  return found;
}
