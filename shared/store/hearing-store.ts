import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { IdempotencyClaim, IdempotentResult, StoredResponse } from '../domain/cases';
import type { Deadline } from '../domain/deadlines';
import { idempotencyKeyReused } from '../domain/errors';
import type { Hearing, HearingChange, HearingFilter, HearingRepository } from '../domain/hearings';
import type { PageRequest, StorePage } from '../domain/paging';
import { historyPut } from './case-store';
import { deadlineDelete, deadlinePut, isIndexed } from './deadline-items';
import { claimPut, findStoredResponse } from './idempotency';
import { hearingKey, stripKeys } from './keys';
import { dateRange, queryPage } from './query-page';
import { writeConflict } from '../retry';
import type { Table } from './table';
import { transactWrite, type TransactItem } from './transactions';

/** China dates → the UTC instants hearing times are sorted by. */
const dayStart = (date: string) => new Date(`${date}T00:00:00+08:00`).toISOString();
const dayEnd = (date: string) => new Date(`${date}T23:59:59.999+08:00`).toISOString();

export function hearingItem(hearing: Hearing) {
  const position = `${new Date(hearing.scheduledAt).toISOString()}#${hearing.id}`;
  return {
    ...hearingKey(hearing.id),
    entity: 'hearing',
    ...hearing,
    gsi1pk: 'HEARING',
    gsi1sk: position,
    gsi2pk: `AGENCY#${hearing.agencyId}#HEARING`,
    gsi2sk: position,
    gsi3pk: `CASE#${hearing.caseId}#HEARING`,
    gsi3sk: position,
  };
}

export class DynamoHearingRepository implements HearingRepository {
  constructor(private readonly table: Table) {}

  async get(id: string): Promise<Hearing | undefined> {
    const result = await this.table.run((doc, TableName) => doc.send(new GetCommand({ TableName, Key: hearingKey(id), ConsistentRead: true })));
    return result.Item ? stripKeys<Hearing>(result.Item) : undefined;
  }

  async save(
    change: HearingChange,
    expectedVersion: number | undefined,
    deadline: Deadline,
    idempotency?: { claim: IdempotencyClaim; response: StoredResponse },
  ): Promise<IdempotentResult<Hearing>> {
    const TableName = this.table.name;
    const { hearing } = change;
    const pk = hearingKey(hearing.id).pk;
    const items: TransactItem[] = [
      {
        Put: {
          TableName,
          Item: hearingItem(hearing),
          ...(expectedVersion === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } }),
        },
      },
      historyPut(TableName, hearing.caseId, change.history),
      isIndexed(deadline)
        ? deadlinePut(
            TableName,
            { pk, caseId: hearing.caseId, caseNumber: hearing.caseNumber, kind: hearing.caseKind, agencyId: hearing.agencyId, hearing: { id: hearing.id, scheduledAt: hearing.scheduledAt } },
            deadline,
          )
        : deadlineDelete(TableName, pk, deadline.key),
    ];
    if (idempotency) items.push(claimPut(TableName, idempotency.claim, idempotency.response, Date.now()));
    const codes = await transactWrite(this.table, items);
    if (!codes) return { kind: 'done', value: hearing };
    if (idempotency && codes[3] === 'ConditionalCheckFailed') {
      const stored = await this.findResponse(idempotency.claim);
      if (stored === 'mismatch') throw idempotencyKeyReused();
      if (stored) return { kind: 'replay', response: stored };
    }
    if (codes[0] === 'ConditionalCheckFailed') return { kind: 'stale' };
    throw writeConflict();
  }

  findResponse(claim: IdempotencyClaim): Promise<StoredResponse | 'mismatch' | undefined> {
    return findStoredResponse(this.table, claim, Date.now());
  }

  list(filter: HearingFilter, page: PageRequest): Promise<StorePage<Hearing>> {
    const index = filter.agencyId ? 'gsi2' : 'gsi1';
    const values: Record<string, unknown> = { ':pk': filter.agencyId ? `AGENCY#${filter.agencyId}#HEARING` : 'HEARING' };
    const condition = `${index}pk = :pk${dateRange(index, filter.from && dayStart(filter.from), filter.to && dayEnd(filter.to), values)}`;
    let filterExpression: string | undefined;
    if (filter.confirmation === 'pending') {
      filterExpression = 'attribute_type(confirmation, :null) AND #status = :scheduled';
      values[':null'] = 'NULL';
      values[':scheduled'] = 'scheduled';
    } else if (filter.confirmation === 'confirmed') {
      filterExpression = 'attribute_type(confirmation, :map)';
      values[':map'] = 'M';
    }
    return queryPage<Hearing>(
      this.table,
      {
        IndexName: index,
        KeyConditionExpression: condition,
        ExpressionAttributeValues: values,
        ...(filterExpression ? { FilterExpression: filterExpression } : {}),
        ...(filter.confirmation === 'pending' ? { ExpressionAttributeNames: { '#status': 'status' } } : {}),
      },
      page,
    );
  }

  async ofCase(caseId: string): Promise<Hearing[]> {
    const result = await this.table.run((doc, TableName) =>
      doc.send(
        new QueryCommand({
          TableName,
          IndexName: 'gsi3',
          KeyConditionExpression: 'gsi3pk = :pk',
          ExpressionAttributeValues: { ':pk': `CASE#${caseId}#HEARING` },
        }),
      ),
    );
    return (result.Items ?? []).map((item) => stripKeys<Hearing>(item));
  }
}
