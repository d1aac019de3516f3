import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseKind } from '../domain/enums';
import type { Counters, StatisticsStore } from '../domain/statistics';
import { readCounter } from './query-page';
import type { Table } from './table';

/**
 * Counter items (pk STATS#<kind>#<agency|ALL>): one per day (D#2024-03-15), month (M#2024-03)
 * and year (Y#2024), each holding every counter of that span. A prefix sum up to a day reads the
 * years before it, the months before it in its year and the days before it in its month, so a
 * statistics request reads at most (years with data) + 2 × (12 + 31) items per kind and scope,
 * whatever the number of cases; month and year ends need no day items at all.
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
      readCounter.items += result.ScannedCount ?? result.Items?.length ?? 0;
      items.push(...(result.Items ?? []));
      start = result.LastEvaluatedKey;
    } while (start);
    return items;
  }

  async prefixes(kind: CaseKind, scope: string, dates: readonly string[]): Promise<Map<string, Counters>> {
    const pk = statsPk(kind, scope);
    const years = new Set<string>();
    const months = new Set<string>();
    for (const date of dates) {
      if (date.endsWith('-12-31')) continue;
      years.add(date.slice(0, 4));
      if (!isMonthEnd(date)) months.add(date.slice(0, 7));
    }
    const [yearItems, ...rest] = await Promise.all([
      this.range(pk, 'Y#0000', 'Y#9999'),
      ...[...years].map((y) => this.range(pk, `M#${y}-01`, `M#${y}-12`)),
      ...[...months].map((m) => this.range(pk, `D#${m}-01`, `D#${m}-31`)),
    ]);
    const items = [...yearItems!, ...rest.flat()];
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
