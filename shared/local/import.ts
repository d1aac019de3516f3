/**
 * `npm run import -- 台账.xlsx [--dry-run] [--name 王芳]`: imports a ledger into the table of the
 * running `npm start` (or, with `--aws`, the deployed table TABLE_NAME), through the same use case
 * as POST /imports, as the legal office. A progress bar on a terminal; the report on stdout; exit
 * code 1 when the file has errors (nothing is written then), 2 when it cannot run.
 */
import './quiet-sdk';
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { importLedger, type ImportReport } from '../app/import-ledger';
import { ledgerDepsFor } from '../app/ledger-deps';
import type { Identity } from '../auth/identity';
import { AppError } from '../domain/errors';
import { targetTable } from './target-table';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'dry-run': { type: 'boolean' }, name: { type: 'string' }, aws: { type: 'boolean' }, json: { type: 'boolean' } },
});
const [path] = positionals;
if (!path) {
  process.stderr.write('usage: npm run import -- <台账.xlsx|台账.csv> [--dry-run] [--name 姓名] [--aws] [--json]\n');
  process.exit(2);
}
const target = await targetTable({ aws: values.aws });
if ('error' in target) {
  process.stderr.write(`${target.error}\n`);
  process.exit(2);
}

/** A one-line bar on stderr, redrawn at most ten times a second, only on a terminal. */
function progressBar() {
  const tty = process.stderr.isTTY;
  let last = 0;
  return {
    update(label: string, done: number, total: number) {
      if (!tty || (Date.now() - last < 100 && done < total)) return;
      last = Date.now();
      const width = 30;
      const filled = total === 0 ? width : Math.round((done / total) * width);
      process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`);
    },
    end() {
      if (tty) process.stderr.write('\n');
    },
  };
}

const user = userInfo().username;
const identity: Identity = { sub: `cli:${user}`, name: values.name ?? user, roles: ['legal-office'] };
const deps = ledgerDepsFor(target.table, { startImport: async () => undefined });
const bar = progressBar();
const labels = { check: '检查 check', write: '写入 write' } as const;

function print(report: ImportReport): void {
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ ...report, errors: report.errors.map((e) => ({ ...e, message: e.message.zh })) })}\n`);
    return;
  }
  const what = report.dryRun ? '试导入（未写入）' : '导入';
  process.stdout.write(`${what}：共${report.rows}行，新建${report.created}件，未修改${report.unchanged}件，错误${report.errors.length}处\n`);
  for (const e of report.errors) process.stdout.write(`  第${e.row}行 ${e.column}：${e.message.zh}\n`);
}

try {
  const bytes = new Uint8Array(await readFile(path));
  const outcome = await importLedger(deps, identity, { bytes, dryRun: values['dry-run'] ?? false, background: false }, (phase, done, total) =>
    bar.update(labels[phase], done, total),
  );
  bar.end();
  if (outcome.kind === 'report') {
    print(outcome.report);
    process.exit(outcome.report.errors.length > 0 ? 1 : 0);
  }
} catch (error) {
  bar.end();
  if (error instanceof AppError) {
    const report = error.extensions?.ledgerReport as ImportReport | undefined;
    const header = error.extensions?.ledgerErrors as ImportReport['errors'] | undefined;
    if (report) print(report);
    else {
      process.stdout.write(`${error.detail.zh}\n`);
      for (const e of header ?? []) process.stdout.write(`  第${e.row}行 ${e.column}：${e.message.zh}\n`);
    }
    process.exit(1);
  }
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(2);
}
