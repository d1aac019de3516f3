import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type {
  CaseFilter,
  CaseRecord,
  CaseRepository,
  HistoryEntry,
  IdempotencyClaim,
  IdempotentResult,
  LinkedCase,
  StoredCase,
  FreshCaseRecord,
  StoredResponse,
} from '../domain/cases';
import { isClosed } from '../domain/case-actions';
import { summarize, type Deadline, type DeadlineSummary } from '../domain/deadlines';
import { AppError, idempotencyKeyReused, invalidField } from '../domain/errors';
import type { PageRequest, StorePage } from '../domain/paging';
import { claimPut, findStoredResponse } from './idempotency';
import { dateRange, queryPage } from './query-page';
import { deadlineDelete, deadlinePut, isIndexed, sameItem } from './deadline-items';
import { agencyKey, caseKey, caseNumberKey, historySortKey, linkKey, stripKeys } from './keys';
import { caseMatches, searchCaseIds, searchPuts } from './case-search';
import { writeConflict } from '../retry';
import type { Table } from './table';
import { transactWrite, type TransactItem } from './transactions';

export function caseItem(record: CaseRecord) {
  const position = `${record.receivedOn}#${record.id}`;
  return {
    ...caseKey(record.id),
    entity: 'case',
    ...record,
    deadlines: record.deadlines.map(summarize),
    gsi1pk: 'CASE',
    gsi1sk: position,
    gsi2pk: `AGENCY#${record.agencyId}#CASE`,
    gsi2sk: position,
    gsi3pk: isClosed(record.kind, record.status) ? 'CASE#CLOSED' : 'CASE#OPEN',
    gsi3sk: position,
  };
}

/** The deadlines the board and the sweep must find: not met, not cancelled, not paused. */
function indexed<D extends DeadlineSummary>(deadlines: readonly D[] | undefined): Map<string, D> {
  return new Map((deadlines ?? []).filter(isIndexed).map((deadline) => [deadline.key, deadline]));
}

/**
 * The deadline items to write with a case change (same transaction): new or moved open deadlines
 * are put, ones no longer open are deleted, unchanged ones are left alone.
 */
export function deadlineWrites(tableName: string, before: CaseRecord | undefined, after: FreshCaseRecord): TransactItem[] {
  const old = indexed(before?.deadlines);
  const now = indexed<Deadline>(after.deadlines);
  const major = after.major ?? false;
  const owner = { pk: caseKey(after.id).pk, caseId: after.id, caseNumber: after.caseNumber, kind: after.kind, agencyId: after.agencyId, major };
  // The board shows whether the case is major: marking it rewrites its open deadlines.
  const sameOwner = before !== undefined && before.agencyId === after.agencyId && before.caseNumber === after.caseNumber && (before.major ?? false) === major;
  const writes: TransactItem[] = [];
  for (const [key, deadline] of now) {
    const previous = old.get(key);
    if (previous && sameOwner && sameItem(previous, deadline)) continue;
    writes.push(deadlinePut(tableName, owner, deadline));
  }
  for (const key of old.keys()) if (!now.has(key)) writes.push(deadlineDelete(tableName, owner.pk, key));
  return writes;
}

/** `entryId` orders entries written together (a monotonic id); by default a fresh ULID. */
export function historyPut(tableName: string, caseId: string, entry: HistoryEntry, entryId: string = ulid()): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: { pk: caseKey(caseId).pk, sk: historySortKey(entryId), entity: 'history', ...entry },
      // Append-only: an entry is never overwritten.
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

type Idempotency = { claim: IdempotencyClaim; response: StoredResponse } | undefined;

/**
 * The one transaction that registers a case: the case, its case-number guard, the agency check,
 * the first history entry, the link to a related case, the idempotency claim and the deadline
 * index items. (Exported for the bench, which issues the same transaction directly.)
 */
