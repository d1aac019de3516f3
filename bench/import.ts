/**
 * The ledger import at scale: a 5,000-row ledger (both kinds, twelve agencies, hearings) imported
 * through the use case behind POST /imports, on its own DynamoDB Local. Measures the time (check
 * and write), the items written per row next to the items the same cases cost when entered
 * through the API one request at a time (registration, each step, each hearing and its
 * attendance: a sample of 200 rows), and the process's peak memory. `tsx bench/import.ts [rows]`
 * runs it alone; `npm run bench -- --only import` within the bench.
 */
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { importLedger } from '../shared/app/import-ledger';
import { readLedgerFile } from '../shared/ledger/spreadsheet';
import { ledgerDepsFor } from '../shared/app/ledger-deps';
import { addDays } from '../shared/domain/dates';
import { entryOf, readLedgerRow, agencyNames, type CellValue } from '../shared/domain/ledger';
import { ensureTable } from '../shared/local/bootstrap';
import { startDynamoDbLocal } from '../shared/local/dynamodb-local';
import { createLocalApp } from '../shared/local/local-app';
import { setLogLevel } from '../shared/log/logger';
import { signLocalToken } from '../shared/auth/local-jwt';
import { fixedClock } from '../shared/domain/clock';
import { createDocumentClient } from '../shared/store/client';
import { Table } from '../shared/store/table';
import ExcelJS from 'exceljs';

const agencies = Array.from({ length: 12 }, (_, i) => ({ id: `agency-${i + 1}`, name: `区第${i + 1}局` }));
const clock = fixedClock('2025-01-20T10:00:00+08:00');

/** One ledger row of a realistic mix: 40% reconsideration, 60% litigation, a third of those heard. */
function ledgerRow(i: number): Record<string, string> {
  const received = addDays('2024-01-02', i % 300);
  const agency = agencies[i % agencies.length]!;
  if (i % 5 < 2) {
    const row: Record<string, string> = {
      案件类型: '行政复议',
      案号: `潞复〔2024〕${i + 1}号`,
      机关: agency.name,
      当事人: `申请人${i}`,
      收到日期: received,
      受理日期: received,
      执法领域: '市场监管',
      行为类别: '行政处罚',
    };
    if (i % 4 !== 0) Object.assign(row, { 审结日期: addDays(received, 45), 结果: ['维持', '驳回行政复议请求', '撤销', '确认违法'][i % 4]! });
    return row;
  }
  const row: Record<string, string> = {
    案件类型: '行政应诉',
    案号: `(2024)晋0403行初${i + 1}号`,
    机关: agency.id,
    当事人: `某某有限公司${i}`,
    收到日期: received,
    法院: '潞州区人民法院',
    立案日期: addDays(received, -3),
  };
  if (i % 3 === 0) Object.assign(row, { 开庭日期: addDays(received, 20), 负责人是否出庭: '是', 出庭负责人: '李局长', 出庭负责人职务: '副职' });
  if (i % 2 === 0) Object.assign(row, { 审结日期: addDays(received, 50), 结果: '驳回诉讼请求' });
  return row;
}

/** A ledger of `count` rows of the mix above, as an .xlsx file. */
export async function benchLedger(count: number): Promise<Uint8Array> {
  return workbook(Array.from({ length: count }, (_, i) => ledgerRow(i)));
}

async function workbook(rows: readonly Record<string, string>[]): Promise<Uint8Array> {
  const { ledgerColumnNames } = await import('../shared/domain/ledger');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('台账');
  sheet.addRow([...ledgerColumnNames]);
  for (const row of rows) sheet.addRow(ledgerColumnNames.map((name) => row[name] ?? null));
  return new Uint8Array((await book.xlsx.writeBuffer()) as ArrayBuffer);
}

/** Counts the items each write request puts, updates or deletes (condition checks are reads). */
function countWrites(doc: DynamoDBDocumentClient): { items: number } {
  const counter = { items: 0 };
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      // The document client's commands run as the client's own (TransactWriteItemsCommand, PutItemCommand…).
      const command = (context.commandName ?? '').replace(/Item(s)?Command$|Command$/, '');
      if (command === 'TransactWrite') counter.items += (input.TransactItems as Record<string, unknown>[]).filter((t) => !t.ConditionCheck).length;
      else if (command === 'BatchWrite') for (const requests of Object.values(input.RequestItems as Record<string, unknown[]>)) counter.items += requests.length;
      else if (command === 'Put' || command === 'Update' || command === 'Delete') counter.items += 1;
      return next(args);
    },
    { step: 'initialize', name: 'countWrites' },
  );
  return counter;
}

