import { BatchGetCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { AppError } from '../domain/errors';
import type { FreshCaseRecord, HistoryEntry } from '../domain/cases';
import type { Deadline } from '../domain/deadlines';
import type { CaseKind } from '../domain/enums';
import type { Hearing, HearingChange } from '../domain/hearings';
import { historyPut, registrationItems } from './case-store';
import { deadlinePut, isIndexed } from './deadline-items';
import { hearingItem } from './hearing-store';
import { newId } from './ids';
import { agencyKey, caseKey, caseNumberKey, hearingKey } from './keys';
import { pauseBeforeRetry } from '../retry';
import { readCounter, type Table } from './table';
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

export type ImportPhase = 'check' | 'write';

export interface ImportJob {
  id: string;
  status: 'running' | 'done' | 'failed';
  /** a dry run reports and writes no case */
  dryRun: boolean;
  /** `check`: the stored file is read and checked; `write`: the checked rows are written */
  phase: ImportPhase;
  rows: number;
  rowsDone: number;
  createdAt: string;
  updatedAt: string;
  startedBy: { sub: string; name: string };
  report?: Record<string, unknown>;
}

/** The items of an import share its partition: the record (sk IMPORT) and its parts (the file, the checked rows, a long report's errors). */
const jobPk = (id: string) => `IMPORT#${id}`;
const jobKey = (id: string) => ({ pk: jobPk(id), sk: 'IMPORT' });
const partKey = (id: string, prefix: string, n: number) => ({ pk: jobPk(id), sk: `${prefix}${String(n).padStart(4, '0')}` });
const FILE = 'FILE#';
const ERRORS = 'ERRORS#';
/** The checked rows of one run of the job (`ROWS#<run>#0000`…); a job stored before runs had ids kept them under `ROWS#0000`…. */
const rowsPrefix = (run: string | undefined) => (run ? `ROWS#${run}#` : 'ROWS#');
/** What the record holds besides the job. */
const RECORD_ONLY = ['pk', 'sk', 'entity', 'chunks', 'expiresAt', 'fileParts', 'fileBytes', 'rowsRun', 'rowParts', 'errorParts'];
/** Import records are kept 30 days (DynamoDB's TTL deletes them). */
const JOB_TTL_SECONDS = 30 * 86_400;
/** JSON per item: below DynamoDB's 400 KB item limit even when every character is 3 bytes of UTF-8 (Chinese), with room for the keys. */
const CHUNK_CHARS = 120_000;
/** File bytes per item (a binary attribute), below the 400 KB item limit with room for the keys: a 4 MB file is 12 items. */
const FILE_PART_BYTES = 350_000;
/** A report whose errors take more JSON than this keeps them in parts, out of its record (a record is one item too). */
const INLINE_ERRORS_CHARS = 100_000;
/** Parts written side by side. */
const PART_WIDTH = 8;
/** BatchGetItem takes at most 100 keys; a few calls run side by side. */
const BATCH_KEYS = 100;
const BATCH_WIDTH = 4;
/** Attempts at the keys BatchGetItem left unprocessed (throttled), with a growing pause between them. */
const BATCH_ATTEMPTS = 8;

/** Items as JSON arrays of at most CHUNK_CHARS each (an item is never split). */
function jsonChunks(items: readonly unknown[]): string[] {
  const chunks: string[] = [];
  let current: unknown[] = [];
  let size = 0;
  for (const item of items) {
    const text = JSON.stringify(item);
    if (size + text.length > CHUNK_CHARS && current.length > 0) {
      chunks.push(JSON.stringify(current));
      current = [];
      size = 0;
    }
    current.push(item);
    size += text.length;
  }
  if (current.length > 0) chunks.push(JSON.stringify(current));
  return chunks;
}

/**
 * Runs `work` on every item, at most `width` at a time; after a failure, once the calls in flight
 * have settled (so a clean-up that follows finds every write made), the first error is thrown.
 */
async function sideBySide<T>(items: readonly T[], width: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += width) {
    const results = await Promise.allSettled(items.slice(i, i + width).map((item, j) => work(item, i + j)));
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  }
}

function storedPartsMissing(id: string, what: string): Error {
  return new Error(`import ${id}: its stored ${what} are incomplete`);
}

