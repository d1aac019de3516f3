import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { AppError } from '../domain/errors';
import { retryOnConflict, TRY_AGAIN, writeConflict } from '../retry';
import { isLocalClient } from './client';
import type { Table } from './table';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The reason code of each item of a cancelled transaction, in the order the items were sent. */
export type CancellationCodes = (string | undefined)[];

/** A key no item has: the commit barrier reads it (pk / sk as in table-definition.ts). */
export const COMMIT_BARRIER_KEY = { pk: '#commit-barrier', sk: '#commit-barrier' };

/**
 * Makes an acknowledged transaction mean "committed" on DynamoDB Local, which answers a
 * TransactWriteItems before its SQLite COMMIT has run: in DynamoDBLocal.jar (3.3.0),
 * `SQLiteDBAccess.commitTransaction` hands the COMMIT to its single-threaded `SQLiteQueue` with
 * `queue.execute(job)` and returns without waiting for the job (`beginTransaction`, `putRecord`
 * and `getRecord` all wait with `.get()`). A crash before the queue reaches the COMMIT rolls the
 * transaction back from the `-journal` file, though the client was told it succeeded. The queue
 * serves jobs in order (sqlite4java's `SQLiteQueue`: an ArrayList, first in first out), so any
 * read that waits for its own job — a consistent GetItem — returns only after that COMMIT has run.
 * Only against DynamoDB Local: DynamoDB in AWS is durable when it acknowledges, and pays nothing.
 */
async function awaitLocalCommit(table: Table): Promise<void> {
  await table.run((doc, tableName) =>
    doc.send(new GetCommand({ TableName: tableName, Key: COMMIT_BARRIER_KEY, ConsistentRead: true })),
  );
}

/**
 * Writes all items or none. A transaction cancelled because another one was touching the same
 * items (TransactionConflict) is tried again after a short random pause; one cancelled by a
 * condition returns the per-item reason codes so the caller can say which rule refused it.
 */
export async function transactWrite(table: Table, items: TransactItem[]): Promise<CancellationCodes | undefined> {
  let conflict = false;
  const refused = () =>
    conflict
      ? writeConflict()
      : new AppError('unavailable', 'STORE_THROTTLED', { zh: '写入与其他修改冲突，请稍后重试', en: 'the write collided with another; retry' }, { retryAfter: 1 });
  return retryOnConflict<CancellationCodes | undefined>(async () => {
    try {
      await table.run((doc) => doc.send(new TransactWriteCommand({ TransactItems: items })));
      if (isLocalClient(table.doc)) await awaitLocalCommit(table);
      return undefined;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const codes = (error.CancellationReasons ?? []).map((reason) => (reason.Code === 'None' ? undefined : reason.Code));
      const conditionFailed = codes.includes('ConditionalCheckFailed');
      if (conditionFailed) return codes;
      conflict = codes.includes('TransactionConflict');
      const throttled = codes.some((code) => code === 'ThrottlingError' || code === 'ProvisionedThroughputExceeded');
      if (conflict || throttled) return TRY_AGAIN;
      throw refused();
    }
  }, refused);
}
