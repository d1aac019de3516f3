import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { CaseRecord } from '../domain/cases';
import type { Hearing } from '../domain/hearings';
import {
  caseContributions,
  delta,
  hearingContributions,
  instanceContributions,
  instanceKey,
  withHearing,
  type InstanceHearings,
} from '../domain/statistics';
import { stripKeys } from '../store/keys';
import { applyContributions, applyMany, readTracker, trackerKey, type RecordChanges } from '../store/stats-writer';
import type { Logger } from '../log/logger';
import type { Table } from '../store/table';
import { retryOnConflict, TRY_AGAIN } from '../retry';

/** The part of a DynamoDB stream record the aggregator reads (Lambda's and the Streams API's alike). */
export interface StreamRecord {
  eventID?: string;
  eventName?: string;
  dynamodb?: {
    SequenceNumber?: string;
    OldImage?: Record<string, AttributeValue> | Record<string, unknown>;
    NewImage?: Record<string, AttributeValue> | Record<string, unknown>;
  };
}

function image<T>(raw: unknown): T | undefined {
  return raw ? stripKeys<T>(unmarshall(raw as Record<string, AttributeValue>)) : undefined;
}

function entityOf(record: StreamRecord): string | undefined {
  const raw = (record.dynamodb?.NewImage ?? record.dynamodb?.OldImage) as Record<string, AttributeValue> | undefined;
  return raw?.entity?.S;
}

/** Only cases and hearings count; every other item (history, counters, markers) is skipped at once. */
export function counts(record: StreamRecord): boolean {
  const entity = entityOf(record);
  return entity === 'case' || entity === 'hearing';
}

/**
 * The case records of a batch counted together (see `applyMany`): returns the event ids it
 * counted (applied now or before). Hearing records, and any case record whose images cannot be
 * read, are left to `aggregateRecord`, one by one, which reports each failure on its own.
 */
export async function aggregateCaseRecords(table: Table, records: readonly StreamRecord[]): Promise<Set<string>> {
  const changes: RecordChanges[] = [];
  for (const record of records) {
    const eventId = record.eventID;
    if (entityOf(record) !== 'case' || !eventId) continue;
    try {
      const deltas = delta(caseContributions(image<CaseRecord>(record.dynamodb?.OldImage)), caseContributions(image<CaseRecord>(record.dynamodb?.NewImage)));
      changes.push({ record: { eventId, sequenceNumber: record.dynamodb?.SequenceNumber ?? '' }, deltas });
    } catch {
      // left to the record-by-record pass, which reports it
    }
  }
  if (changes.length === 0) return new Set();
  return new Set((await applyMany(table, changes)).keys());
}

/**
 * Counts a batch's case records together and returns what is left to count one by one, in stream
 * order: hearings and unreadable records, or the whole batch if counting together failed (the
 * records it did apply are then skipped by their markers). The Lambda and `npm start` share it.
 */
export async function countCaseRecordsTogether<R extends StreamRecord>(table: Table, records: readonly R[], log: Logger): Promise<R[]> {
  try {
    const counted = await aggregateCaseRecords(table, records);
    return records.filter((record) => !(record.eventID && counted.has(record.eventID)));
  } catch (error) {
    log.warn('case records not counted together; counting them one by one', { error });
    return [...records];
  }
}

/**
 * One stream record → the counters it moves: the new image's contributions minus the old one's,
 * applied exactly once. A hearing also updates its case-instance's tracker, so a case heard
 * twice at one instance counts once (出庭规定第七条).
 */
export async function aggregateRecord(table: Table, record: StreamRecord): Promise<'applied' | 'duplicate' | 'skipped'> {
  if (!counts(record)) return 'skipped';
  const marker = { eventId: record.eventID ?? record.dynamodb?.SequenceNumber ?? '', sequenceNumber: record.dynamodb?.SequenceNumber ?? '' };
  if (!marker.eventId) throw new Error('a stream record without an event id');
  const old = record.dynamodb?.OldImage;
  const next = record.dynamodb?.NewImage;

  if (entityOf(record) === 'case') {
    const deltas = delta(caseContributions(image<CaseRecord>(old)), caseContributions(image<CaseRecord>(next)));
    const result = await applyContributions(table, marker, deltas);
    return result === 'applied' ? 'applied' : 'duplicate';
  }

  const before = image<Hearing>(old);
  const after = image<Hearing>(next);
  const hearing = after ?? before!;
  const instance = instanceKey(hearing);
  return retryOnConflict<'applied' | 'duplicate'>(async () => {
    const tracker = await readTracker(table, instance);
    const summaryBefore: InstanceHearings | undefined = tracker?.summary;
    const summaryAfter = withHearing(summaryBefore, after ?? { ...hearing, status: 'cancelled' });
    const deltas = delta(
      [...hearingContributions(before), ...instanceContributions(summaryBefore)],
      [...hearingContributions(after), ...instanceContributions(summaryAfter)],
    );
    const result = await applyContributions(table, marker, deltas, {
      key: trackerKey(instance),
      summary: summaryAfter,
      expectedVersion: tracker?.version,
    });
    if (result === 'stale-tracker') return TRY_AGAIN;
    return result === 'applied' ? 'applied' : 'duplicate';
  }, () => new Error(`the case-instance tracker ${instance} kept changing`));
}
