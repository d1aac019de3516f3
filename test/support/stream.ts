import { aggregateBatch } from '../../shared/jobs/aggregate-batch';
import { streamPoller, type StreamPoller } from '../../shared/local/stream-poller';
import { logger } from '../../shared/log/logger';
import type { Table } from '../../shared/store/table';
import type { StreamRecord } from '../../shared/jobs/aggregator';
import { dynamoEndpoint } from './dynamo';

/**
 * The table's real stream on DynamoDB Local feeding the aggregator, as `npm start` runs it; tests
 * call `drain()` after writing. `seen` keeps every record handed over, to replay them.
 */
export function aggregatorFor(table: Table): StreamPoller & { seen: StreamRecord[] } {
  const seen: StreamRecord[] = [];
  const poller = streamPoller({
    endpoint: dynamoEndpoint(),
    tableName: table.name,
    intervalMs: 0,
    log: logger,
    handle: async (records) => {
      seen.push(...(records as StreamRecord[]));
      await aggregateBatch(table, records as StreamRecord[], logger);
    },
  });
  return Object.assign(poller, { seen });
}
