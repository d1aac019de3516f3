import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Alert, AlertRepository } from '../domain/alerts';
import type { PageRequest, StorePage } from '../domain/paging';
import { dateRange, queryPage } from './query-page';
import type { Table } from './table';

export class DynamoAlertRepository implements AlertRepository {
  constructor(private readonly table: Table) {}

  raise(alert: Alert): Promise<boolean> {
    return this.table.runConditional((doc, TableName) =>
      doc.send(
        new PutCommand({
          TableName,
          Item: { pk: `ALERT#${alert.id}`, sk: 'ALERT', entity: 'alert', ...alert, gsi1pk: 'ALERT', gsi1sk: `${alert.raisedOn}#${alert.id}` },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
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