export function registrationItems(
  TableName: string,
  record: FreshCaseRecord,
  history: HistoryEntry,
  idempotency: Idempotency,
  nowMs: number,
): { items: TransactItem[]; relatedIndex: number; claimIndex: number } {
  const items: TransactItem[] = [
    { Put: { TableName, Item: caseItem(record), ConditionExpression: 'attribute_not_exists(pk)' } },
    {
      Put: {
        TableName,
        Item: { ...caseNumberKey(record.kind, record.caseNumber), entity: 'case-number', caseId: record.id },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    { ConditionCheck: { TableName, Key: agencyKey(record.agencyId), ConditionExpression: 'attribute_exists(pk)' } },
    historyPut(TableName, record.id, history),
  ];
  const related = record.relatedCaseId;
  const relatedIndex = items.length;
  if (related) {
    items.push(
      {
        ConditionCheck: {
          TableName,
          Key: caseKey(related),
          ConditionExpression: 'attribute_exists(pk) AND kind = :reconsideration',
          ExpressionAttributeValues: { ':reconsideration': 'reconsideration' },
        },
      },
      {
        Put: {
          TableName,
          Item: { ...linkKey(related, record.id), entity: 'case-link', id: record.id, kind: record.kind, caseNumber: record.caseNumber },
        },
      },
    );
  }
  const claimIndex = items.length;
  if (idempotency) items.push(claimPut(TableName, idempotency.claim, idempotency.response, nowMs));
  items.push(...deadlineWrites(TableName, undefined, record));
  // GET /cases?q=: the case number and each party's name as search keys (case-search.ts).
  items.push(...searchPuts(TableName, record));
  return { items, relatedIndex, claimIndex };
}

export class DynamoCaseRepository implements CaseRepository {
  constructor(
    private readonly table: Table,
    private readonly nowMs: () => number = Date.now,
  ) {}

  async create(record: FreshCaseRecord, history: HistoryEntry, idempotency: Idempotency): Promise<IdempotentResult<FreshCaseRecord>> {
    const { items, relatedIndex, claimIndex } = registrationItems(this.table.name, record, history, idempotency, this.nowMs());
    const related = record.relatedCaseId;
    const codes = await transactWrite(this.table, items);
    if (!codes) return { kind: 'done', value: record };
    if (idempotency && codes[claimIndex] === 'ConditionalCheckFailed') return this.replay(idempotency.claim);
    if (codes[1] === 'ConditionalCheckFailed') {
      const kind = record.kind === 'reconsideration' ? '行政复议' : '行政应诉';
      throw new AppError(
        'conflict',
        'CASE_NUMBER_TAKEN',
        {
          zh: `案号 ${record.caseNumber} 已登记为${kind}案件`,
          en: `case number ${record.caseNumber} is already registered for a ${record.kind} case`,
        },
        { errors: [{ in: 'body', path: 'caseNumber', message: { zh: '该案号已登记', en: 'is already registered' } }] },
      );
    }
    if (codes[2] === 'ConditionalCheckFailed') throw invalidField(
        'agencyId',
        { zh: `没有简称为 ${record.agencyId} 的机关，请先登记该机关`, en: `no agency ${record.agencyId}; register it first` },
        'UNKNOWN_AGENCY',
      );
    if (related && codes[relatedIndex] === 'ConditionalCheckFailed') {
      throw invalidField(
        'relatedCaseId',
        { zh: '应为已登记的行政复议案件编号', en: 'must be the id of a registered reconsideration case' },
        'UNKNOWN_RELATED_CASE',
      );
    }
    throw new AppError('conflict', 'CASE_EXISTS', { zh: '案件编号已被占用，请重试', en: 'the case id is taken; retry' });
  }

  async update(
    record: FreshCaseRecord,
    previous: CaseRecord,
    history: HistoryEntry,
    idempotency: Idempotency,
  ): Promise<IdempotentResult<FreshCaseRecord>> {
    const TableName = this.table.name;
    const expectedVersion = previous.version;
    const items: TransactItem[] = [
      {
        Put: {
          TableName,
          Item: caseItem(record),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': expectedVersion },
        },
      },
      historyPut(TableName, record.id, history),
    ];
    const claimIndex = items.length;
    if (idempotency) items.push(claimPut(TableName, idempotency.claim, idempotency.response, this.nowMs()));
    items.push(...deadlineWrites(TableName, previous, record));
    const codes = await transactWrite(this.table, items);
    if (!codes) return { kind: 'done', value: record };
    if (idempotency && codes[claimIndex] === 'ConditionalCheckFailed') return this.replay(idempotency.claim);
    if (codes[0] === 'ConditionalCheckFailed') return { kind: 'stale' };
    throw writeConflict();
  }

  private async replay(claim: IdempotencyClaim): Promise<IdempotentResult<FreshCaseRecord>> {
    const stored = await this.findResponse(claim);
    if (stored === 'mismatch') throw idempotencyKeyReused();
    if (!stored) throw writeConflict({ zh: '幂等记录正被同时修改，请稍后重试', en: 'the idempotency record changed meanwhile; retry' });
    return { kind: 'replay', response: stored };
  }

  findResponse(claim: IdempotencyClaim): Promise<StoredResponse | 'mismatch' | undefined> {
    return findStoredResponse(this.table, claim, this.nowMs());
  }

  async get(id: string): Promise<StoredCase | undefined> {
    const result = await this.table.run((doc, TableName) =>
      doc.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :case)',
          ExpressionAttributeValues: { ':pk': caseKey(id).pk, ':case': 'CASE' },
          ConsistentRead: true,
        }),
      ),
    );
    let record: CaseRecord | undefined;
    const linkedCases: LinkedCase[] = [];
    for (const item of result.Items ?? []) {
      if (item.sk === 'CASE') record = stripKeys<CaseRecord>(item);
      else linkedCases.push({ id: item.id as string, kind: item.kind as LinkedCase['kind'], caseNumber: item.caseNumber as string });
    }
    return record ? { record, linkedCases } : undefined;
  }

  async list(filter: CaseFilter, page: PageRequest): Promise<StorePage<CaseRecord>> {
    const { q, ...rest } = filter;
    if (q === undefined) return queryPage<CaseRecord>(this.table, { ...planCaseQuery(rest), ScanIndexForward: false }, page);
    // A search: the matching ids from the search keys, then each case by its key; the other
    // filters apply to the cases found (a page may hold fewer than `limit`, as with any filter).
    const found = await searchCaseIds(this.table, q, { ...(rest.agencyId ? { agencyId: rest.agencyId } : {}), ...(rest.kind ? { kind: rest.kind } : {}) }, page);
    const records = await Promise.all(found.items.map((id) => this.get(id)));
    return {
      items: records.flatMap((stored) => (stored && caseMatches(stored.record, rest) ? [stored.record] : [])),
      ...(found.last ? { last: found.last } : {}),
    };
  }

  async history(id: string, page: PageRequest): Promise<StorePage<HistoryEntry>> {
    const result = await this.table.run((doc, TableName) =>
      doc.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :hist)',
          ExpressionAttributeValues: { ':pk': caseKey(id).pk, ':hist': 'HIST#' },
          Limit: page.limit,
          ...(page.after ? { ExclusiveStartKey: page.after } : {}),
        }),
      ),
    );
    return {
      items: (result.Items ?? []).map((item) => stripKeys<HistoryEntry>(item)),
      ...(result.LastEvaluatedKey ? { last: result.LastEvaluatedKey } : {}),
    };
  }
}

