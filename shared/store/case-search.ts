import { BatchWriteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { isClosed } from '../domain/case-actions';
import type { CaseFilter, CaseRecord } from '../domain/cases';
import type { CaseKind } from '../domain/enums';
import type { PageRequest, StorePage } from '../domain/paging';
import { caseKey, normalizeCaseNumber } from './keys';
import { queryPage } from './query-page';
import type { Table } from './table';
import type { TransactItem } from './transactions';

/**
 * Search keys of a case (GET /cases?q=), on the existing indexes with their own key prefixes, so
 * a search is a Query and never a Scan. Under the case's own partition:
 *
 *   CASE#<id> / FIND#NO              gsi1 FIND#NO / <case number>#<id>          (exact or prefix)
 *                                    gsi2 AGENCY#<agency>#FIND#NO / <case number>#<id>
 *   CASE#<id> / FIND#PARTY#<name>    gsi1 FIND#PARTY#<name> / <receivedOn>#<id>  (exact name)
 *                                    gsi2 AGENCY#<agency>#FIND#PARTY#<name> / <receivedOn>#<id>
 *
 * Written in the registration's transaction; a case's number, agency and parties never change
 * afterwards, so the items never need rewriting.
 */
export interface Searchable {
  id: string;
  kind: CaseKind;
  caseNumber: string;
  agencyId: string;
  receivedOn: string;
  parties: readonly { name: string }[];
}

/** Names are compared after NFKC normalisation without spaces (全角 and 半角 forms alike). */
export function normalizePartyName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '');
}

export function searchItems(record: Searchable): Record<string, unknown>[] {
  const number = normalizeCaseNumber(record.caseNumber);
  const base = { pk: caseKey(record.id).pk, entity: 'case-search', caseId: record.id, kind: record.kind, number };
  const byNumber = `${number}#${record.id}`;
  const items: Record<string, unknown>[] = [
    {
      ...base,
      sk: 'FIND#NO',
      gsi1pk: 'FIND#NO',
      gsi1sk: byNumber,
      gsi2pk: `AGENCY#${record.agencyId}#FIND#NO`,
      gsi2sk: byNumber,
    },
  ];
  const position = `${record.receivedOn}#${record.id}`;
  for (const name of new Set(record.parties.map((p) => normalizePartyName(p.name)))) {
    items.push({
      ...base,
      sk: `FIND#PARTY#${name}`,
      gsi1pk: `FIND#PARTY#${name}`,
      gsi1sk: position,
      gsi2pk: `AGENCY#${record.agencyId}#FIND#PARTY#${name}`,
      gsi2sk: position,
    });
  }
  return items;
}

export function searchPuts(TableName: string, record: Searchable): TransactItem[] {
  return searchItems(record).map((Item) => ({ Put: { TableName, Item } }));
}

/** A listing's filter applied to one case (search results are read by key, not through an index). */
export function caseMatches(record: CaseRecord, filter: Omit<CaseFilter, 'q'>): boolean {
  if (filter.kind && record.kind !== filter.kind) return false;
  if (filter.agencyId && record.agencyId !== filter.agencyId) return false;
  if (filter.status && record.status !== filter.status) return false;
  if (filter.receivedFrom && record.receivedOn < filter.receivedFrom) return false;
  if (filter.receivedTo && record.receivedOn > filter.receivedTo) return false;
  if (filter.open !== undefined && filter.open === isClosed(record.kind, record.status)) return false;
  return true;
}

export interface SearchScope {
  /** an agency head's agency, or the agency the caller filtered by */
  agencyId?: string;
  kind?: CaseKind;
}

type Phase = 'number' | 'party';

/**
 * The ids of the cases a query matches, newest first within each kind of match: first the case
 * numbers starting with `q` (an exact number is its own prefix), then the cases with a party of
 * exactly that name (skipping those already found by number). The page position carries the phase.
 */
