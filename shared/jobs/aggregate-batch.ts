import type { Logger } from '../log/logger';
import type { Table } from '../store/table';
import { aggregateCaseRecords, aggregateRecord, type StreamRecord } from './aggregator';

/**
 * The local equivalent of the Lambda's batch handling: the case records together, then the rest
 * in order; on the first failure the batch stops, to be read again from there (the applied ones
 * are skipped by their markers).
 */
export async function aggregateBatch(table: Table, records: readonly StreamRecord[], log: Logger): Promise<void> {
  let counted = new Set<string>();
  try {
    counted = await aggregateCaseRecords(table, records);
  } catch (error) {
    log.warn('case records not counted together; counting them one by one', { error });
  }
  for (const record of records) {
    if (record.eventID && counted.has(record.eventID)) continue;
    try {
      await aggregateRecord(table, record);
    } catch (error) {
      log.error('stream record not aggregated', { error, eventID: record.eventID });
      throw error;
    }
  }
}
