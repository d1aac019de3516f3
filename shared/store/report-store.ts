import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { MonthlyReport, ReportRepository } from '../domain/reports';
import { stripKeys } from './keys';
import type { Table } from './table';

export class DynamoReportRepository implements ReportRepository {
  constructor(private readonly table: Table) {}

  put(report: MonthlyReport): Promise<boolean> {
    return this.table.runConditional((doc, TableName) =>
      doc.send(
        new PutCommand({
          TableName,
          Item: { pk: `REPORT#${report.month}`, sk: 'REPORT', entity: 'report', ...report, gsi1pk: 'REPORT', gsi1sk: report.month },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async list(): Promise<MonthlyReport[]> {
    const result = await this.table.run((doc, TableName) =>
      doc.send(
        new QueryCommand({
          TableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': 'REPORT' },
          ScanIndexForward: false,
          Limit: 120,
        }),
      ),
    );
    return (result.Items ?? []).map((item) => stripKeys<MonthlyReport>(item));
  }
}
