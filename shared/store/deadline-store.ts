import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BoardEntry, BoardFilter, DeadlineBoard } from '../domain/deadline-board';
import type { PageRequest, StorePage } from '../domain/paging';
import { dateRange, queryPage } from './query-page';
import type { Table } from './table';

/** Reads open deadlines through the due-date indexes: gsi3 (all) or gsi2 (one agency). */
export class DynamoDeadlineBoard implements DeadlineBoard {
  constructor(private readonly table: Table) {}

  list(filter: BoardFilter, page: PageRequest): Promise<StorePage<BoardEntry>> {
    const index = filter.agencyId ? 'gsi2' : 'gsi3';
    const values: Record<string, unknown> = { ':pk': filter.agencyId ? `AGENCY#${filter.agencyId}#DUE` : 'DUE' };
    const condition = `${index}pk = :pk${dateRange(index, filter.dueFrom, filter.dueTo, values)}`;
    if (filter.type) values[':type'] = filter.type;
    return queryPage<BoardEntry>(
      this.table,
      {
        IndexName: index,
        KeyConditionExpression: condition,
        ExpressionAttributeValues: values,
        ...(filter.type ? { FilterExpression: '#type = :type', ExpressionAttributeNames: { '#type': 'type' } } : {}),
      },
      page,
    );
  }

  unalerted(dueTo: string, page: PageRequest): Promise<StorePage<BoardEntry>> {
    const values: Record<string, unknown> = { ':pk': 'SWEEP' };
    return queryPage<BoardEntry>(
      this.table,
      { IndexName: 'gsi1', KeyConditionExpression: `gsi1pk = :pk${dateRange('gsi1', undefined, dueTo, values)}`, ExpressionAttributeValues: values },
      page,
    );
  }

  async settle(entry: BoardEntry): Promise<void> {
    const pk = entry.hearing ? `HEARING#${entry.hearing.id}` : `CASE#${entry.caseId}`;
    // Not settled when moved or gone since it was read: its new due date will be swept on its own.
    await this.table.runConditional((doc, TableName) =>
      doc.send(
        new UpdateCommand({
          TableName,
          Key: { pk, sk: `DL#${entry.key}` },
          UpdateExpression: 'REMOVE gsi1pk, gsi1sk',
          ConditionExpression: 'dueOn = :dueOn',
          ExpressionAttributeValues: { ':dueOn': entry.dueOn },
        }),
      ),
    );
  }
}