type PlannedQuery = Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>;

/**
 * Picks the index that narrows a listing most: by agency, else by open/closed, else all cases by
 * date; the rest of the filter is a FilterExpression on that index (never a Scan).
 */
export function planCaseQuery(filter: CaseFilter): PlannedQuery {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const filters: string[] = [];
  let index: 'gsi1' | 'gsi2' | 'gsi3';
  if (filter.agencyId) {
    index = 'gsi2';
    values[':pk'] = `AGENCY#${filter.agencyId}#CASE`;
  } else if (filter.open !== undefined) {
    index = 'gsi3';
    values[':pk'] = filter.open ? 'CASE#OPEN' : 'CASE#CLOSED';
  } else {
    index = 'gsi1';
    values[':pk'] = 'CASE';
  }
  const keyCondition = `${index}pk = :pk${dateRange(index, filter.receivedFrom, filter.receivedTo, values)}`;
  if (filter.kind) {
    filters.push('#kind = :kind');
    names['#kind'] = 'kind';
    values[':kind'] = filter.kind;
  }
  if (filter.status) {
    filters.push('#status = :status');
    names['#status'] = 'status';
    values[':status'] = filter.status;
  }
  if (filter.open !== undefined && index !== 'gsi3') {
    filters.push('gsi3pk = :open');
    values[':open'] = filter.open ? 'CASE#OPEN' : 'CASE#CLOSED';
  }
  return {
    IndexName: index,
    KeyConditionExpression: keyCondition,
    ExpressionAttributeValues: values,
    ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
    ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
  };
}
