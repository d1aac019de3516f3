// The statistics aggregator on the table's stream: partial batch failures, exactly-once counters.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { aggregateRecord } from '../../shared/jobs/aggregator';
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

export const handler = async (event: DynamoDBStreamEvent, context: Context) =>
  processPartialResponse(event, recordHandler, processor, { context });
