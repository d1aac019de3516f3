import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { PageRequest, StorePage } from '../domain/paging';
import { FAILING_AFTER, type DeliveryOutcome, type Subscription, type SubscriptionRepository } from '../notify/subscriptions';
import { stripKeys, subscriptionKey } from './keys';
import { queryPage } from './query-page';
import type { Table } from './table';

export class DynamoSubscriptionRepository implements SubscriptionRepository {
  constructor(private readonly table: Table) {}

  async create(subscription: Subscription): Promise<void> {
    await this.table.run((doc, TableName) =>
      doc.send(
        new PutCommand({
          TableName,
          Item: { ...subscriptionKey(subscription.id), entity: 'subscription', gsi1pk: 'SUBSCRIPTION', gsi1sk: subscription.id, ...subscription },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async get(id: string): Promise<Subscription | undefined> {
    const result = await this.table.run((doc, TableName) => doc.send(new GetCommand({ TableName, Key: subscriptionKey(id) })));
    return result.Item ? stripKeys<Subscription>(result.Item) : undefined;
  }

  list(page: PageRequest): Promise<StorePage<Subscription>> {
    return queryPage<Subscription>(
      this.table,
      { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': 'SUBSCRIPTION' } },
      page,
    );
  }

  async all(): Promise<Subscription[]> {
    const all: Subscription[] = [];
    let after: Record<string, unknown> | undefined;
    do {
      const page = await this.list({ limit: 200, ...(after ? { after } : {}) });
      all.push(...page.items);
      after = page.last;
    } while (after);
    return all;
  }

  delete(id: string): Promise<boolean> {
    return this.table.runConditional((doc, TableName) =>
      doc.send(new DeleteCommand({ TableName, Key: subscriptionKey(id), ConditionExpression: 'attribute_exists(pk)' })),
    );
  }

  async recordOutcome(id: string, outcome: DeliveryOutcome): Promise<void> {
    if (outcome.ok) {
      await this.table.runConditional((doc, TableName) =>
        doc.send(
          new UpdateCommand({
            TableName,
            Key: subscriptionKey(id),
            UpdateExpression: 'SET #status = :active, consecutiveFailures = :zero, lastDeliveredAt = :at',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':active': 'active', ':zero': 0, ':at': outcome.at },
          }),
        ),
      );
      return;
    }
    // A refusal (4xx, a robot's configuration error) marks it failing at once; timeouts and 5xx
    // only after FAILING_AFTER deliveries in a row ran out of retries.
    await this.table.runConditional((doc, TableName) =>
      doc.send(
        new UpdateCommand({
          TableName,
          Key: subscriptionKey(id),
          UpdateExpression:
            'SET consecutiveFailures = if_not_exists(consecutiveFailures, :zero) + :one, lastError = :error' + (outcome.permanent ? ', #status = :failing' : ''),
          ConditionExpression: 'attribute_exists(pk)',
          ...(outcome.permanent ? { ExpressionAttributeNames: { '#status': 'status' } } : {}),
          ExpressionAttributeValues: {
            ':zero': 0,
            ':one': 1,
            ':error': { at: outcome.at, reason: outcome.reason },
            ...(outcome.permanent ? { ':failing': 'failing' } : {}),
          },
        }),
      ),
    );
    if (!outcome.permanent) {
      await this.table.runConditional((doc, TableName) =>
        doc.send(
          new UpdateCommand({
            TableName,
            Key: subscriptionKey(id),
            UpdateExpression: 'SET #status = :failing',
            ConditionExpression: 'attribute_exists(pk) AND consecutiveFailures >= :n',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':failing': 'failing', ':n': FAILING_AFTER },
          }),
        ),
      );
    }
  }
}
