/**
 * `npm run stats:verify -- --from 2025-01-01 --to 2025-12-31`: recomputes every figure from the
 * case items of the running `npm start` and prints each difference from the stream-kept counters.
 * With `-- --aws`, the deployed table named by TABLE_NAME (the caller's AWS credentials and
 * AWS_REGION), e.g. a table restored from a backup (SECURITY.md). Exit code 1 when any figure
 * differs, 2 when it cannot run.
 */
import './quiet-sdk';
import { parseArgs } from 'node:util';
import { chinaToday, systemClock } from '../domain/clock';
import { isValidDate } from '../domain/dates';
import { verifyStatistics } from '../jobs/stats-verify';
import { targetTable } from './target-table';

const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' }, aws: { type: 'boolean' } } });
const to = values.to ?? chinaToday(systemClock);
const from = values.from ?? `${to.slice(0, 4)}-01-01`;
if (!isValidDate(from) || !isValidDate(to) || from > to) {
  process.stderr.write('usage: npm run stats:verify -- --from YYYY-MM-DD --to YYYY-MM-DD [--aws]\n');
  process.exit(2);
}
const target = await targetTable({ aws: values.aws });
if ('error' in target) {
  process.stderr.write(`${target.error}\n`);
  process.exit(2);
}
const { table } = target;
const found = await verifyStatistics(table, [{ from, to }]);
if (found.length === 0) {
  process.stdout.write(`${table.name}: statistics ${from} … ${to}: the counters agree with the case items\n`);
  process.exit(0);
}
for (const d of found) {
  process.stdout.write(`${d.scope} ${d.from}…${d.to} ${d.field}: counters ${JSON.stringify(d.counters)}, recomputed ${JSON.stringify(d.recomputed)}\n`);
}
process.exit(1);
