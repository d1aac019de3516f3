import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseKind } from '../domain/enums';
import type { Counters, StatisticsStore } from '../domain/statistics';
import type { Table } from './table';

/**
 * Counter items (pk STATS#<kind>#<agency|ALL>): one per day (D#2024-03-15), month (M#2024-03)
 * and year (Y#2024), each holding every counter of that span. A prefix sum up to a day reads the
 * years (one query), the months before it in its year and the days up to it in its month (one
 * key-range query each): a statistics request reads at most (years with data) + 2 × (12 + 31)
 * items per kind and scope, the same whatever the number of cases; month and year ends need no
 * day items at all. Ranges rather than BatchGetItem by key: a Query of 31 small items is one read
 * unit, a BatchGet of them 31 (and DynamoDB Local answers a range far faster than 31 lookups).
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

  async prefixes(kind: CaseKind, scope: string, dates: readonly string[]): Promise<Map<string, Counters>> {
    const pk = statsPk(kind, scope);
    // For each year the months before the latest date in it, for each month the days up to the
    // latest date in it: one key range each, so the cost depends on the dates only.
    const monthsUpTo = new Map<string, number>();
    const daysUpTo = new Map<string, number>();
    for (const date of dates) {
      if (date.endsWith('-12-31')) continue;
      const [year, month] = date.split('-') as [string, string];
      const lastMonth = isMonthEnd(date) ? Number(month) : Number(month) - 1;
      if (lastMonth >= 1) monthsUpTo.set(year, Math.max(monthsUpTo.get(year) ?? 0, lastMonth));
      if (!isMonthEnd(date)) daysUpTo.set(date.slice(0, 7), Math.max(daysUpTo.get(date.slice(0, 7)) ?? 0, Number(date.slice(8))));
    }
    const pad = (n: number) => String(n).padStart(2, '0');
    const ranges: [string, string][] = [
      ['Y#0000', 'Y#9999'],
      ...[...monthsUpTo].map(([year, last]): [string, string] => [`M#${year}-01`, `M#${year}-${pad(last)}`]),
      ...[...daysUpTo].map(([month, last]): [string, string] => [`D#${month}-01`, `D#${month}-${pad(last)}`]),
    ];
    const items = (await Promise.all(ranges.map(([from, to]) => this.range(pk, from, to)))).flat();
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
