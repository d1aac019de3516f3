import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { PageRequest, StorePage } from '../domain/paging';
import { stripKeys } from './keys';
import type { Table } from './table';

const MAX_ROUNDS = 10;

/**
 * One page of a Query. A FilterExpression drops items after DynamoDB's Limit, so this keeps reading
 * until the page is full (at most ten round trips; the cursor carries on where it stopped). The
 * cursor position is the last returned item's keys, so nothing is skipped between pages.
 */
export async function queryPage<T>(
  table: Table,
  input: Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>,
  page: PageRequest,
): Promise<StorePage<T>> {
  const index = input.IndexName;
  const items: T[] = [];
  let start = page.after;
  for (let round = 1; ; round++) {
    const result = await table.run((doc, TableName) =>
      doc.send(new QueryCommand({ ...input, TableName, Limit: page.limit, ...(start ? { ExclusiveStartKey: start } : {}) })),
    );
    const batch = result.Items ?? [];
    for (const [i, item] of batch.entries()) {
      items.push(stripKeys<T>(item));
      if (items.length === page.limit) {
        const more = i < batch.length - 1 || result.LastEvaluatedKey !== undefined;
        if (!more) return { items };
        const last: Record<string, unknown> = { pk: item.pk, sk: item.sk };
        if (index) {
          last[`${index}pk`] = item[`${index}pk`];
          last[`${index}sk`] = item[`${index}sk`];
        }
        return { items, last };
      }
    }
    if (!result.LastEvaluatedKey) return { items };
    if (round === MAX_ROUNDS) return { items, last: result.LastEvaluatedKey };
    start = result.LastEvaluatedKey;
  }
}

/** A key condition on an index's sort key for an inclusive date range (keys are `<date>#…`). */
export function dateRange(index: string, from: string | undefined, to: string | undefined, values: Record<string, unknown>): string {
  if (from && to) {
    values[':from'] = from;
    values[':to'] = `${to}#~`;
    return ` AND ${index}sk BETWEEN :from AND :to`;
  }
  if (from) {
    values[':from'] = from;
    return ` AND ${index}sk >= :from`;
  }
  if (to) {
    values[':to'] = `${to}#~`;
    return ` AND ${index}sk <= :to`;
  }
  return '';
}
