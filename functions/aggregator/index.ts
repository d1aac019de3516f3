// The statistics aggregator on the table's stream: partial batch failures, exactly-once counters.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { aggregateRecord, countCaseRecordsTogether } from '../../shared/jobs/aggregator';
import { logger } from '../../shared/log/logger';
import { tableFromEnv } from '../../shared/store/from-env';

const table = tableFromEnv();
const processor = new BatchProcessor(EventType.DynamoDBStreams);
const log = logger.child({ component: 'aggregator' });

async function recordHandler(record: DynamoDBRecord): Promise<void> {
  try {
    await aggregateRecord(table, record);
  } catch (error) {
    log.error('stream record not aggregated', { error, eventID: record.eventID, sequenceNumber: record.dynamodb?.SequenceNumber });
    throw error;
  }
}

/**
 * The batch's case records are counted together first (one transaction for many records, each
 * still exactly once by its marker). What that did not count — hearings, or everything if it
 * failed — goes through the batch processor one record at a time in stream order (side by side,
 * consecutive changes of one case would collide on the same counters), and only those records can
 * be reported as failures.
 */
export const handler = async (event: DynamoDBStreamEvent, context: Context) => {
  const rest = await countCaseRecordsTogether(table, event.Records, log);
  if (rest.length === 0) return { batchItemFailures: [] };
  // Reported as failures, not thrown, when all of the rest fail: Lambda then retries from the
  // first failed record, as it would from a thrown batch, without redoing what was counted.
  return processPartialResponse({ Records: rest }, recordHandler, processor, { context, processInParallel: false, throwOnFullBatchFailure: false });
};