export async function searchCaseIds(table: Table, q: string, scope: SearchScope, page: PageRequest): Promise<StorePage<string>> {
  const { phase: givenPhase, ...afterKey } = page.after ?? {};
  let phase: Phase = givenPhase === 'party' ? 'party' : 'number';
  const number = normalizeCaseNumber(q);
  const name = normalizePartyName(q);
  const index = scope.agencyId ? 'gsi2' : 'gsi1';
  const partition = (suffix: string) => (scope.agencyId ? `AGENCY#${scope.agencyId}#${suffix}` : suffix);
  const kindFilter = scope.kind ? { FilterExpression: '#kind = :kind', ExpressionAttributeNames: { '#kind': 'kind' } } : {};
  const kindValue = scope.kind ? { ':kind': scope.kind } : {};
  const ids: string[] = [];
  let after: Record<string, unknown> | undefined = Object.keys(afterKey).length > 0 ? afterKey : undefined;

  if (phase === 'number') {
    const found = await queryPage<{ caseId: string }>(
      table,
      {
        IndexName: index,
        KeyConditionExpression: `${index}pk = :pk AND begins_with(${index}sk, :prefix)`,
        ExpressionAttributeValues: { ':pk': partition('FIND#NO'), ':prefix': number, ...kindValue },
        ...kindFilter,
      },
      { limit: page.limit, ...(after ? { after } : {}) },
    );
    ids.push(...found.items.map((item) => item.caseId));
    if (found.last) return { items: ids, last: { ...found.last, phase: 'number' } };
    if (ids.length === page.limit) return { items: ids, last: { phase: 'party' } };
    phase = 'party';
    after = undefined;
  }
  const found = await queryPage<{ caseId: string; number: string }>(
    table,
    {
      IndexName: index,
      KeyConditionExpression: `${index}pk = :pk`,
      ExpressionAttributeValues: { ':pk': partition(`FIND#PARTY#${name}`), ...kindValue },
      ScanIndexForward: false,
      ...kindFilter,
    },
    { limit: page.limit - ids.length, ...(after ? { after } : {}) },
  );
  for (const item of found.items) if (!item.number.startsWith(number)) ids.push(item.caseId);
  return { items: ids, ...(found.last ? { last: { ...found.last, phase: 'party' } } : {}) };
}

const MIGRATION_KEY = { pk: 'MIGRATION#case-search', sk: 'MIGRATION' };

/**
 * Cases registered before search existed get their search items: every case (read by the gsi1
 * CASE collection, a Query) once, then a marker so later starts skip it (`force` runs it again,
 * e.g. on a table restored from a backup taken before). Idempotent (Puts of the same items).
 */
export async function backfillCaseSearch(table: Table, options: { force?: boolean } = {}): Promise<{ cases: number }> {
  if (!options.force) {
    const done = await table.run((doc, TableName) => doc.send(new GetCommand({ TableName, Key: MIGRATION_KEY, ConsistentRead: true })));
    if (done.Item) return { cases: 0 };
  }
  let cases = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.run((doc, TableName) =>
      doc.send(
        new QueryCommand({
          TableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :case',
          ExpressionAttributeValues: { ':case': 'CASE' },
          ProjectionExpression: 'id, kind, caseNumber, agencyId, receivedOn, parties',
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      ),
    );
    const items = (page.Items ?? []).flatMap((item) => searchItems(item as unknown as Searchable));
    for (let i = 0; i < items.length; i += 25) await batchPut(table, items.slice(i, i + 25));
    cases += page.Items?.length ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  await table.run((doc, TableName) => doc.send(new PutCommand({ TableName, Item: { ...MIGRATION_KEY, entity: 'migration', cases } })));
  return { cases };
}

async function batchPut(table: Table, items: Record<string, unknown>[]): Promise<void> {
  let pending = items.map((Item) => ({ PutRequest: { Item } }));
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
    const result = await table.run((doc, TableName) => doc.send(new BatchWriteCommand({ RequestItems: { [TableName]: pending } })));
    pending = (Object.values(result.UnprocessedItems ?? {})[0] ?? []) as typeof pending;
    if (attempt > 8) throw new Error('search backfill: unprocessed items after retries');
  }
}
