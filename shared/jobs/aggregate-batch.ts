import type { Logger } from '../log/logger';
import type { Table } from '../store/table';
import { aggregateRecord, countCaseRecordsTogether, type StreamRecord } from './aggregator';

/**
 * The local equivalent of the Lambda's batch handling: the case records together, then the rest
 * in order; on the first failure the batch stops, to be read again from there (the applied ones
 * are skipped by their markers).
 */
export async function aggregateBatch(table: Table, records: readonly StreamRecord[], log: Logger): Promise<void> {
  for (const record of await countCaseRecordsTogether(table, records, log)) {
    try {
      await aggregateRecord(table, record);
    } catch (error) {
      log.error('stream record not aggregated', { error, eventID: record.eventID });
      throw error;
    }
  }
}
