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
}
