/**
 * `npm run search:backfill`: writes the search keys (GET /cases?q=, by case number prefix and
 * party name) of cases registered before this version. `npm start` does this by itself when it
 * starts; this command is for a deployed table after deploying this version: `-- --aws` with
 * TABLE_NAME (the stack output) and AWS credentials and AWS_REGION from the environment. Without
 * `--aws` it works on the running `npm start`'s table. Safe to run twice or while the API is
 * serving: it writes the same items a registration writes, then a marker; `--force` runs it again
 * although the marker is there (a table restored from an older backup).
 */
import './quiet-sdk';
import { parseArgs } from 'node:util';
import { backfillCaseSearch } from '../store/case-search';
import { targetTable } from './target-table';

const { values } = parseArgs({ options: { aws: { type: 'boolean' }, force: { type: 'boolean' } } });
const target = await targetTable({ aws: values.aws });
if ('error' in target) {
  process.stderr.write(`${target.error}\n`);
  process.exit(2);
}
const { table } = target;
const { cases } = await backfillCaseSearch(table, { force: values.force ?? false });
process.stdout.write(
  cases === 0 && !values.force
    ? `${table.name}: search keys already written (pass --force to write them again)\n`
    : `${table.name}: search keys written for ${cases} case${cases === 1 ? '' : 's'}\n`,
);
