/**
 * `npm run stats:migrate`: moves statistics counters kept by an earlier version (one item per day)
 * into their month's day item. `npm start` does this by itself when it starts; this command is for
 * the running `npm start`'s table, or with `-- --aws`, after deploying this version, for the
 * deployed table named by TABLE_NAME (AWS credentials and AWS_REGION from the environment). Safe
 * to run twice or while the aggregator is counting: each day is moved once, in one transaction.
 */
import './quiet-sdk';
import { parseArgs } from 'node:util';
import { migrateDayCounters } from '../jobs/migrate-day-counters';
import { targetTable } from './target-table';

const { values } = parseArgs({ options: { aws: { type: 'boolean' } } });
const target = await targetTable({ aws: values.aws });
if ('error' in target) {
  process.stderr.write(`${target.error}\n`);
  process.exit(2);
}
const { table } = target;
const { moved } = await migrateDayCounters(table);
process.stdout.write(`${table.name}: ${moved} day counter item${moved === 1 ? '' : 's'} moved into month day items\n`);
