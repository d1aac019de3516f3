import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { FreshCaseRecord, HistoryEntry } from '../domain/cases';
import type { Deadline } from '../domain/deadlines';
import type { CaseKind } from '../domain/enums';
import type { Hearing, HearingChange } from '../domain/hearings';
import { historyPut, registrationItems } from './case-store';
import { deadlinePut, isIndexed } from './deadline-items';
import { hearingItem } from './hearing-store';
import { newId } from './ids';
import { agencyKey, caseKey, caseNumberKey, hearingKey } from './keys';
import type { Table } from './table';
import { transactWrite, type TransactItem } from './transactions';

/**
 * What an imported ledger row writes: the case as its registration and steps made it, with every
 * history entry, and its hearings with their attendance — the items the API writes for the same
 * requests, in one transaction per case instead of one per request.
 */
export interface CaseBundle {
  record: FreshCaseRecord;
  /** registration first, then each step, in order */
  histories: HistoryEntry[];
  hearings: { hearing: Hearing; histories: HearingChange['history'][]; deadline: Deadline }[];
}

export type BundleWrite = 'written' | 'case-exists' | 'number-taken';

/** The items of one case's transaction (at most 100: the importer bounds parties and hearings). */
export function bundleItems(TableName: string, bundle: CaseBundle, nowMs: number): TransactItem[] {
  const { record } = bundle;
  const registration = registrationItems(TableName, record, bundle.histories[0]!, undefined, nowMs).items;
  const agency = agencyKey(record.agencyId).pk;
  const items = registration
    // The agency was checked before any row was written (agencies are never deleted); without its
    // ConditionCheck, cases written side by side do not collide on the agency item (TransactionConflict).
    .filter((item) => item.ConditionCheck?.Key?.pk !== agency)
    // Entries written together are ordered by monotonic ids, so the trail reads register, accept, decide…
    .map((item) => (item.Put?.Item?.entity === 'history' ? historyPut(TableName, record.id, bundle.histories[0]!, newId()) : item));
  for (const entry of bundle.histories.slice(1)) items.push(historyPut(TableName, record.id, entry, newId()));
  for (const { hearing, histories, deadline } of bundle.hearings) {
    items.push({ Put: { TableName, Item: hearingItem(hearing), ConditionExpression: 'attribute_not_exists(pk)' } });
    for (const entry of histories) items.push(historyPut(TableName, record.id, entry, newId()));
    if (isIndexed(deadline)) {
      const owner = {
        pk: hearingKey(hearing.id).pk,
        caseId: hearing.caseId,
        caseNumber: hearing.caseNumber,
        kind: hearing.caseKind,
        agencyId: hearing.agencyId,
        hearing: { id: hearing.id, scheduledAt: hearing.scheduledAt },
      };
      items.push(deadlinePut(TableName, owner, deadline));
    }
  }
  return items;
}

export interface ImportJob {
  id: string;
  status: 'running' | 'done' | 'failed';
  rows: number;
  rowsDone: number;
  createdAt: string;
  updatedAt: string;
  startedBy: { sub: string; name: string };
  report?: Record<string, unknown>;
}

const jobKey = (id: string) => ({ pk: `IMPORT#${id}`, sk: 'IMPORT' });
const chunkKey = (id: string, n: number) => ({ pk: `IMPORT#${id}`, sk: `ROWS#${String(n).padStart(4, '0')}` });
/** Import records are kept 30 days (DynamoDB's TTL deletes them). */
const JOB_TTL_SECONDS = 30 * 86_400;
/** Below DynamoDB's 400 KB item limit, with room for the keys. */
const CHUNK_CHARS = 120_000;

