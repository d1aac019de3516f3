import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../shared/domain/clock';
import { createLocalApp } from '../../shared/local/local-app';
import type { Table } from '../../shared/store/table';
import { ensureAgency } from '../support/cases';
import { freshTable } from '../support/dynamo';
import { authHeader, call } from '../support/http';
import { download, ledgerXlsx, readWorkbookRows, upload, type LedgerCells } from '../support/ledger';
import { aggregatorFor } from '../support/stream';

/**
 * The ledger's columns for the steps after registration — 重大案件 and 集体研究 (行政复议法第五十二条),
 * 延期 (第六十二条), 中止/恢复 (第三十九条), 一审裁判 and 上诉 (行政诉讼法第八十五条) — import into
 * exactly what a clerk entering the same cases through the API makes: one office imports its
 * ledger, a second office (its own table) enters the same cases request by request, and the two
 * are compared item by item.
 */
const clock = fixedClock('2025-06-30T02:00:00Z'); // 10:00 in China
const CLERK = '王芳'; // the name the import is made under (support/ledger.ts), and the hand entry's

interface Office {
  table: Table;
  app: ReturnType<typeof createLocalApp>;
  aggregator: ReturnType<typeof aggregatorFor>;
}

async function office(prefix: string): Promise<Office> {
  const table = await freshTable(prefix);
  const app = createLocalApp({ table, clock });
  await ensureAgency(app, 'market-regulation', '区市场监督管理局');
  return { table, app, aggregator: aggregatorFor(table) };
}

let imported: Office;
let byHand: Office;

const reason = '涉及征收补偿，申请人众多，社会影响较大';
const conclusion = '建议确认违法并责令采取补救措施';

