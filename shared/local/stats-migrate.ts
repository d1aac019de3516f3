/**
 * `npm run stats:migrate`: moves statistics counters kept by an earlier version (one item per day)
 * into their month's day item. `npm start` does this by itself when it starts; this command is for
 * the running `npm start`'s table, or with `-- --aws`, after deploying this version, for the
 * deployed table named by TABLE_NAME (AWS credentials and AWS_REGION from the environment). Safe
 * to run twice or while the aggregator is counting: each day is moved once, in one transaction.
 */
import { parseArgs } from 'node:util';
import { migrateDayCounters } from '../jobs/migrate-day-counters';
import { createDocumentClient } from '../store/client';
import { Table } from '../store/table';
import { isDynamoDbUp } from './dynamodb-local';

const { values } = parseArgs({ options: { aws: { type: 'boolean' } } });
let table: Table;
if (values.aws) {
  const tableName = process.env.TABLE_NAME;
  if (!tableName) {
    process.stderr.write('set TABLE_NAME to the deployed table (see the stack outputs)\n');
    process.exit(2);
  }
  table = new Table(createDocumentClient(process.env.AWS_REGION ? { region: process.env.AWS_REGION } : {}), tableName);
} else {
  const endpoint = process.env.DYNAMODB_ENDPOINT ?? `http://127.0.0.1:${process.env.DYNAMODB_PORT ?? 8000}`;
  if (!(await isDynamoDbUp(endpoint))) {
    process.stderr.write(`no DynamoDB Local at ${endpoint}: start the API with \`npm start\` first (or pass --aws)\n`);
    process.exit(2);
  }
  table = new Table(createDocumentClient({ endpoint }), process.env.TABLE_NAME ?? 'case-tracker');
}
const { moved } = await migrateDayCounters(table);
process.stdout.write(`${table.name}: ${moved} day counter item${moved === 1 ? '' : 's'} moved into month day items\n`);
