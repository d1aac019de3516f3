import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { caseKinds, codesOf } from '../domain/enums';
import { ALL_AGENCIES } from '../domain/statistics';
import { DynamoAgencyRepository } from '../store/agency-store';
import { countersOf, dayCounter, monthDaysSk, statsPk } from '../store/stats-store';
import { counterUpdate } from '../store/stats-writer';
import type { Table } from '../store/table';
import { transactWrite, type TransactItem } from '../store/transactions';

/**
 * Counters written before a month's days shared one item were one item per day (sk D#<day>).
 * Each such item is moved into its month's day item (MD#<month>, `<dd>:<counter>`) by one
 * transaction that adds its counts there and deletes it on the condition that it still exists:
 * each day is moved once, also when this runs twice or while the aggregator is counting.
 * Idempotent; reads each counter partition by Query (kinds × the district and every agency).
 */
export async function migrateDayCounters(table: Table): Promise<{ moved: number }> {
  let moved = 0;
  for (const scope of [ALL_AGENCIES, ...(await new DynamoAgencyRepository(table).allIds())]) {
    for (const kind of codesOf(caseKinds)) {
      const pk = statsPk(kind, scope);
      let start: Record<string, unknown> | undefined;
      do {
        const page = await table.run((doc, TableName) =>
          doc.send(
            new QueryCommand({
              TableName,
              KeyConditionExpression: 'pk = :pk AND begins_with(sk, :day)',
              ExpressionAttributeValues: { ':pk': pk, ':day': 'D#' },
              ...(start ? { ExclusiveStartKey: start } : {}),
            }),
          ),
        );
        for (const item of page.Items ?? []) {
          const date = String(item.sk).slice(2);
          const counters = countersOf(item)
            .filter(([, n]) => n !== 0)
            .map(([counter, n]) => [dayCounter(date, counter), n] as const);
          const move: TransactItem[] = [{ Delete: { TableName: table.name, Key: { pk, sk: item.sk }, ConditionExpression: 'attribute_exists(pk)' } }];
          if (counters.length > 0) move.push(counterUpdate(table.name, { pk, sk: monthDaysSk(date.slice(0, 7)) }, counters));
          // Cancelled on the condition: another run moved this day first.
          if (!(await transactWrite(table, move))) moved++;
        }
        start = page.LastEvaluatedKey;
      } while (start);
    }
  }
  return { moved };
}
