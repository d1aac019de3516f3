import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { PaceCounter } from '../notify/pacing';
import type { Table } from './table';

/** A minute's counter is useless after the minute; TTL removes it a day later. */
const KEEP_SECONDS = 86_400;

/**
 * Messages sent to one robot in one minute: item `PACE#<hash of the target>` / `PACE#<minute>`, one
 * conditional UpdateItem per message (ADD 1 while under the limit), so concurrent notifiers share
 * the budget. The key holds a hash, never the robot URL (its key is a credential).
 */
export class DynamoPaceCounter implements PaceCounter {
  constructor(private readonly table: Table) {}

  take(targetHash: string, windowStartMs: number, limit: number, nowMs: number): Promise<boolean> {
    return this.table.runConditional((doc, TableName) =>
      doc.send(
        new UpdateCommand({
          TableName,
          Key: { pk: `PACE#${targetHash}`, sk: `PACE#${windowStartMs}` },
          UpdateExpression: 'ADD #count :one SET entity = if_not_exists(entity, :entity), expiresAt = if_not_exists(expiresAt, :expires)',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':entity': 'pace', ':expires': Math.floor(nowMs / 1000) + KEEP_SECONDS },
        }),
      ),
    );
  }
}