/** Four cases, as the ledger has them and as a clerk enters them by hand. */
const cases: { cells: LedgerCells; registration: Record<string, unknown>; actions: Record<string, unknown>[] }[] = [
  {
    // A major reconsideration case: marked, studied by the 行政复议委员会, extended, decided.
    cells: {
      案件类型: '行政复议',
      案号: '潞复〔2025〕31号',
      机关: '区市场监督管理局',
      当事人: '张三',
      收到日期: '2025-03-03',
      受理日期: '2025-03-05',
      重大案件认定日期: '2025-03-10',
      重大案件认定理由: reason,
      集体研究日期: new Date('2025-04-08T00:00:00Z'),
      集体研究形式: '行政复议委员会',
      集体研究结论: conclusion,
      延期日期: '2025-04-30',
      审结日期: '2025-06-10',
      结果: '确认违法',
    },
    registration: { kind: 'reconsideration', caseNumber: '潞复〔2025〕31号', agencyId: 'market-regulation', receivedOn: '2025-03-03', parties: [{ role: 'applicant', name: '张三' }] },
    actions: [
      { type: 'accept', on: '2025-03-05' },
      { type: 'mark-major', on: '2025-03-10', reasonDetail: reason },
      { type: 'collective-review', on: '2025-04-08', forum: 'committee', conclusion },
      { type: 'extend', on: '2025-04-30', approvedBy: '行政复议机构负责人' },
      { type: 'decide', on: '2025-06-10', outcome: 'confirm-illegal' },
    ],
  },
  {
    // Suspended, resumed, suspended again and still suspended: the decision period is paused.
    cells: {
      案件类型: '行政复议',
      案号: '潞复〔2025〕32号',
      机关: 'market-regulation',
      当事人: '李四',
      收到日期: '2025-04-01',
      受理日期: '2025-04-03',
      中止日期: '2025-04-21、2025-06-03',
      恢复日期: '2025-05-06',
    },
    registration: { kind: 'reconsideration', caseNumber: '潞复〔2025〕32号', agencyId: 'market-regulation', receivedOn: '2025-04-01', parties: [{ role: 'applicant', name: '李四' }] },
    actions: [
      { type: 'accept', on: '2025-04-03' },
      { type: 'suspend', on: '2025-04-21', reason: 'other' },
      { type: 'resume', on: '2025-05-06' },
      { type: 'suspend', on: '2025-06-03', reason: 'other' },
    ],
  },
  {
    // A major litigation case: judged, studied by the district government, appealed by the plaintiff, concluded.
    cells: {
      案件类型: '行政应诉',
      案号: '(2025)晋0403行初31号',
      机关: '区市场监督管理局',
      当事人: '某某有限公司',
      收到日期: '2025-02-10',
      法院: '潞州区人民法院',
      立案日期: '2025-02-05',
      重大案件认定日期: '2025-02-12',
      重大案件认定理由: reason,
      一审裁判送达日期: '2025-05-09',
      一审裁判形式: '判决',
      一审裁判结果: '驳回诉讼请求',
      集体研究日期: '2025-05-12',
      集体研究形式: '区政府常务会议',
      集体研究结论: '积极应诉，负责人出庭',
      上诉日期: '2025-05-20',
      审结日期: '2025-06-25',
      结果: '驳回诉讼请求',
    },
    registration: {
      kind: 'litigation',
      caseNumber: '(2025)晋0403行初31号',
      agencyId: 'market-regulation',
      receivedOn: '2025-02-10',
      court: '潞州区人民法院',
      filedOn: '2025-02-05',
      parties: [{ role: 'plaintiff', name: '某某有限公司' }],
    },
    actions: [
      { type: 'mark-major', on: '2025-02-12', reasonDetail: reason },
      { type: 'judge', on: '2025-05-09', servedOn: '2025-05-09', form: 'judgment', instance: 'first', outcome: 'claims-dismissed' },
      { type: 'collective-review', on: '2025-05-12', forum: 'government-meeting', conclusion: '积极应诉，负责人出庭' },
      { type: 'appeal', on: '2025-05-20', by: 'plaintiff' },
      { type: 'conclude', on: '2025-06-25', outcome: 'claims-dismissed' },
    ],
  },
  {
    // Suspended and resumed, then a ruling dismissing the suit: its ten-day appeal period is open.
    cells: {
      案件类型: '行政应诉',
      案号: '(2025)晋0403行初32号',
      机关: '区市场监督管理局',
      当事人: '王五',
      收到日期: '2025-03-10',
      法院: '潞州区人民法院',
      中止日期: '2025-03-20',
      恢复日期: '2025-04-10',
      一审裁判送达日期: '2025-06-23',
      一审裁判形式: '裁定（驳回起诉）',
      一审裁判结果: '驳回起诉',
    },
    registration: {
      kind: 'litigation',
      caseNumber: '(2025)晋0403行初32号',
      agencyId: 'market-regulation',
      receivedOn: '2025-03-10',
      court: '潞州区人民法院',
      parties: [{ role: 'plaintiff', name: '王五' }],
    },
    actions: [
      { type: 'suspend', on: '2025-03-20', reason: 'other' },
      { type: 'resume', on: '2025-04-10' },
      { type: 'judge', on: '2025-06-23', servedOn: '2025-06-23', form: 'ruling', rulingType: 'suit-dismissed', instance: 'first', outcome: 'suit-dismissed' },
    ],
  },
];

async function entered(app: Office['app']): Promise<void> {
  const headers = await authHeader('legal-office', undefined, CLERK);
  for (const { registration, actions } of cases) {
    const created = await call(app, 'POST', '/cases', { headers, body: registration });
    expect(created.status, created.text).toBe(201);
    const id = (created.body as { id: string }).id;
    for (const action of actions) {
      const res = await call(app, 'POST', `/cases/${id}/actions`, { headers, body: action });
      expect(res.status, `${String(action.type)}: ${res.text}`).toBe(200);
    }
  }
}

async function caseIdOf(app: Office['app'], caseNumber: string): Promise<string> {
  const res = await call(app, 'GET', `/cases?q=${encodeURIComponent(caseNumber)}`, { headers: await authHeader('legal-office') });
  const [found] = (res.body as { items: { id: string }[] }).items;
  if (!found) throw new Error(`no case ${caseNumber}`);
  return found.id;
}

const INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g;
const ULID = /[0-9A-HJKMNP-TV-Z]{26}/g;

/** Every item of a case's partition, in key order, with its ids and write instants blanked. */
async function itemsOf(table: Table, caseId: string): Promise<unknown[]> {
  const res = await table.doc.send(new QueryCommand({ TableName: table.name, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `CASE#${caseId}` }, ConsistentRead: true }));
  return (res.Items ?? []).map((item) => JSON.parse(JSON.stringify(item).replaceAll(caseId, '<case>').replace(INSTANT, '<at>').replace(ULID, '<id>')) as unknown);
}

