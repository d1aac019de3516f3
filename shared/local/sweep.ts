/**
 * `npm run sweep`: the daily sweep once, against the DynamoDB Local of a running `npm start`
 * (DYNAMODB_PORT, TABLE_NAME). Prints what it raised.
 */
import './quiet-sdk';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { runSweep } from '../jobs/sweep';
import { sweepDeps } from '../jobs/sweep-deps';
import { localSweepPublisher } from '../notify/notifier-deps';
import { createDocumentClient } from '../store/client';
import { Table } from '../store/table';
import { ensureTable } from './bootstrap';
import { isDynamoDbUp } from './dynamodb-local';

const endpoint = process.env.DYNAMODB_ENDPOINT ?? `http://127.0.0.1:${process.env.DYNAMODB_PORT ?? 8000}`;
const tableName = process.env.TABLE_NAME ?? 'case-tracker';
if (!(await isDynamoDbUp(endpoint, 10_000))) {
  process.stderr.write(`no DynamoDB Local at ${endpoint}: start the API with \`npm start\` first (or set DYNAMODB_PORT)\n`);
  process.exit(1);
}
const raw = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
await ensureTable(raw, tableName);
raw.destroy();
const table = new Table(createDocumentClient({ endpoint }), tableName);
// Subscribers get what the sweep raised right after it (in AWS: the bus, a queue and the notifier).
const report = await runSweep(sweepDeps(table, { publish: localSweepPublisher(table) }));
process.stdout.write(
  `${JSON.stringify({ today: report.today, windowEnd: report.windowEnd, read: report.read, deemedAccepted: report.deemedAccepted, raised: report.raised.map((a) => a.message) }, null, 2)}\n`,
);
process.exit(0);
