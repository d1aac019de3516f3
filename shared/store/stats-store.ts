import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { addDays } from '../domain/dates';
import type { CaseKind } from '../domain/enums';
import type { Counters, StatisticsStore } from '../domain/statistics';
import type { Table } from './table';

/**
 * Counter items (pk STATS#<kind>#<agency|ALL>), each holding every counter of its span: one per
 * year (Y#2024: `received`), per month (M#2024-03: `received`) and one for the days of each month
 * (MD#2024-03: `15:received` counts the 15th). A prefix sum up to a day reads the years (one
 * query), the months before it in its year (one key range) and its month's days (one item): a
 * statistics request (two dates) reads at most (years with data) + 2 × 12 + 2 items per kind and
 * scope, the same whatever the number of cases; month and year ends need no day item at all.
 * Ranges rather than BatchGetItem by key: a Query of 12 small items is one read unit, a BatchGet of
 * them 12 (and DynamoDB Local answers a range far faster than 12 lookups).
 */
export const statsPk = (kind: CaseKind, scope: string) => `STATS#${kind}#${scope}`;

/** The item holding a month's day counters. */
export const monthDaysSk = (month: string) => `MD#${month}`;

/** A day's counter inside its month's day item: `15:received`. */
export const dayCounter = (date: string, counter: string) => `${date.slice(8, 10)}:${counter}`;

const NON_COUNTERS = new Set(['pk', 'sk', 'entity']);

/** The counters a counter item holds, by attribute name. */
export function countersOf(item: Record<string, unknown>): [string, number][] {
  return Object.entries(item).filter((entry): entry is [string, number] => !NON_COUNTERS.has(entry[0]) && typeof entry[1] === 'number');
}

function isMonthEnd(date: string): boolean {
  return addDays(date, 1).endsWith('-01');
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
    // For each year the months before the latest date in it; for each date not at a month's end
    // its month's day item: so the cost depends on the dates only.
    const monthsUpTo = new Map<string, number>();
    const dayMonths = new Set<string>();
    for (const date of dates) {
      if (date.endsWith('-12-31')) continue;
      const [year, month] = date.split('-') as [string, string];
      const lastMonth = isMonthEnd(date) ? Number(month) : Number(month) - 1;
      if (lastMonth >= 1) monthsUpTo.set(year, Math.max(monthsUpTo.get(year) ?? 0, lastMonth));
      if (!isMonthEnd(date)) dayMonths.add(date.slice(0, 7));
    }
    const pad = (n: number) => String(n).padStart(2, '0');
    const ranges: [string, string][] = [
      ['Y#0000', 'Y#9999'],
      ...[...monthsUpTo].map(([year, last]): [string, string] => [`M#${year}-01`, `M#${year}-${pad(last)}`]),
      ...[...dayMonths].map((month): [string, string] => [monthDaysSk(month), monthDaysSk(month)]),
    ];
    const items = (await Promise.all(ranges.map(([from, to]) => this.range(pk, from, to)))).flat();
    const result = new Map<string, Counters>();
    for (const date of dates) {
      const year = date.slice(0, 4);
      const month = date.slice(0, 7);
      const day = date.slice(8, 10);
      const yearEnd = date.endsWith('-12-31');
      const monthEnd = isMonthEnd(date);
      const sums: Record<string, number> = {};
      const add = (name: string, value: number) => {
        sums[name] = (sums[name] ?? 0) + value;
      };
      for (const item of items) {
        const sk = item.sk as string;
        if (sk.startsWith('MD#')) {
          // The days of the date's month up to the date: `05:received` counts for the 20th.
          if (yearEnd || monthEnd || sk !== monthDaysSk(month)) continue;
          for (const [name, value] of countersOf(item)) {
            if (name[2] === ':' && name.slice(0, 2) <= day) add(name.slice(3), value);
          }
          continue;
        }
        const span = sk.slice(2);
        const counts = sk.startsWith('Y#')
          ? yearEnd ? span <= year : span < year
          : !yearEnd && span.startsWith(year) && (monthEnd ? span <= month : span < month);
        if (!counts) continue;
        for (const [name, value] of countersOf(item)) add(name, value);
      }
      result.set(date, sums);
    }
    return result;
  }
}