async function caseView(app: Office['app'], caseId: string) {
  const headers = await authHeader('legal-office');
  const res = await call(app, 'GET', `/cases/${caseId}`, { headers });
  const history = await call(app, 'GET', `/cases/${caseId}/history?limit=200`, { headers });
  const blank = (value: unknown) => JSON.parse(JSON.stringify(value).replaceAll(caseId, '<case>').replace(INSTANT, '<at>')) as Record<string, unknown>;
  return { record: blank(res.body), history: blank(history.body).items as Record<string, unknown>[] };
}

async function statistics(app: Office['app']) {
  const res = await call(app, 'GET', '/statistics?from=2025-01-01&to=2025-12-31', { headers: await authHeader('stats-reader') });
  expect(res.status, res.text).toBe(200);
  return res.body as { reconsideration: Record<string, unknown>; litigation: Record<string, unknown> };
}

beforeAll(async () => {
  [imported, byHand] = await Promise.all([office('ledger-steps-import'), office('ledger-steps-hand')]);
  const res = await upload(imported.app, await ledgerXlsx(cases.map((c) => c.cells)), false);
  expect(res.body).toEqual({ dryRun: false, rows: 4, created: 4, unchanged: 0, errors: [] });
  await entered(byHand.app);
  await Promise.all([imported.aggregator.drain(), byHand.aggregator.drain()]);
}, 120_000);

describe('the later steps of a ledger import as entered by hand', () => {
  it.each(cases.map((c) => [c.cells.案号 as string]))('%s: the same items, status, deadlines and trail', async (caseNumber) => {
    const [importedId, handId] = await Promise.all([caseIdOf(imported.app, caseNumber), caseIdOf(byHand.app, caseNumber)]);
    const [ours, theirs] = await Promise.all([itemsOf(imported.table, importedId), itemsOf(byHand.table, handId)]);
    expect(ours.length).toBeGreaterThan(1);
    expect(ours).toEqual(theirs);
    const [a, b] = await Promise.all([caseView(imported.app, importedId), caseView(byHand.app, handId)]);
    expect(a.record).toEqual(b.record);
    expect(a.history).toEqual(b.history);
  });

  it('records the major case, its review, its extension and its decision with the clerk’s words', async () => {
    const { record, history } = await caseView(imported.app, await caseIdOf(imported.app, '潞复〔2025〕31号'));
    expect(record).toMatchObject({ status: 'decided', major: true, markedMajorOn: '2025-03-10', collectivelyReviewedOn: '2025-04-08', outcome: 'confirm-illegal' });
    // Accepted 03-05: sixty days and the thirty of the extension end on 06-03 (行政复议法第六十二条); decided 06-10, late.
    expect((record.deadlines as { type: string }[]).find((d) => d.type === 'decision')).toMatchObject({ dueOn: '2025-06-03', status: 'met', late: true });
    expect(history.map((h) => h.action)).toEqual(['register', 'accept', 'mark-major', 'collective-review', 'extend', 'decide']);
    expect(history.find((h) => h.action === 'collective-review')).toMatchObject({ on: '2025-04-08', details: { forum: 'committee', conclusion }, actor: { name: CLERK } });
  });

  it('keeps a case suspended, and an open ruling’s appeal period running', async () => {
    const suspended = await caseView(imported.app, await caseIdOf(imported.app, '潞复〔2025〕32号'));
    expect(suspended.record).toMatchObject({ status: 'suspended' });
    expect((suspended.record.deadlines as { type: string }[]).find((d) => d.type === 'decision')).toMatchObject({ status: 'paused' });
    const ruled = await caseView(imported.app, await caseIdOf(imported.app, '(2025)晋0403行初32号'));
    expect(ruled.record).toMatchObject({ status: 'judged', instance: 'first' });
    // 行政诉讼法第八十五条: ten days from the service of a ruling, 06-23 → 07-03.
    expect((ruled.record.deadlines as { type: string }[]).find((d) => d.type === 'appeal')).toMatchObject({ dueOn: '2025-07-03', status: 'open' });
  });

  it('counts the major cases and their reviews as the hand-entered office does', async () => {
    const [ours, theirs] = await Promise.all([statistics(imported.app), statistics(byHand.app)]);
    expect(ours).toEqual(theirs);
    expect(ours.reconsideration).toMatchObject({ majorCases: 1, majorCasesReviewed: 1, concluded: 1 });
    expect(ours.litigation).toMatchObject({ majorCases: 1, majorCasesReviewed: 1, concluded: 1 });
  });
});

