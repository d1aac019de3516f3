import { readFile } from 'node:fs/promises';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { aggregateCaseRecords } from '../../shared/jobs/aggregator';
import { DynamoStatisticsStore } from '../../shared/store/stats-store';
import { Table } from '../../shared/store/table';
import { freshTable } from '../support/dynamo';
import { lambdaContext, loadHandler } from '../support/lambda';

type StreamHandler = (event: DynamoDBStreamEvent, context: typeof lambdaContext) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;

let table: Table;
let handler: StreamHandler;

const sample = async () => JSON.parse(await readFile(new URL('../../events/aggregator-stream.json', import.meta.url), 'utf8')) as DynamoDBStreamEvent;

beforeAll(async () => {
  table = await freshTable('lambda-aggregator');
  handler = (await loadHandler('aggregator', table)) as unknown as StreamHandler;
});

async function march(scope = 'ALL') {
  const sums = await new DynamoStatisticsStore(table).prefixes('reconsideration', scope, ['2025-03-31']);
  return sums.get('2025-03-31');
}

describe('the aggregator Lambda on a DynamoDB stream event', () => {
  it('counts the sample batch (a case registered, then accepted) for its agency and in total', async () => {
    const result = await handler(await sample(), lambdaContext);
    expect(result.batchItemFailures).toEqual([]);
    expect(await march()).toEqual({ received: 1, accepted: 1 });
    expect(await march('market-regulation')).toMatchObject({ received: 1, accepted: 1 });
  });

  it('changes nothing when the same batch is delivered again', async () => {
    const before = await march();
    await handler(await sample(), lambdaContext);
    expect(await march()).toEqual(before);
  });

  it('reports a poison record as a batch item failure and applies the others', async () => {
    const event = await sample();
    const good = structuredClone(event.Records[0]!);
    good.eventID = 'a87ff679a2f3e71d9181a67b7542122c';
    good.dynamodb!.SequenceNumber = '100000000000000000003';
    good.dynamodb!.NewImage!.agencyId = { S: 'public-security' };
    const poison = structuredClone(event.Records[0]!);
    poison.eventID = 'e4da3b7fbbce2345d7772b0674a318d5';
    poison.dynamodb!.SequenceNumber = '100000000000000000004';
    // A case image without its deadlines cannot be counted.
    delete poison.dynamodb!.NewImage!.deadlines;
    const result = await handler({ Records: [poison, good] }, lambdaContext);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '100000000000000000004' }]);
    expect(await march('public-security')).toMatchObject({ received: 1 });
  });
});

/**
 * The same table, counting the store calls made through it. On DynamoDB Local each committed
 * transaction is followed by one commit-barrier read (shared/store/transactions.ts).
 */
class CountingTable extends Table {
  calls = 0;
  override run<T>(call: Parameters<Table['run']>[0]): Promise<T> {
    this.calls += 1;
    return super.run(call) as Promise<T>;
  }
}

describe('case records of one batch counted together', () => {
  const registration = async (n: number) => {
    const record = structuredClone((await sample()).Records[0]!);
    record.eventID = `together-${n}`;
    record.dynamodb!.SequenceNumber = String(200000000000000000000n + BigInt(n));
    record.dynamodb!.NewImage!.agencyId = { S: 'tax-bureau' };
    return record;
  };

  it('counts five registrations in one transaction, and a redelivered one among new ones once', async () => {
    const counting = new CountingTable(table.doc, table.name);
    const five = await Promise.all([1, 2, 3, 4, 5].map(registration));
    expect([...(await aggregateCaseRecords(counting, five))].sort()).toEqual(five.map((r) => r.eventID).sort());
    expect(counting.calls).toBe(1 + 1);
    expect(await march('tax-bureau')).toMatchObject({ received: 5 });

    counting.calls = 0;
    const mixed = [five[0]!, await registration(6), five[1]!];
    expect((await aggregateCaseRecords(counting, mixed)).size).toBe(3);
    // The first try is refused on the two known markers; the second counts the new one alone.
    expect(counting.calls).toBe(2 + 1);
    expect(await march('tax-bureau')).toMatchObject({ received: 6 });
  });

  it('leaves a record it cannot read to the record-by-record pass', async () => {
    const unreadable = await registration(7);
    delete unreadable.dynamodb!.NewImage!.deadlines;
    const counted = await aggregateCaseRecords(table, [unreadable, await registration(8)]);
    expect([...counted]).toEqual(['together-8']);
    expect(await march('tax-bureau')).toMatchObject({ received: 7 });
  });
});
