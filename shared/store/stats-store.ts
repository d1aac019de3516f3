import { BatchGetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseKind } from '../domain/enums';
import type { Counters, StatisticsStore } from '../domain/statistics';
import { readCounter, type Table } from './table';

/**
 * Counter items (pk STATS#<kind>#<agency|ALL>): one per day (D#2024-03-15), month (M#2024-03)
 * and year (Y#2024), each holding every counter of that span. A prefix sum up to a day reads the
 * years before it (one query), and by exact keys the months before it in its year and the days
 * up to it in its month: a statistics request reads at most (years with data) + 2 × (12 + 31)
 * items per kind and scope, the same whatever the number of cases; month and year ends need no
 * day items at all.
 */
export const statsPk = (kind: CaseKind, scope: string) => `STATS#${kind}#${scope}`;

const NON_COUNTERS = new Set(['pk', 'sk', 'entity']);

function isMonthEnd(date: string): boolean {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.getUTCDate() === 1;
}

export class DynamoStatisticsStore implements StatisticsStore {
  constructor(private readonly table: Table) {}

  private async range(pk: string, from: string, to: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const result = await this.table.run((doc, TableName) =>
        doc.send(
          new QueryCommand({
            TableName,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to },
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        ),
      );
      items.push(...(result.Items ?? []));
      start = result.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /** The counter items at exact keys (each requested key is a read, found or not). */
  private async batch(pk: string, sks: readonly string[]): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    for (let i = 0; i < sks.length; i += 100) {
      let keys: Record<string, unknown>[] = sks.slice(i, i + 100).map((sk) => ({ pk, sk }));
      readCounter.items += keys.length;
      while (keys.length > 0) {
        const result = await this.table.run((doc, TableName) => doc.send(new BatchGetCommand({ RequestItems: { [TableName]: { Keys: keys } } })));
        items.push(...(result.Responses?.[this.table.name] ?? []));
        keys = (result.UnprocessedKeys?.[this.table.name]?.Keys ?? []) as Record<string, unknown>[];
      }
    }
    return items;
  }

  async prefixes(kind: CaseKind, scope: string, dates: readonly string[]): Promise<Map<string, Counters>> {
    const pk = statsPk(kind, scope);
    // The exact month and day items the dates need, so the cost depends on the dates only.
    const keys = new Set<string>();
    for (const date of dates) {
      if (date.endsWith('-12-31')) continue;
      const [year, month] = date.split('-') as [string, string];
      const lastMonth = isMonthEnd(date) ? Number(month) : Number(month) - 1;
      for (let m = 1; m <= lastMonth; m++) keys.add(`M#${year}-${String(m).padStart(2, '0')}`);
      if (!isMonthEnd(date)) {
        for (let d = 1; d <= Number(date.slice(8)); d++) keys.add(`D#${year}-${month}-${String(d).padStart(2, '0')}`);
      }
    }
    const [yearItems, spanItems] = await Promise.all([this.range(pk, 'Y#0000', 'Y#9999'), this.batch(pk, [...keys])]);
    const items = [...yearItems, ...spanItems];
    const result = new Map<string, Counters>();
    for (const date of dates) {
      const year = date.slice(0, 4);
      const month = date.slice(0, 7);
      const yearEnd = date.endsWith('-12-31');
      const monthEnd = isMonthEnd(date);
      const sums: Record<string, number> = {};
      for (const item of items) {
        const sk = item.sk as string;
        const span = sk.slice(2);
        const counts =
          sk.startsWith('Y#') ? (yearEnd ? span <= year : span < year)
          : sk.startsWith('M#') ? !yearEnd && span.startsWith(year) && (monthEnd ? span <= month : span < month)
          : !yearEnd && !monthEnd && span.startsWith(month) && span <= date;
        if (!counts) continue;
        for (const [name, value] of Object.entries(item)) {
          if (!NON_COUNTERS.has(name) && typeof value === 'number') sums[name] = (sums[name] ?? 0) + value;
        }
      }
      result.set(date, sums);
    }
    return result;
  }
}