describe('export → import', () => {
  it('the export of either office imports back unchanged, and carries the later columns', async () => {
    for (const source of [imported, byHand]) {
      const exported = await download(source.app, '/cases.xlsx');
      expect(exported.status).toBe(200);
      const cells = await readWorkbookRows(exported.bytes);
      expect(cells).toHaveLength(4);
      const back = await upload(imported.app, await ledgerXlsx(cells), true);
      expect(back.body).toEqual({ dryRun: true, rows: 4, created: 0, unchanged: 4, errors: [] });
    }
    const cells = await readWorkbookRows((await download(byHand.app, '/cases.xlsx')).bytes);
    expect(cells.find((c) => c.案号 === '(2025)晋0403行初31号')).toMatchObject({
      重大案件认定理由: reason,
      集体研究形式: '区政府常务会议',
      一审裁判形式: '判决',
      一审裁判结果: '驳回诉讼请求',
    });
    expect(cells.find((c) => c.案号 === '潞复〔2025〕32号')).toMatchObject({ 中止日期: '2025-04-21、2025-06-03', 恢复日期: '2025-05-06' });
  });

  it('a changed 集体研究日期 is a conflict naming that column', async () => {
    const cells = await readWorkbookRows((await download(imported.app, '/cases.xlsx')).bytes);
    const at = cells.findIndex((c) => c.案号 === '潞复〔2025〕31号');
    const edited = cells.map((c, i) => (i === at ? { ...c, 集体研究日期: '2025-04-09' } : c));
    const res = await upload(imported.app, await ledgerXlsx(edited), true);
    expect(res.body).toMatchObject({ created: 0, unchanged: 3 });
    expect(res.body.errors).toEqual([{ row: at + 2, column: '集体研究日期', message: expect.stringContaining('案号 潞复〔2025〕31号 已登记，但本行的集体研究日期与系统中的记录不同') }]);
  });
});

describe('steps the case does not allow', () => {
  it('a major case concluded with no collective review is a row error, and nothing of the file is written', async () => {
    const good: LedgerCells = { 案件类型: '行政复议', 案号: '潞复〔2025〕40号', 机关: 'market-regulation', 当事人: '赵六', 收到日期: '2025-05-06', 受理日期: '2025-05-07' };
    const unreviewed: LedgerCells = {
      案件类型: '行政应诉',
      案号: '(2025)晋0403行初40号',
      机关: 'market-regulation',
      当事人: '某某村民委员会',
      收到日期: '2025-03-03',
      法院: '潞州区人民法院',
      重大案件认定日期: '2025-03-05',
      重大案件认定理由: reason,
      审结日期: '2025-06-20',
      结果: '撤诉',
    };
    const lateExtension: LedgerCells = { ...good, 案号: '潞复〔2025〕41号', 收到日期: '2025-03-03', 受理日期: '2025-03-05', 延期日期: '2025-06-20' };
    const res = await upload(imported.app, await ledgerXlsx([good, unreviewed, lateExtension]), false);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'LEDGER_INVALID', created: 0 });
    expect(res.body.errors).toEqual([
      { row: 3, column: '集体研究日期', message: expect.stringContaining('本案已于2025-03-05列为重大案件，依重大行政复议应诉案件集体研究制度，须经集体研究') },
      { row: 4, column: '延期日期', message: '审理期限已于2025-05-06届满，不能再延期：延期只适用于不能在规定期限内作出决定的案件（行政复议法第六十二条第一款）' },
    ]);
    for (const caseNumber of ['潞复〔2025〕40号', '(2025)晋0403行初40号', '潞复〔2025〕41号']) {
      const found = await call(imported.app, 'GET', `/cases?q=${encodeURIComponent(caseNumber)}`, { headers: await authHeader('legal-office') });
      expect((found.body as { items: unknown[] }).items).toEqual([]);
    }
  });
});
