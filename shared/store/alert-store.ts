import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Alert, AlertRepository, SweepState } from '../domain/alerts';
import type { PageRequest, StorePage } from '../domain/paging';
import { dateRange, queryPage } from './query-page';
import type { Table } from './table';

export class DynamoAlertRepository implements AlertRepository {
  constructor(private readonly table: Table) {}

  async raise(alert: Alert): Promise<boolean> {
    try {
      await this.table.run((doc, TableName) =>
        doc.send(
          new PutCommand({
            TableName,
            Item: {
              pk: `ALERT#${alert.id}`,
              sk: 'ALERT',
              entity: 'alert',
              ...alert,
              gsi1pk: 'ALERT',
              gsi1sk: `${alert.raisedOn}#${alert.id}`,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  since(date: string, page: PageRequest): Promise<StorePage<Alert>> {
    const values: Record<string, unknown> = { ':pk': 'ALERT' };
    return queryPage<Alert>(
      this.table,
      { IndexName: 'gsi1', KeyConditionExpression: `gsi1pk = :pk${dateRange('gsi1', date, undefined, values)}`, ExpressionAttributeValues: values },
      page,
    );
  }
}

const stateKey = { pk: 'SWEEP', sk: 'STATE' };

export class DynamoSweepState implements SweepState {
  constructor(private readonly table: Table) {}

  async lastRunOn(): Promise<string | undefined> {
    const result = await this.table.run((doc, TableName) => doc.send(new GetCommand({ TableName, Key: stateKey, ConsistentRead: true })));
    return result.Item?.lastRunOn as string | undefined;
  }

  async markRun(today: string): Promise<void> {
    await this.table.run((doc, TableName) =>
      doc.send(new PutCommand({ TableName, Item: { ...stateKey, entity: 'sweep-state', lastRunOn: today } })),
    );
  }
}
