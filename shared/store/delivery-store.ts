import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { PageRequest, StorePage } from '../domain/paging';
import type { SendResult } from '../notify/channels/result';
import type { Delivery, DeliveryDraft, DeliveryRepository } from '../notify/deliveries';
import type { DeliveryStatus } from '../domain/notifications';
import { deliveryKey, stripKeys } from './keys';
import { queryPage } from './query-page';
import type { Table } from './table';

/** The delivery log is kept 180 days (网络安全法第二十一条 asks as much of network logs). */
const KEEP_SECONDS = 180 * 86_400;

/**
 * Deliveries are listed newest first from three index partitions: all (gsi1 DELIVERY), by status
 * (gsi2 DELIVERY#<status>, moved when the status changes) and by subscription (gsi3
 * DELIVERY#SUB#<id>; with a status, filtered inside that one subscription's partition).
 */
export class DynamoDeliveryRepository implements DeliveryRepository {
  constructor(private readonly table: Table) {}

  async begin(draft: DeliveryDraft, at: string, nowMs: number, leaseMs: number): Promise<Delivery | undefined> {
    const delivery: Delivery = { ...draft, status: 'pending', attempts: 1, createdAt: at, updatedAt: at };
    const sortKey = `${at}#${draft.id}`;
    const created = await this.table.runConditional((doc, TableName) =>
      doc.send(
        new PutCommand({
          TableName,
          Item: {
            ...deliveryKey(draft.id),
            entity: 'delivery',
            ...delivery,
            leaseUntil: nowMs + leaseMs,
            gsi1pk: 'DELIVERY',
            gsi1sk: sortKey,
            gsi2pk: 'DELIVERY#pending',
            gsi2sk: sortKey,
            gsi3pk: `DELIVERY#SUB#${draft.subscriptionId}`,
            gsi3sk: sortKey,
            expiresAt: Math.floor(nowMs / 1000) + KEEP_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    if (created) return delivery;
    try {
      const result = await this.table.run((doc, TableName) =>
        doc.send(
          new UpdateCommand({
            TableName,
            Key: deliveryKey(draft.id),
            UpdateExpression: 'SET attempts = attempts + :one, leaseUntil = :lease, updatedAt = :at, #status = :pending, gsi2pk = :pendingKey REMOVE failedAt',
            // pending and not held by another worker; or failed after every retry and now redriven.
            ConditionExpression: '(#status = :pending AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)) OR (#status = :failed AND exhausted = :true)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':one': 1,
              ':lease': nowMs + leaseMs,
              ':at': at,
              ':pending': 'pending',
              ':pendingKey': 'DELIVERY#pending',
              ':now': nowMs,
              ':failed': 'failed',
              ':true': true,
            },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return result.Attributes ? toDelivery(result.Attributes) : undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  async defer(id: string, reason: string, at: string): Promise<void> {
    await this.table.runConditional((doc, TableName) =>
      doc.send(
        new UpdateCommand({
          TableName,
          Key: deliveryKey(id),
          UpdateExpression: 'SET attempts = attempts - :one, reason = :reason, updatedAt = :at REMOVE leaseUntil',
          // Only the pending record this worker took; a lease lost meanwhile is someone else's.
          ConditionExpression: '#status = :pending AND attempts > :zero',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':one': 1, ':zero': 0, ':reason': reason, ':at': at, ':pending': 'pending' },
        }),
      ),
    );
  }

  async finish(id: string, result: SendResult, status: DeliveryStatus, at: string): Promise<void> {
    const values: Record<string, unknown> = { ':status': status, ':statusKey': `DELIVERY#${status}`, ':at': at };
    const set = ['#status = :status', 'gsi2pk = :statusKey', 'updatedAt = :at'];
    const remove = ['leaseUntil'];
    if (status === 'delivered') {
      set.push('deliveredAt = :at');
      remove.push('reason', 'exhausted');
    } else {
      values[':reason'] = result.reason ?? '未知错误';
      set.push('reason = :reason');
    }
    if (status === 'failed') {
      // exhausted: it ran out of retries (may be tried again if redriven); else refused for good.
      values[':exhausted'] = result.retryable;
      set.push('failedAt = :at', 'exhausted = :exhausted');
    }
    if (result.httpStatus !== undefined) {
      values[':http'] = result.httpStatus;
      set.push('httpStatus = :http');
    } else remove.push('httpStatus');
    if (result.note) {
      values[':note'] = result.note;
      set.push('note = :note');
    }
    await this.table.run((doc, TableName) =>
      doc.send(
        new UpdateCommand({
          TableName,
          Key: deliveryKey(id),
          UpdateExpression: `SET ${set.join(', ')} REMOVE ${remove.join(', ')}`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: values,
        }),
      ),
    );
  }

  async get(id: string): Promise<Delivery | undefined> {
    const result = await this.table.run((doc, TableName) => doc.send(new GetCommand({ TableName, Key: deliveryKey(id), ConsistentRead: true })));
    return result.Item ? toDelivery(result.Item) : undefined;
  }

  list(filter: { subscriptionId?: string; status?: DeliveryStatus }, page: PageRequest): Promise<StorePage<Delivery>> {
    const newestFirst = { ScanIndexForward: false };
    if (filter.subscriptionId) {
      return queryPage<Delivery>(
        this.table,
        {
          IndexName: 'gsi3',
          KeyConditionExpression: 'gsi3pk = :pk',
          ...(filter.status ? { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } } : {}),
          ExpressionAttributeValues: { ':pk': `DELIVERY#SUB#${filter.subscriptionId}`, ...(filter.status ? { ':status': filter.status } : {}) },
          ...newestFirst,
        },
        page,
      ).then(clean);
    }
    if (filter.status) {
      return queryPage<Delivery>(
        this.table,
        { IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': `DELIVERY#${filter.status}` }, ...newestFirst },
        page,
      ).then(clean);
    }
    return queryPage<Delivery>(
      this.table,
      { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': 'DELIVERY' }, ...newestFirst },
      page,
    ).then(clean);
  }
}

/** The stored item without the table's own attributes (keys, lease, TTL). */
function toDelivery(item: Record<string, unknown>): Delivery {
  const { leaseUntil: _lease, expiresAt: _expires, exhausted: _exhausted, ...rest } = stripKeys<Record<string, unknown>>(item);
  return rest as unknown as Delivery;
}

function clean(page: StorePage<Delivery>): StorePage<Delivery> {
  return { ...page, items: page.items.map((d) => toDelivery(d as unknown as Record<string, unknown>)) };
}