export class DynamoLedgerStore {
  constructor(
    private readonly table: Table,
    private readonly nowMs: () => number = Date.now,
    private readonly filePartBytes: number = FILE_PART_BYTES,
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
   * The ids of the cases registered under many numbers at once (undefined where none), in the
   * order asked: BatchGetItem of the case-number guards, 100 keys a call, a few calls side by side,
   * consistent reads. Keys DynamoDB leaves unprocessed (throttling) are asked again after a pause
   * that grows (5–10 ms, 10–20 ms, … capped at 160–320 ms); still unprocessed after that, 503.
   */
  async caseIdsOf(numbers: readonly { kind: CaseKind; caseNumber: string }[]): Promise<(string | undefined)[]> {
    const keys = numbers.map((n) => caseNumberKey(n.kind, n.caseNumber));
    const unique = [...new Map(keys.map((key) => [key.pk, key])).values()];
    const found = new Map<string, string>();
    const batches: (typeof unique)[] = [];
    for (let i = 0; i < unique.length; i += BATCH_KEYS) batches.push(unique.slice(i, i + BATCH_KEYS));
    await sideBySide(batches, BATCH_WIDTH, async (batch) => {
      let pending: Record<string, unknown>[] = batch;
      for (let attempt = 1; pending.length > 0; attempt++) {
        if (attempt > BATCH_ATTEMPTS) {
          throw new AppError('unavailable', 'STORE_THROTTLED', { zh: '数据库繁忙，请稍后重试', en: 'the database is busy; retry shortly' }, { retryAfter: 1 });
        }
        if (attempt > 1) await pauseBeforeRetry(attempt - 1);
        const keysNow = pending;
        const result = await this.table.run((doc, TableName) =>
          doc.send(new BatchGetCommand({ RequestItems: { [TableName]: { Keys: keysNow, ConsistentRead: true, ProjectionExpression: 'pk, caseId' } } })),
        );
        const items = result.Responses?.[this.table.name] ?? [];
        readCounter.items += items.length;
        for (const item of items) if (typeof item.caseId === 'string') found.set(String(item.pk), item.caseId);
        pending = result.UnprocessedKeys?.[this.table.name]?.Keys ?? [];
      }
    });
    return keys.map((key) => found.get(key.pk));
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

  /**
   * A background import: the uploaded file in parts (a binary attribute each), then its record.
   * The record is written last, and only if no import has the id: until it exists the job is not
   * there at all (GET /imports/{id} is 404, a run finds nothing to do), so a failure midway leaves
   * no job that looks runnable — only parts, removed here at once if possible, else by the TTL.
   */
  async createJob(job: ImportJob, file: Uint8Array): Promise<void> {
    const expiresAt = Math.floor(this.nowMs() / 1000) + JOB_TTL_SECONDS;
    const parts: Uint8Array[] = [];
    for (let at = 0; at < file.byteLength; at += this.filePartBytes) parts.push(file.subarray(at, at + this.filePartBytes));
    try {
      await this.putParts(job.id, FILE, parts, expiresAt);
      await this.table.run((doc, TableName) =>
        doc.send(
          new PutCommand({
            TableName,
            Item: { ...jobKey(job.id), entity: 'import', ...job, fileParts: parts.length, fileBytes: file.byteLength, expiresAt },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
    } catch (error) {
      await Promise.allSettled(
        parts.map((_, n) => this.table.run((doc, TableName) => doc.send(new DeleteCommand({ TableName, Key: partKey(job.id, FILE, n) })))),
      );
      throw error;
    }
  }

  private async putParts(id: string, prefix: string, parts: readonly (string | Uint8Array)[], expiresAt: number): Promise<void> {
    await sideBySide(parts, PART_WIDTH, async (data, n) => {
      await this.table.run((doc, TableName) => doc.send(new PutCommand({ TableName, Item: { ...partKey(id, prefix, n), entity: 'import-part', data, expiresAt } })));
    });
  }

  /** The data of the parts under a prefix, in order; undefined unless there are exactly `count`. */
  private async parts(id: string, prefix: string, count: number): Promise<unknown[] | undefined> {
    const data: unknown[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.table.run((doc, TableName) =>
        doc.send(
          new QueryCommand({
            TableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: { ':pk': jobPk(id), ':prefix': prefix },
            ConsistentRead: true,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        ),
      );
      // Legacy row chunks kept their JSON in `rows`.
      for (const item of page.Items ?? []) data.push(item.data ?? item.rows);
      start = page.LastEvaluatedKey;
    } while (start);
    return data.length === count ? data : undefined;
  }

  private async record(id: string): Promise<Record<string, unknown> | undefined> {
    const result = await this.table.run((doc, TableName) => doc.send(new GetCommand({ TableName, Key: jobKey(id), ConsistentRead: true })));
    return result.Item;
  }

  /** The job; a long report's errors read back from their parts. */
  async job(id: string): Promise<ImportJob | undefined> {
    const item = await this.record(id);
    if (!item) return undefined;
    const job = Object.fromEntries(Object.entries(item).filter(([name]) => !RECORD_ONLY.includes(name))) as Partial<ImportJob>;
    const errorParts = typeof item.errorParts === 'number' ? item.errorParts : 0;
    if (job.report && errorParts > 0) {
      const parts = await this.parts(id, ERRORS, errorParts);
      if (!parts) throw storedPartsMissing(id, 'report errors');
      job.report = { ...job.report, errors: parts.flatMap((json) => JSON.parse(String(json)) as unknown[]) };
    }
    // A job stored before dry runs and checks ran in the background: a commit of checked rows.
    return { ...job, dryRun: job.dryRun ?? false, phase: job.phase ?? 'write' } as ImportJob;
  }

  /** The file a job was created with, whole (its parts are checked against the count and size the record holds). */
  async jobFile(id: string): Promise<Uint8Array> {
    const item = await this.record(id);
    const parts = item ? await this.parts(id, FILE, Number(item.fileParts)) : undefined;
    const bytes = parts ? Buffer.concat(parts.map((part) => part as Uint8Array)) : undefined;
    if (!bytes || bytes.byteLength !== Number(item?.fileBytes)) throw storedPartsMissing(id, 'file parts');
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /**
   * Keeps the rows one run checked (their case and hearing ids chosen once), then moves the job
   * from `check` to `write` naming that run's rows — only if it is still running and checking:
   * false when another run of the same job got there first (its rows are the ones to write) or it
   * ended. The record moves last, so a run interrupted while storing leaves the job checking.
   */
  async keepCheckedRows(id: string, run: string, rows: readonly unknown[], at: string): Promise<boolean> {
    const expiresAt = Math.floor(this.nowMs() / 1000) + JOB_TTL_SECONDS;
    const chunks = jsonChunks(rows);
    await this.putParts(id, rowsPrefix(run), chunks, expiresAt);
    return this.table.runConditional((doc, TableName) =>
      doc.send(
        new UpdateCommand({
          TableName,
          Key: jobKey(id),
          UpdateExpression: 'SET phase = :write, rowsRun = :run, rowParts = :parts, rowsDone = :zero, updatedAt = :at',
          ConditionExpression: '#status = :running AND phase = :check',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':write': 'write', ':run': run, ':parts': chunks.length, ':zero': 0, ':at': at, ':running': 'running', ':check': 'check' },
        }),
      ),
    );
  }

  /** The checked rows the job writes (those of the run that moved it to `write`). */
  async jobRows<R>(id: string): Promise<R[]> {
    const item = await this.record(id);
    const run = typeof item?.rowsRun === 'string' ? item.rowsRun : undefined;
    // A job stored before runs had ids: its chunks under ROWS#, their count in `chunks`.
    const parts = item ? await this.parts(id, rowsPrefix(run), Number(run ? item.rowParts : item.chunks)) : undefined;
    if (!parts) throw storedPartsMissing(id, 'checked rows');
    return parts.flatMap((json) => JSON.parse(String(json)) as R[]);
  }

  /**
   * Moves a running job's record (rows done, the time: a sign of life), in the phase the caller is
   * in; false (nothing changed) when the job has ended or moved on to another phase meanwhile.
   */
  async progress(id: string, phase: ImportPhase, rowsDone: number, at: string): Promise<boolean> {
    return this.table.runConditional((doc, TableName) =>
      doc.send(
        new UpdateCommand({
          TableName,
          Key: jobKey(id),
          UpdateExpression: 'SET rowsDone = :done, updatedAt = :at',
          ConditionExpression: '#status = :running AND (phase = :phase OR attribute_not_exists(phase))',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':done': rowsDone, ':at': at, ':running': 'running', ':phase': phase },
        }),
      ),
    );
  }

  /**
   * Ends a running job with its report (errors beyond INLINE_ERRORS_CHARS of JSON in parts, written
   * first); false when it had already ended (another run of it finished first).
   */
  async finish(id: string, status: 'done' | 'failed', rowsDone: number, report: { errors: readonly unknown[] } & Record<string, unknown>, at: string): Promise<boolean> {
    const chunks = jsonChunks(report.errors);
    const inline = chunks.reduce((sum, chunk) => sum + chunk.length, 0) <= INLINE_ERRORS_CHARS;
    if (!inline) await this.putParts(id, ERRORS, chunks, Math.floor(this.nowMs() / 1000) + JOB_TTL_SECONDS);
    return this.table.runConditional((doc, TableName) =>
      doc.send(
        new UpdateCommand({
          TableName,
          Key: jobKey(id),
          UpdateExpression: 'SET #status = :status, rowsDone = :done, report = :report, errorParts = :parts, updatedAt = :at',
          ConditionExpression: '#status = :running',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': status,
            ':done': rowsDone,
            ':report': inline ? report : { ...report, errors: [] },
            ':parts': inline ? 0 : chunks.length,
            ':at': at,
            ':running': 'running',
          },
        }),
      ),
    );
  }
}
