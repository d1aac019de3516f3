import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { AppError } from '../domain/errors';
import { pauseBeforeRetry, WRITE_ATTEMPTS } from '../retry';
import type { Table } from './table';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The reason code of each item of a cancelled transaction, in the order the items were sent. */
export type CancellationCodes = (string | undefined)[];

/**
 * Writes all items or none. A transaction cancelled because another one was touching the same
 * items (TransactionConflict) is tried again after a short random pause; one cancelled by a
 * condition returns the per-item reason codes so the caller can say which rule refused it.
 */
export async function transactWrite(table: Table, items: TransactItem[]): Promise<CancellationCodes | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      await table.run((doc) => doc.send(new TransactWriteCommand({ TransactItems: items })));
      return undefined;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const codes = (error.CancellationReasons ?? []).map((reason) => (reason.Code === 'None' ? undefined : reason.Code));
      const conditionFailed = codes.includes('ConditionalCheckFailed');
      if (conditionFailed) return codes;
      const conflict = codes.includes('TransactionConflict');
      const throttled = codes.some((code) => code === 'ThrottlingError' || code === 'ProvisionedThroughputExceeded');
      if ((conflict || throttled) && attempt < WRITE_ATTEMPTS) {
        await pauseBeforeRetry(attempt);
        continue;
      }
      throw new AppError('unavailable', conflict ? 'WRITE_CONFLICT' : 'STORE_THROTTLED', 'the write collided with another; retry', {
        retryAfter: 1,
      });
    }
  }
}