export interface ImportFigures {
  rows: number;
  fileBytes: number;
  seconds: number;
  /** reading the file into rows (all POST /imports does for a file of more than 200 rows before its 202) */
  readSeconds: number;
  /** reading and checking every row (all a dry run does), before the first write */
  checkSeconds: number;
  rowsPerSecond: number;
  itemsPerRow: number;
  apiItemsPerRow: number;
  ratio: number;
  peakRssMiB: number;
  peakHeapMiB: number;
  baselineRssMiB: number;
}

/** The API path for a sample of rows, request by request, as a clerk (or seed-demo) enters them. */
async function apiWritesPerRow(table: Table, counter: { items: number }, sample: readonly Record<string, string>[]): Promise<number> {
  const app = createLocalApp({ table, clock });
  const token = await signLocalToken({ role: 'legal-office', name: '王芳' });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const post = async (method: string, path: string, body: unknown) => {
    const res = await app.request(path, { method, headers, body: JSON.stringify(body) });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: string };
  };
  const names = agencyNames(agencies);
  const before = counter.items;
  // Items are counted here, not time: the request log lines (LOG_LEVEL=INFO after the warm bench) are noise.
  const level = setLogLevel('WARN');
  for (const [i, cells] of sample.entries()) {
    const read = readLedgerRow(i + 2, new Map<string, CellValue>(Object.entries(cells)), { agencies: names, today: '2025-01-20' });
    if (!read.row) throw new Error(JSON.stringify(read.errors));
    const entry = entryOf({ ...read.row, caseNumber: `API-${read.row.caseNumber}` });
    const created = await post('POST', '/cases', entry.registration);
    for (const step of entry.steps) await post('POST', `/cases/${created.id}/actions`, step.body);
    for (const hearing of entry.hearings) {
      const scheduled = await post('POST', `/cases/${created.id}/hearings`, hearing.body);
      if (hearing.attendance) await post('PUT', `/hearings/${scheduled.id}/attendance`, hearing.attendance);
    }
  }
  setLogLevel(level);
  return (counter.items - before) / sample.length;
}

export async function measureImport(rowCount = 5000): Promise<ImportFigures> {
  const own = await startDynamoDbLocal();
  const raw = new DynamoDBClient({ endpoint: own.endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    await ensureTable(raw, 'bench-import');
    const table = new Table(createDocumentClient({ endpoint: own.endpoint }), 'bench-import');
    const app = createLocalApp({ table, clock });
    const token = await signLocalToken({ role: 'legal-office' });
    for (const agency of agencies) {
      await app.request('/agencies', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(agency) });
    }
    const rows = Array.from({ length: rowCount }, (_, i) => ledgerRow(i));
    const file = await workbook(rows);
    const readStarted = performance.now();
    await readLedgerFile(file);
    const readSeconds = (performance.now() - readStarted) / 1000;
    const counter = countWrites(table.doc);
    const deps = { ...ledgerDepsFor(table, { startImport: async () => undefined }), clock };
    const identity = { sub: 'bench', name: '王芳', roles: ['legal-office' as const] };
    globalThis.gc?.();
    const baseline = process.memoryUsage();
    let peakRss = baseline.rss;
    let peakHeap = baseline.heapUsed;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss);
      peakHeap = Math.max(peakHeap, now.heapUsed);
    }, 20);
    const started = performance.now();
    let writeStarted: number | undefined;
    const outcome = await importLedger(deps, identity, { bytes: file, dryRun: false, background: false }, (phase) => {
      if (phase === 'write') writeStarted ??= performance.now();
    });
    const seconds = (performance.now() - started) / 1000;
    const checkSeconds = ((writeStarted ?? performance.now()) - started) / 1000;
    clearInterval(sampler);
    if (outcome.kind !== 'report' || outcome.report.created !== rowCount) throw new Error(`import: ${JSON.stringify(outcome).slice(0, 500)}`);
    const itemsPerRow = counter.items / rowCount;
    const apiItemsPerRow = await apiWritesPerRow(table, counter, rows.slice(0, 200));
    const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
    const round2 = (n: number) => Math.round(n * 100) / 100;
    return {
      rows: rowCount,
      fileBytes: file.byteLength,
      seconds: round2(seconds),
      readSeconds: round2(readSeconds),
      checkSeconds: round2(checkSeconds),
      rowsPerSecond: Math.round(rowCount / seconds),
      itemsPerRow: round2(itemsPerRow),
      apiItemsPerRow: round2(apiItemsPerRow),
      ratio: round2(itemsPerRow / apiItemsPerRow),
      peakRssMiB: mib(peakRss),
      peakHeapMiB: mib(peakHeap),
      baselineRssMiB: mib(baseline.rss),
    };
  } finally {
    raw.destroy();
    await own.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await measureImport(Number(process.argv[2] ?? 5000));
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  process.exit(0);
}