export class DynamoLedgerStore {
  constructor(
    private readonly table: Table,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** Writes a case with its steps and hearings, all or nothing. */
  async writeBundle(bundle: CaseBundle): Promise<BundleWrite> {
    const items = bundleItems(this.table.name, bundle, this.nowMs());
    const codes = await transactWrite(this.table, items);
    if (!codes) return 'written';
    const failed = (entity: string) => items.some((item, i) => item.Put?.Item?.entity === entity && codes[i] === 'ConditionalCheckFailed');
    if (failed('case')) return 'case-exists';
    if (failed('case-number')) return 'number-taken';
    // A hearing id taken: ids are fresh ULIDs, so this is the same bundle written before.
    return 'case-exists';
  }

  /** The id of the case registered under a number, if any. */
  async caseIdOf(kind: CaseKind, caseNumber: string): Promise<string | undefined> {
    const result = await this.table.run((doc, TableName) =>
      doc.send(new GetCommand({ TableName, Key: caseNumberKey(kind, caseNumber), ConsistentRead: true })),
    );
    return result.Item?.caseId as string | undefined;
  }

  /**
   * Removes a case an import wrote (its compensation when the import cannot complete): every item
   * of the case's partition (the case, history, deadline and search items), its case-number guard,
   * and its hearings' items. The stream aggregator takes the removals back out of the statistics.
   */
  async removeImportedCase(caseId: string, kind: CaseKind, caseNumber: string, hearingIds: readonly string[]): Promise<void> {
    const keys: { pk: string; sk: string }[] = [];
    for (const pk of [caseKey(caseId).pk, ...hearingIds.map((id) => hearingKey(id).pk)]) keys.push(...(await this.keysOf(pk)));
    const deletes: TransactItem[] = keys.map((Key) => ({ Delete: { TableName: this.table.name, Key } }));
    deletes.push({
      Delete: {
        TableName: this.table.name,
        Key: caseNumberKey(kind, caseNumber),
        ConditionExpression: 'attribute_not_exists(pk) OR caseId = :id',
        ExpressionAttributeValues: { ':id': caseId },
      },
    });
    for (let i = 0; i < deletes.length; i += 100) await transactWrite(this.table, deletes.slice(i, i + 100));
  }

  private async keysOf(pk: string): Promise<{ pk: string; sk: string }[]> {
    const keys: { pk: string; sk: string }[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.table.run((doc, TableName) =>
        doc.send(
          new QueryCommand({
            TableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': pk },
            ProjectionExpression: 'pk, sk',
            ConsistentRead: true,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        ),
      );
      for (const item of page.Items ?? []) keys.push({ pk: String(item.pk), sk: String(item.sk) });
      start = page.LastEvaluatedKey;
    } while (start);
    return keys;
  }

  /** A background import: its record, and its prepared rows in chunks. */
  async createJob(job: ImportJob, rows: readonly unknown[]): Promise<void> {
    const expiresAt = Math.floor(this.nowMs() / 1000) + JOB_TTL_SECONDS;
    const chunks: string[] = [];
    let current: unknown[] = [];
    let size = 0;
    for (const row of rows) {
      const text = JSON.stringify(row);
      if (size + text.length > CHUNK_CHARS && current.length > 0) {
        chunks.push(JSON.stringify(current));
        current = [];
        size = 0;
      }
      current.push(row);
      size += text.length;
    }
    if (current.length > 0) chunks.push(JSON.stringify(current));
    for (const [n, rowsJson] of chunks.entries()) {
      await this.table.run((doc, TableName) =>
        doc.send(new PutCommand({ TableName, Item: { ...chunkKey(job.id, n), entity: 'import-rows', rows: rowsJson, expiresAt } })),
      );
    }
    await this.table.run((doc, TableName) =>
      doc.send(new PutCommand({ TableName, Item: { ...jobKey(job.id), entity: 'import', ...job, chunks: chunks.length, expiresAt } })),
    );
  }

  async job(id: string): Promise<ImportJob | undefined> {
    const result = await this.table.run((doc, TableName) => doc.send(new GetCommand({ TableName, Key: jobKey(id), ConsistentRead: true })));
    if (!result.Item) return undefined;
    const { pk: _pk, sk: _sk, entity: _entity, chunks: _chunks, expiresAt: _expiresAt, ...job } = result.Item;
    return job as ImportJob;
  }

  async jobRows<R>(id: string): Promise<R[]> {
    const rows: R[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.table.run((doc, TableName) =>
        doc.send(
          new QueryCommand({
            TableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :rows)',
            ExpressionAttributeValues: { ':pk': jobKey(id).pk, ':rows': 'ROWS#' },
            ConsistentRead: true,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        ),
      );
      for (const item of page.Items ?? []) rows.push(...(JSON.parse(String(item.rows)) as R[]));
      start = page.LastEvaluatedKey;
    } while (start);
    return rows;
  }

  async progress(id: string, rowsDone: number, at: string): Promise<void> {
    await this.table.run((doc, TableName) =>
      doc.send(
        new UpdateCommand({
          TableName,
          Key: jobKey(id),
          UpdateExpression: 'SET rowsDone = :done, updatedAt = :at',
          ConditionExpression: '#status = :running',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':done': rowsDone, ':at': at, ':running': 'running' },
        }),
      ),
    );
  }

  async finish(id: string, status: 'done' | 'failed', rowsDone: number, report: Record<string, unknown>, at: string): Promise<void> {
    await this.table.run((doc, TableName) =>
      doc.send(
        new UpdateCommand({
          TableName,
          Key: jobKey(id),
          UpdateExpression: 'SET #status = :status, rowsDone = :done, report = :report, updatedAt = :at',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': status, ':done': rowsDone, ':report': report, ':at': at },
        }),
      ),
    );
  }
}
