import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import type { Logger } from '../log/logger';

const local = { region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

export interface StreamPoller {
  /** Reads every shard until it has nothing new; returns how many records were handled. */
  drain(): Promise<number>;
  stop(): void;
}

/**
 * Locally, the table's real stream on DynamoDB Local feeds the same aggregator as in AWS: the
 * shards are read with the DynamoDB Streams API from the oldest record (TRIM_HORIZON, so a
 * restart replays what the aggregator may have missed; its markers make that harmless) and the
 * records are handed over in Lambda's batch shape. A failed batch is read again on the next poll.
 */
export function streamPoller(options: {
  endpoint: string;
  tableName: string;
  handle: (records: _Record[]) => Promise<void>;
  log: Logger;
  intervalMs?: number;
}): StreamPoller {
  const dynamo = new DynamoDBClient({ endpoint: options.endpoint, ...local });
  const streams = new DynamoDBStreamsClient({ endpoint: options.endpoint, ...local });
  const iterators = new Map<string, string | undefined>();
  let streamArn: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<number> | undefined;

  async function discover(): Promise<void> {
    if (!streamArn) {
      const table = await dynamo.send(new DescribeTableCommand({ TableName: options.tableName }));
      streamArn = table.Table?.LatestStreamArn;
      if (!streamArn) throw new Error(`table ${options.tableName} has no stream`);
    }
    const described = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of described.StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || iterators.has(shard.ShardId)) continue;
      const iterator = await streams.send(
        new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      iterators.set(shard.ShardId, iterator.ShardIterator);
    }
  }

  async function pollOnce(): Promise<number> {
    await discover();
    let handled = 0;
    for (const [shardId, iterator] of iterators) {
      if (!iterator) continue;
      let result;
      try {
        result = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      } catch (error) {
        if (error instanceof ExpiredIteratorException) {
          iterators.delete(shardId);
          continue;
        }
        throw error;
      }
      const records = result.Records ?? [];
      if (records.length > 0) {
        await options.handle(records);
        handled += records.length;
      }
      iterators.set(shardId, result.NextShardIterator);
    }
    return handled;
  }

  const serialized = (): Promise<number> => {
    running = (running ?? Promise.resolve(0)).then(pollOnce, pollOnce);
    return running;
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      serialized()
        .catch((error: unknown) => options.log.warn('stream poll failed; will retry', { error: error instanceof Error ? error.message : String(error) }))
        .finally(schedule);
    }, options.intervalMs ?? 500);
    timer.unref();
  };
  if (options.intervalMs !== 0) schedule();

  return {
    async drain() {
      let total = 0;
      for (let quiet = 0; quiet < 2; ) {
        const handled = await serialized();
        total += handled;
        quiet = handled === 0 ? quiet + 1 : 0;
      }
      return total;
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      dynamo.destroy();
      streams.destroy();
    },
  };
}
