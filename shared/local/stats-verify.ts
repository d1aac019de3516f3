/**
 * `npm run stats:verify -- --from 2025-01-01 --to 2025-12-31`: recomputes every figure from the
 * case items of the running `npm start` and prints each difference from the stream-kept counters.
 * Exit code 1 when any figure differs.
 */
import { parseArgs } from 'node:util';
import { chinaToday, systemClock } from '../domain/clock';
import { isValidDate } from '../domain/dates';
import { verifyStatistics } from '../jobs/stats-verify';
import { createDocumentClient } from '../store/client';
import { Table } from '../store/table';
import { isDynamoDbUp } from './dynamodb-local';

const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } });
const to = values.to ?? chinaToday(systemClock);
const from = values.from ?? `${to.slice(0, 4)}-01-01`;
if (!isValidDate(from) || !isValidDate(to) || from > to) {
  process.stderr.write('usage: npm run stats:verify -- --from YYYY-MM-DD --to YYYY-MM-DD\n');
  process.exit(2);
}
const endpoint = process.env.DYNAMODB_ENDPOINT ?? `http://127.0.0.1:${process.env.DYNAMODB_PORT ?? 8000}`;
if (!(await isDynamoDbUp(endpoint))) {
  process.stderr.write(`no DynamoDB Local at ${endpoint}: start the API with \`npm start\` first\n`);
  process.exit(2);
}
const table = new Table(createDocumentClient({ endpoint }), process.env.TABLE_NAME ?? 'case-tracker');
const found = await verifyStatistics(table, [{ from, to }]);
if (found.length === 0) {
  process.stdout.write(`statistics ${from} … ${to}: the counters agree with the case items\n`);
  process.exit(0);
}
for (const d of found) {
  process.stdout.write(`${d.scope} ${d.from}…${d.to} ${d.field}: counters ${JSON.stringify(d.counters)}, recomputed ${JSON.stringify(d.recomputed)}\n`);
}
process.exit(1);
