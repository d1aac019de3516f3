import { BatchGetCommand, DeleteCommand, PutCommand, QueryCommand, type BatchGetCommandInput, type DeleteCommandInput, type PutCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { importLedger, runLedgerImport, type LedgerDeps } from '../../shared/app/import-ledger';
import { ledgerDepsFor } from '../../shared/app/ledger-deps';
import { addDays } from '../../shared/domain/dates';
import { createLocalApp } from '../../shared/local/local-app';
import { createDocumentClient } from '../../shared/store/client';
import { newId } from '../../shared/store/ids';
import { DynamoLedgerStore } from '../../shared/store/ledger-store';
import { Table } from '../../shared/store/table';
import { ensureAgency, validIdNumber } from '../support/cases';
import { movableClock } from '../support/clock';
import { Visitor } from '../support/console';
import { dynamoEndpoint, freshTable } from '../support/dynamo';
import { authHeader, call } from '../support/http';
import { download, gbk, ledgerCsv, ledgerXlsx, readWorkbookRows, upload, type LedgerCells } from '../support/ledger';
import { aggregatorFor } from '../support/stream';

/**
 * A district's ledger for 2024, kept in Excel and imported in January 2025: 60 reconsideration
 * and 60 litigation cases across four agencies, nine of them carried over from 2023.
 */
const clock = movableClock('2025-01-20T10:00:00+08:00');
const agencies = [
  { id: 'market-regulation', name: '区市场监督管理局' },
  { id: 'public-security', name: '区公安分局' },
  { id: 'natural-resources', name: '区自然资源局' },
  { id: 'human-resources', name: '区人力资源和社会保障局' },
];
const reconsiderationOutcomes = ['维持', '驳回行政复议请求', '撤销', '确认违法', '终止'];
const litigationOutcomes = ['驳回诉讼请求', '驳回起诉', '撤诉', '调解', '撤销', '确认违法', '赔偿/给付'];
const date = (month: number, day: number, year = 2024) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

function ledger(): LedgerCells[] {
  const rows: LedgerCells[] = [];
  let concludedR = 0;
  let concludedL = 0;
  // Reconsideration carried over: received and accepted in December 2023, decided in January 2024.
  for (let i = 0; i < 5; i++) {
    rows.push({
      案件类型: '行政复议',
      案号: `潞复〔2023〕${80 + i}号`,
      机关: agencies[i % 4]!.name,
      当事人: `申请人旧${i}`,
      收到日期: date(12, 4, 2023),
      受理日期: '2023/12/5',
      审结日期: '2024年1月15日',
      结果: reconsiderationOutcomes[concludedR++ % 5]!,
    });
  }
  // 55 received in 2024: 3 rejected, 52 accepted the day they arrived, 40 of those decided 40 days later.
  for (let i = 0; i < 55; i++) {
    const received = date(1 + (i % 10), 5 + (i % 15));
    const row: LedgerCells = {
      案件类型: '行政复议',
      案号: `潞复〔2024〕${i + 1}号`,
      机关: i % 2 === 0 ? agencies[i % 4]!.id : agencies[i % 4]!.name,
      当事人: i % 10 === 0 ? '张伟' : `申请人${i}`,
      当事人身份证号: validIdNumber('19800101', String(100 + i)),
      收到日期: new Date(`${received}T00:00:00Z`),
      执法领域: '市场监管',
      行为类别: '行政处罚',
      案由: '不服行政处罚决定',
    };
    if (i < 3) row.不予受理日期 = addDays(received, 2);
    else {
      row.受理日期 = received;
      if (i < 43) {
        row.审结日期 = addDays(received, 40);
        row.结果 = reconsiderationOutcomes[concludedR++ % 5]!;
      }
    }
    rows.push(row);
  }
  // Litigation carried over from November 2023, concluded in February 2024.
  for (let i = 0; i < 4; i++) {
    rows.push({
      案件类型: '行政应诉',
      案号: `(2023)晋0403行初${90 + i}号`,
      机关: agencies[i % 4]!.id,
      当事人: `某某有限公司旧${i}`,
      收到日期: date(11, 6, 2023),
      法院: '潞州区人民法院',
      立案日期: date(11, 1, 2023),
      审结日期: date(2, 20),
      结果: litigationOutcomes[concludedL++ % 7]!,
    });
  }
  // 56 received in 2024; 30 heard once (a head at 27 of them); 45 concluded 50 days after service.
  for (let i = 0; i < 56; i++) {
    const received = date(1 + (i % 10), 3 + (i % 20));
    const row: LedgerCells = {
      案件类型: '行政应诉',
      案号: `(2024)晋0403行初${i + 1}号`,
      机关: agencies[i % 4]!.name,
      当事人: i % 15 === 0 ? '山西某某建设有限公司' : `某某有限公司${i}`,
      第三人: i === 7 ? '李四' : '',
      收到日期: received,
      法院: '潞州区人民法院',
      立案日期: addDays(received, -2),
    };
    if (i < 30) {
      row.开庭日期 = addDays(received, 20);
      row.负责人是否出庭 = i < 27 ? '是' : '否';
      if (i < 27) {
        row.出庭负责人 = '李局长';
        row.出庭负责人职务 = '副职';
      }
    }
    if (i < 45) {
      row.审结日期 = addDays(received, 50);
      row.结果 = litigationOutcomes[concludedL++ % 7]!;
    }
    rows.push(row);
  }
  return rows;
}

let table: Table;
let app: ReturnType<typeof createLocalApp>;
let aggregator: ReturnType<typeof aggregatorFor>;
const rows = ledger();
let file: Uint8Array;

async function statistics(query: string) {
  const res = await call(app, 'GET', `/statistics?${query}`, { headers: await authHeader('stats-reader') });
  expect(res.status, res.text).toBe(200);
  return res.body as { reconsideration: Record<string, unknown>; litigation: Record<string, unknown> };
}

async function listAll(query = '', role = 'legal-office', agencyId?: string) {
  const res = await call(app, 'GET', `/cases?limit=200${query}`, { headers: await authHeader(role, agencyId) });
  expect(res.status, res.text).toBe(200);
  return (res.body as { items: { id: string; caseNumber: string; agencyId: string; parties: { name: string; idNumber?: string }[] }[] }).items;
}

beforeAll(async () => {
  table = await freshTable('ledger');
  app = createLocalApp({ table, clock });
  aggregator = aggregatorFor(table);
  for (const agency of agencies) await ensureAgency(app, agency.id, agency.name);
  file = await ledgerXlsx(rows);
}, 120_000);

describe('importing a year’s ledger', () => {
  it('a dry run reports what it would create and writes nothing', async () => {
    const res = await upload(app, file, true);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ dryRun: true, rows: 120, created: 120, unchanged: 0, errors: [] });
    expect(await listAll()).toHaveLength(0);
  });

  it('a commit registers every row, and the year’s statistics equal the table computed by hand', async () => {
    const res = await upload(app, file, false);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ dryRun: false, rows: 120, created: 120, unchanged: 0, errors: [] });
    await aggregator.drain();
    const year = await statistics('from=2024-01-01&to=2024-12-31');
    expect(year.reconsideration).toMatchObject({
      received: 55,
      accepted: 52,
      notAccepted: 3,
      concluded: 45,
      handled: 60,
      pending: 12,
      byOutcome: { uphold: 9, dismiss: 9, revoke: 9, 'confirm-illegal': 9, termination: 9 },
      correctionRate: 0.4,
      decisionCorrectionRate: 0.5,
      concludedOnTime: 45,
    });
    expect(year.litigation).toMatchObject({
      received: 56,
      concluded: 49,
      handled: 60,
      pending: 11,
      byOutcome: { 'claims-dismissed': 7, 'suit-dismissed': 7, withdrawn: 7, mediation: 7, revoke: 7, 'confirm-illegal': 7, compensation: 7 },
      lossRate: 21 / 49,
      hearingsHeld: 30,
      hearingsWithHead: 27,
      instancesHeard: 30,
      instancesWithHead: 27,
      headAppearanceRate: 0.9,
    });
    // The carry-overs were accepted in 2023 (2017 text: on receipt).
    const december = await statistics('from=2023-12-01&to=2023-12-31');
    expect(december.reconsideration).toMatchObject({ received: 5, accepted: 5, pending: 5 });
  });

  it('records each imported case as if entered by hand: the steps, the trail, the deadlines', async () => {
    const [found] = await listAll(`&q=${encodeURIComponent('潞复〔2024〕4号')}`);
    const res = await call(app, 'GET', `/cases/${found!.id}`, { headers: await authHeader('legal-office') });
    const record = res.body as Record<string, unknown>;
    expect(record).toMatchObject({ status: 'decided', acceptedOn: '2024-04-08', concludedOn: '2024-05-18', outcome: 'uphold' });
    expect((record.parties as { idNumber: string }[])[0]!.idNumber).toMatch(/^1404\*+\d{3}[\dX]$/);
    const history = await call(app, 'GET', `/cases/${found!.id}/history`, { headers: await authHeader('legal-office') });
    expect((history.body as { items: { action: string; actor: { name: string } }[] }).items.map((e) => e.action)).toEqual(['register', 'accept', 'decide']);
    expect((history.body as { items: { actor: { name: string } }[] }).items[0]!.actor.name).toBe('王芳');
    expect((record.deadlines as { type: string; status: string }[]).find((d) => d.type === 'decision')).toMatchObject({ status: 'met' });
  });

  it('importing the same file again changes nothing', async () => {
    const before = await statistics('from=2024-01-01&to=2024-12-31');
    const res = await upload(app, file, false);
    expect(res.body).toEqual({ dryRun: false, rows: 120, created: 0, unchanged: 120, errors: [] });
    await aggregator.drain();
    expect(await statistics('from=2024-01-01&to=2024-12-31')).toEqual(before);
    expect(await listAll()).toHaveLength(120);
  });

  it('a row whose case number is registered with other content is an error, never an overwrite', async () => {
    const changed = rows.map((row) => (row.案号 === '潞复〔2024〕10号' ? { ...row, 结果: '撤销' } : row));
    const res = await upload(app, await ledgerXlsx(changed), true);
    expect(res.body.errors).toEqual([
      { row: 16, column: '结果', message: expect.stringContaining('案号 潞复〔2024〕10号 已登记，但本行的结果与系统中的记录不同') },
    ]);
    expect(res.body).toMatchObject({ created: 0, unchanged: 119 });
  });
});

describe('the annual report', () => {
  it('writes the year’s paragraph word for word, from the same figures as GET /statistics, with last year’s', async () => {
    const res = await call(app, 'GET', '/reports/annual?year=2024', { headers: await authHeader('stats-reader') });
    expect(res.status, res.text).toBe(200);
    const report = res.body as Record<string, unknown>;
    expect(report.text).toBe('2024年，共受理行政复议案件52件，审结45件；办理行政应诉案件60件，已审结49件，行政机关负责人出庭应诉率为90%。');
    expect(report.yearOnYear).toBe('与2023年相比，受理行政复议案件增加47件，增长940%；审结行政复议案件增加45件；办理行政应诉案件增加56件，增长1400%；审结行政应诉案件增加49件。');
    const year = await statistics('from=2024-01-01&to=2024-12-31');
    expect(report.figures).toEqual({ reconsideration: year.reconsideration, litigation: year.litigation });
    expect(report.previousYear).toMatchObject({ year: 2023, from: '2023-01-01', to: '2023-12-31', figures: { reconsideration: { accepted: 5, concluded: 0 }, litigation: { handled: 4 } } });
  });

  it('names one agency as respondent and defendant, and says so when no case was heard', async () => {
    const res = await call(app, 'GET', '/reports/annual?year=2023&agencyId=market-regulation', { headers: await authHeader('legal-office') });
    expect((res.body as { text: string }).text).toBe(
      '2023年，区市场监督管理局作为被申请人的行政复议案件受理2件，审结0件；作为被告的行政应诉案件办理1件，已审结0件，年内无开庭审理的案件。',
    );
    const head = await call(app, 'GET', '/reports/annual?year=2024', { headers: await authHeader('agency-head', 'market-regulation') });
    expect(head.status).toBe(403);
  });

  it('the Word document holds the paragraph and a table by agency', async () => {
    const docx = await download(app, '/reports/annual.docx?year=2024', 'stats-reader');
    expect(docx.status).toBe(200);
    expect(docx.type).toContain('wordprocessingml');
    const zip = await JSZip.loadAsync(docx.bytes);
    const xml = await zip.file('word/document.xml')!.async('string');
    const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => [...p[0].matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''));
    expect(paragraphs).toContain('2024年度行政复议和行政应诉工作情况');
    expect(paragraphs).toContain('2024年，共受理行政复议案件52件，审结45件；办理行政应诉案件60件，已审结49件，行政机关负责人出庭应诉率为90%。');
    const table = paragraphs.slice(paragraphs.indexOf('附表：各机关行政复议和行政应诉情况') + 1);
    expect(table.slice(0, 8)).toEqual(['机关', '行政复议受理', '行政复议审结', '直接纠错率', '行政应诉办理', '行政应诉审结', '败诉率', '负责人出庭应诉率']);
    expect(table.slice(-8)).toEqual(['合计', '52', '45', '40%', '60', '49', '42.9%', '90%']);
    expect(table).toContain('区自然资源局');
  });

  it('the statistics workbook lists agencies by name first, with the outcome breakdown', async () => {
    const xlsx = await download(app, '/statistics.xlsx?from=2024-01-01&to=2024-12-31', 'stats-reader');
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(xlsx.bytes) as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 2)).toEqual(['机关名称', '机关代码']);
    const total = (sheet.getRow(sheet.rowCount).values as unknown[]).slice(1);
    expect(total[0]).toBe('合计');
    expect(total[header.indexOf('行政复议结果：撤销')]).toBe(9);
    expect(total[header.indexOf('行政应诉结果：赔偿/给付')]).toBe(7);
    expect(total[header.indexOf('负责人出庭应诉率')]).toBe(0.9);
  });
});

describe('all or nothing', () => {
  const fresh = (n: number, overrides: LedgerCells = {}): LedgerCells => ({
    案件类型: '行政复议',
    案号: `潞复〔2025〕${n}号`,
    机关: '区市场监督管理局',
    当事人: `新申请人${n}`,
    收到日期: '2025-01-06',
    受理日期: '2025-01-07',
    ...overrides,
  });

  it('one bad row: the commit is 422 with every error by row and column, and no row is written', async () => {
    const res = await upload(app, await ledgerXlsx([fresh(1), fresh(2), fresh(3, { 收到日期: '2024-02-30' }), fresh(4)]), false);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'LEDGER_INVALID', created: 0, errors: [{ row: 4, column: '收到日期', message: '日期不存在：2024-02-30' }] });
    expect(await listAll(`&q=${encodeURIComponent('潞复〔2025〕')}`)).toHaveLength(0);
  });

  it('a dry run names each bad cell: unknown agency, outcome label, ID check character, impossible order', async () => {
    const badId = `${validIdNumber().slice(0, 17)}${validIdNumber().endsWith('0') ? '1' : '0'}`;
    const res = await upload(
      app,
      await ledgerXlsx([
        fresh(11, { 机关: '区不存在局' }),
        fresh(12, { 审结日期: '2025-01-10', 结果: '同意' }),
        fresh(13, { 当事人身份证号: badId }),
        fresh(14, { 受理日期: '2025-01-09', 审结日期: '2025-01-08', 结果: '维持' }),
        fresh(15, { 案件类型: '行政诉讼' }),
        fresh(16, { 受理日期: '2025-02-01' }),
      ]),
      true,
    );
    expect(res.status).toBe(200);
    const errors = res.body.errors as { row: number; column: string; message: string }[];
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [2, '机关'],
      [3, '结果'],
      [4, '当事人身份证号'],
      [5, '审结日期'],
      [6, '案件类型'],
      [7, '受理日期'],
    ]);
    expect(errors[0]!.message).toContain('未登记的机关“区不存在局”');
    expect(errors[1]!.message).toContain('“同意”不是行政复议的结果，可填：维持、驳回行政复议请求');
    expect(errors[2]!.message).toBe('不是有效的身份证号：校验码有误');
    expect(errors[3]!.message).toBe('不能早于上一步骤的日期（2025-01-09）');
    expect(errors[5]!.message).toBe('不能晚于今天（2025-01-20，北京时间）');
    expect(res.body.created).toBe(0);
  });

  it('refuses a file that is not a spreadsheet, a wrong header, and a file over 4 MB', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const notSheet = await upload(app, png, true);
    expect(notSheet.status).toBe(415);
    expect(notSheet.body.detail).toBe('文件不是 .xlsx 表格或 CSV 文本，请上传台账模板格式的表格');

    const header = ['案件类型', '案号', '机关', '当事人', '受到日期'];
    const wrong = await upload(app, await ledgerXlsx([fresh(20)], header), true);
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors).toEqual([
      { row: 1, column: '受到日期', message: '未知的列“受到日期”' },
      { row: 1, column: '收到日期', message: '缺少必需的列“收到日期”' },
    ]);

    const big = new Uint8Array(4 * 1024 * 1024 + 1).fill(0x41);
    const tooBig = await upload(app, big, true);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.code).toBe('BODY_TOO_LARGE');
    expect(await listAll(`&q=${encodeURIComponent('潞复〔2025〕')}`)).toHaveLength(0);
  });

  it('only the legal office imports', async () => {
    const res = await upload(app, await ledgerXlsx([fresh(30)]), true, { role: 'agency-head', agencyId: 'market-regulation' });
    expect(res.status).toBe(403);
  });
});

describe('CSV as Excel and WPS save it', () => {
  it('reads a GBK CSV with dates as text in three spellings', async () => {
    const csv = ledgerCsv([
      { 案件类型: '行政复议', 案号: '潞复〔2025〕101号', 机关: '区公安分局', 当事人: '王五、赵六', 收到日期: '2025/1/6', 受理日期: '2025年1月7日' },
      { 案件类型: '行政应诉', 案号: '(2025)晋0403行初101号', 机关: 'public-security', 当事人: '某某商贸有限公司', 收到日期: '2025-01-08', 法院: '潞州区人民法院', 立案日期: '2025-01-03' },
    ]);
    const bytes = gbk(csv);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const res = await upload(app, bytes, false, { contentType: 'text/csv' });
    expect(res.body).toEqual({ dryRun: false, rows: 2, created: 2, unchanged: 0, errors: [] });
    const [found] = await listAll(`&q=${encodeURIComponent('赵六')}`);
    expect(found).toMatchObject({ caseNumber: '潞复〔2025〕101号', agencyId: 'public-security' });
    expect(found!.parties.map((p) => p.name)).toEqual(['王五', '赵六']);
  });

  it('reads a UTF-8 CSV with a BOM', async () => {
    const csv = `\ufeff${ledgerCsv([{ 案件类型: '行政复议', 案号: '潞复〔2025〕102号', 机关: '区公安分局', 当事人: '钱七', 收到日期: '2025-01-09' }])}`;
    const res = await upload(app, new TextEncoder().encode(csv), true);
    expect(res.body).toMatchObject({ rows: 1, created: 1, errors: [] });
  });
});

describe('export → edit → import', () => {
  it('an agency’s exported ledger imports back unchanged; an added row is created, an edited one refused', async () => {
    const exported = await download(app, '/cases.xlsx?agencyId=natural-resources&receivedTo=2024-12-31');
    expect(exported.status).toBe(200);
    expect(exported.type).toContain('spreadsheetml');
    const cells = await readWorkbookRows(exported.bytes);
    const expected = rows.filter((r) => [r.机关].some((a) => a === 'natural-resources' || a === '区自然资源局'));
    expect(cells).toHaveLength(expected.length);
    expect(cells.every((c) => c.机关 === '区自然资源局')).toBe(true);

    const back = await upload(app, await ledgerXlsx(cells), true);
    expect(back.body).toEqual({ dryRun: true, rows: expected.length, created: 0, unchanged: expected.length, errors: [] });

    const heard = cells.findIndex((c) => c.开庭日期);
    const edited = cells.map((c, i) => (i === heard ? { ...c, 负责人是否出庭: c.负责人是否出庭 === '是' ? '否' : '是' } : c));
    edited.push({ 案件类型: '行政应诉', 案号: '(2025)晋0403行初200号', 机关: '区自然资源局', 当事人: '某某村民委员会', 收到日期: '2025-01-10', 法院: '潞州区人民法院' });
    const again = await upload(app, await ledgerXlsx(edited), true);
    expect(again.body).toMatchObject({ created: 1, unchanged: expected.length - 1 });
    expect(again.body.errors).toEqual([{ row: heard + 2, column: '开庭日期', message: expect.stringContaining('已登记，但本行的开庭日期与系统中的记录不同') }]);
  });
});

describe('searching cases', () => {
  it('finds by case-number prefix and by a party’s exact name, within an agency head’s agency', async () => {
    const prefix = await listAll(`&q=${encodeURIComponent('潞复〔2024〕1')}`);
    expect(prefix.map((c) => c.caseNumber).sort()).toEqual(['潞复〔2024〕1号', ...Array.from({ length: 10 }, (_, i) => `潞复〔2024〕${10 + i}号`)].sort());
    const exact = await listAll(`&q=${encodeURIComponent('(2024)晋0403行初15号')}`);
    expect(exact.map((c) => c.caseNumber)).toEqual(['(2024)晋0403行初15号']);
    // Full-width brackets are the same number.
    expect((await listAll(`&q=${encodeURIComponent('（2024）晋0403行初15号')}`)).map((c) => c.caseNumber)).toEqual(['(2024)晋0403行初15号']);

    const byName = await listAll(`&q=${encodeURIComponent('张伟')}`);
    expect(byName).toHaveLength(6);
    const head = await listAll(`&q=${encodeURIComponent('张伟')}`, 'agency-head', 'natural-resources');
    expect(head.map((c) => c.caseNumber).sort()).toEqual(['潞复〔2024〕11号', '潞复〔2024〕31号', '潞复〔2024〕51号'].sort());
    expect(await listAll(`&q=${encodeURIComponent('张')}`)).toHaveLength(0);
    const headPrefix = await listAll(`&q=${encodeURIComponent('潞复〔2024〕1')}`, 'agency-head', 'market-regulation');
    expect(headPrefix.every((c) => c.agencyId === 'market-regulation')).toBe(true);
    expect(headPrefix.map((c) => c.caseNumber).sort()).toEqual(['潞复〔2024〕1号', '潞复〔2024〕13号', '潞复〔2024〕17号'].sort());
  });

  it('pages through a search with the cursor', async () => {
    const first = await call(app, 'GET', `/cases?limit=4&q=${encodeURIComponent('潞复〔2024〕')}`, { headers: await authHeader('legal-office') });
    const body = first.body as { items: { caseNumber: string }[]; nextCursor: string };
    expect(body.items).toHaveLength(4);
    const second = await call(app, 'GET', `/cases?limit=4&q=${encodeURIComponent('潞复〔2024〕')}&cursor=${body.nextCursor}`, { headers: await authHeader('legal-office') });
    const next = second.body as { items: { caseNumber: string }[] };
    expect(next.items).toHaveLength(4);
    expect(next.items.map((c) => c.caseNumber)).not.toContain(body.items[0]!.caseNumber);
  });
});

describe('a large import', () => {
  const identity = { sub: 'clerk', name: '王芳', roles: ['legal-office' as const] };
  const yearRow = (year: number, i: number, overrides: LedgerCells = {}): LedgerCells => ({
    案件类型: '行政复议',
    案号: `潞复〔${year}〕${i + 1}号`,
    机关: 'human-resources',
    当事人: `申请人甲${i}`,
    收到日期: `${year}-06-01`,
    受理日期: `${year}-06-02`,
    审结日期: `${year}-07-20`,
    结果: '维持',
    ...overrides,
  });
  const ledgerOf = (year: number, count: number, replace: Record<number, LedgerCells> = {}) =>
    Array.from({ length: count }, (_, i) => replace[i] ?? yearRow(year, i));
  /** The use case's own deps on the test's table, where a test starts the background itself. */
  const depsOf = (ledger = new DynamoLedgerStore(table)): LedgerDeps => ({
    ...ledgerDepsFor(table, { startImport: async () => undefined }),
    ledger,
    clock,
  });

  async function statusOf(id: string, language = 'zh') {
    const res = await call(app, 'GET', `/imports/${id}`, { headers: { ...(await authHeader('legal-office')), 'accept-language': language } });
    expect(res.status, res.text).toBe(200);
    return res.body as Record<string, unknown> & { report?: { errors: unknown[] } };
  }

  async function untilEnded(id: string) {
    let status: Record<string, unknown> = {};
    for (let i = 0; i < 240; i++) {
      status = await statusOf(id);
      expect(status.phase).toMatch(/^(check|write)$/);
      if (status.status !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return status;
  }

  /** The case-number guards of a year's numbers that exist (a case registered under each). */
  async function registered(year: number, count: number): Promise<number> {
    const ids = await new DynamoLedgerStore(table).caseIdsOf(Array.from({ length: count }, (_, i) => ({ kind: 'reconsideration' as const, caseNumber: `潞复〔${year}〕${i + 1}号` })));
    return ids.filter(Boolean).length;
  }

  it('a dry run of 250 rows answers 202 at once and ends done with the report a check in the request gives', async () => {
    const same = rows.find((r) => r.案号 === '潞复〔2024〕11号')!;
    const changed = { ...rows.find((r) => r.案号 === '潞复〔2024〕10号')!, 结果: '撤销' };
    const file = await ledgerXlsx(ledgerOf(2021, 250, { 5: same, 6: changed, 238: yearRow(2021, 238, { 收到日期: '2021-02-30' }) }));
    const res = await upload(app, file, true);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toEqual({ id: expect.stringMatching(/^[0-9A-Z]{26}$/), status: 'running', rows: 250, dryRun: true });
    const status = await untilEnded(String(res.body.id));
    expect(status).toMatchObject({ status: 'done', dryRun: true, phase: 'check', rowsDone: 250, rows: 250 });
    expect(status.report).toEqual({
      dryRun: true,
      rows: 250,
      created: 247,
      unchanged: 1,
      errors: [
        { row: 8, column: '结果', message: expect.stringContaining('案号 潞复〔2024〕10号 已登记，但本行的结果与系统中的记录不同') },
        { row: 240, column: '收到日期', message: '日期不存在：2021-02-30' },
      ],
    });
    // The same file checked within the request (as a file of at most 200 rows is) reports the same.
    const inRequest = await importLedger(depsOf(), identity, { bytes: file, dryRun: true, background: false });
    expect(inRequest.kind).toBe('report');
    const report = inRequest.kind === 'report' ? inRequest.report : undefined;
    expect(status.report).toEqual({ ...report, errors: report?.errors.map((e) => ({ ...e, message: e.message.zh })) });
    expect((await statusOf(String(res.body.id), 'en')).report?.errors[1]).toEqual({ row: 240, column: '收到日期', message: expect.stringMatching(/^[ -~]+$/) });
    expect(await registered(2021, 250)).toBe(0);

    // The console's page of the import shows the check's report row by row, as a small file's check does.
    const visitor = new Visitor(app);
    expect((await visitor.signIn('legal-office', '王芳')).status).toBe(303);
    const page = await visitor.get(`/console/imports/${String(res.body.id)}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>台账检查进度</h1>');
    expect(page.text).toContain('<span id="import-mode">仅检查（不写入）</span>');
    expect(page.text).toContain('<strong id="import-status">已完成</strong>');
    expect(page.text).toContain('发现2处问题');
    expect(page.text).toMatch(/<td>第240行<\/td><td>收到日期<\/td><td>日期不存在：2021-02-30<\/td>/);
    expect(page.text).not.toContain('http-equiv="refresh"');
  }, 120_000);

  it('a commit of 250 rows with one bad row ends failed with that row’s error, and writes nothing', async () => {
    const file = await ledgerXlsx(ledgerOf(2021, 250, { 238: yearRow(2021, 238, { 机关: '区不存在局' }) }));
    const res = await upload(app, file, false);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'running', rows: 250, dryRun: false });
    const status = await untilEnded(String(res.body.id));
    expect(status).toMatchObject({
      status: 'failed',
      dryRun: false,
      phase: 'check',
      report: { dryRun: false, rows: 250, created: 0, errors: [{ row: 240, column: '机关', message: expect.stringContaining('未登记的机关“区不存在局”') }] },
    });
    expect(await registered(2021, 250)).toBe(0);
  }, 120_000);

  it('runs a commit of 250 rows in the background: 202, then checking and writing, then done', async () => {
    const res = await upload(app, await ledgerXlsx(ledgerOf(2022, 250)), false);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'running', rows: 250, dryRun: false });
    const status = await untilEnded(String(res.body.id));
    expect(status).toMatchObject({ status: 'done', phase: 'write', rowsDone: 250, rows: 250, report: { dryRun: false, rows: 250, created: 250, unchanged: 0, errors: [] } });
    await aggregator.drain();
    expect((await statistics('from=2022-01-01&to=2022-12-31')).reconsideration).toMatchObject({ received: 250, concluded: 250, byOutcome: { uphold: 250 } });
    expect(await registered(2022, 250)).toBe(250);
  }, 180_000);

  it('a run interrupted while checking shows as failed after 15 minutes, and run again finishes whole', async () => {
    const started = '2025-01-20T10:00:00+08:00';
    clock.set(started);
    const file = await ledgerXlsx(ledgerOf(2020, 210));
    const outcome = await importLedger(depsOf(), identity, { bytes: file, dryRun: false });
    expect(outcome).toMatchObject({ kind: 'started', rows: 210, dryRun: false });
    const id = outcome.kind === 'started' ? outcome.id : '';
    expect(await statusOf(id)).toMatchObject({ status: 'running', phase: 'check', rowsDone: 0 });

    // The process dies in its second lookup: the first rows' check has moved the record.
    class Dying extends DynamoLedgerStore {
      lookups = 0;
      override caseIdsOf(numbers: Parameters<DynamoLedgerStore['caseIdsOf']>[0]) {
        return ++this.lookups === 2 ? new Promise<never>(() => undefined) : super.caseIdsOf(numbers);
      }
    }
    const dying = new Dying(table);
    clock.set('2025-01-20T10:01:00+08:00');
    void runLedgerImport(depsOf(dying), id);
    let status = await statusOf(id);
    for (let i = 0; i < 120 && (dying.lookups < 2 || status.rowsDone === 0); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = await statusOf(id);
    }
    expect(status).toMatchObject({ status: 'running', phase: 'check', updatedAt: '2025-01-20T10:01:00+08:00' });
    expect(status.rowsDone).toBeGreaterThan(0);
    expect(status.rowsDone).toBeLessThan(210);
    const visitor = new Visitor(app);
    await visitor.signIn('legal-office', '王芳');
    const page = await visitor.get(`/console/imports/${id}`);
    expect(page.text).toContain('<strong id="import-status">正在导入</strong>');
    expect(page.text).toContain('<strong id="import-phase">检查台账</strong>');
    expect(page.text).toMatch(/已检查 <span id="import-done">[1-9]\d*<\/span> \/ <span id="import-total">210<\/span>/);

    clock.set('2025-01-20T10:16:01+08:00');
    status = await statusOf(id);
    expect(status).toMatchObject({ status: 'failed', phase: 'check', report: { errors: [{ row: 0, message: expect.stringContaining('检查尚未完成，未写入任何案件') }] } });
    expect(await registered(2020, 210)).toBe(0);

    // Lambda runs the invocation again.
    await runLedgerImport(depsOf(), id);
    status = await statusOf(id);
    expect(status).toMatchObject({ status: 'done', phase: 'write', rowsDone: 210, report: { created: 210, unchanged: 0, errors: [] } });
    expect(await registered(2020, 210)).toBe(210);
    await aggregator.drain();
    expect((await statistics('from=2020-01-01&to=2020-12-31')).reconsideration).toMatchObject({ received: 210, concluded: 210 });
    // A further run of an ended job changes nothing.
    await runLedgerImport(depsOf(), id);
    expect(await statusOf(id)).toEqual(status);
    clock.set(started);
  }, 180_000);

  it('stores the file before the job record: a failure midway leaves no job that could run, nor any part', async () => {
    const flaky = createDocumentClient({ endpoint: dynamoEndpoint() });
    const mock = mockClient(flaky);
    let puts = 0;
    let failAt = 3;
    mock.on(PutCommand).callsFake(async (input: PutCommandInput) => {
      if (++puts === failAt) throw new Error('socket hang up');
      return table.doc.send(new PutCommand(input));
    });
    mock.on(DeleteCommand).callsFake(async (input: DeleteCommandInput) => table.doc.send(new DeleteCommand(input)));
    try {
      // Parts of 1 KB, so a 250-row file is a dozen of them.
      const store = new DynamoLedgerStore(new Table(flaky, table.name), Date.now, 1024);
      const ids: string[] = [];
      let started = 0;
      const deps: LedgerDeps = {
        ...depsOf(store),
        newId: () => {
          ids.push(newId());
          return ids.at(-1)!;
        },
        startImport: async () => {
          started++;
        },
      };
      const file = await ledgerXlsx(ledgerOf(2019, 250));
      expect(file.byteLength).toBeGreaterThan(8 * 1024);
      await expect(importLedger(deps, identity, { bytes: file, dryRun: false })).rejects.toThrow('socket hang up');
      expect(started).toBe(0);
      const putKeys = mock.commandCalls(PutCommand).map((c) => String(c.args[0].input.Item?.sk));
      expect(putKeys.length).toBeGreaterThanOrEqual(3);
      expect(putKeys.every((sk) => sk.startsWith('FILE#'))).toBe(true);
      const left = await table.doc.send(new QueryCommand({ TableName: table.name, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `IMPORT#${ids[0]}` } }));
      expect(left.Items).toEqual([]);
      expect((await call(app, 'GET', `/imports/${ids[0]}`, { headers: await authHeader('legal-office') })).status).toBe(404);

      // Stored whole, the record is the last item written, and the job runs.
      mock.resetHistory();
      failAt = 0;
      const outcome = await importLedger(deps, identity, { bytes: file, dryRun: true });
      expect(outcome).toMatchObject({ kind: 'started', dryRun: true });
      expect(started).toBe(1);
      const order = mock.commandCalls(PutCommand).map((c) => String(c.args[0].input.Item?.sk));
      expect(order.length).toBeGreaterThan(8);
      expect(order.at(-1)).toBe('IMPORT');
      expect(order.slice(0, -1).every((sk) => sk.startsWith('FILE#'))).toBe(true);
      const id = outcome.kind === 'started' ? outcome.id : '';
      await runLedgerImport(depsOf(), id);
      expect(await statusOf(id)).toMatchObject({ status: 'done', report: { dryRun: true, rows: 250, created: 250, errors: [] } });
    } finally {
      mock.restore();
    }
  }, 120_000);

  it('looks case numbers up in batches of 100, asking again for the keys DynamoDB left unprocessed', async () => {
    const doc = createDocumentClient({ endpoint: dynamoEndpoint() });
    const mock = mockClient(doc);
    try {
      const asked: number[] = [];
      mock.on(BatchGetCommand).callsFake(async (input: BatchGetCommandInput) => {
        const keys = input.RequestItems?.[table.name]?.Keys ?? [];
        asked.push(keys.length);
        // The first answer of each call serves half the keys, a throttled table's way.
        const served = asked.length <= 3 ? keys.slice(0, Math.ceil(keys.length / 2)) : keys;
        const rest = keys.slice(served.length);
        return {
          Responses: { [table.name]: served.filter((key) => String(key.pk).endsWith('7号')).map((key) => ({ pk: key.pk, caseId: `id-${String(key.pk)}` })) },
          ...(rest.length > 0 ? { UnprocessedKeys: { [table.name]: { Keys: rest } } } : {}),
        };
      });
      const store = new DynamoLedgerStore(new Table(doc, table.name));
      const numbers = Array.from({ length: 250 }, (_, i) => ({ kind: 'reconsideration' as const, caseNumber: `潞复〔2018〕${i + 1}号` }));
      const ids = await store.caseIdsOf(numbers);
      expect(Math.max(...asked)).toBe(100);
      expect(asked.length).toBeGreaterThan(3);
      expect(ids.filter(Boolean)).toHaveLength(25);
      expect(ids[6]).toBe('id-CASENO#reconsideration#潞复〔2018〕7号');
      expect(ids[7]).toBeUndefined();

      mock.on(BatchGetCommand).resolves({ Responses: { [table.name]: [] }, UnprocessedKeys: { [table.name]: { Keys: [{ pk: 'x', sk: 'CASENO' }] } } });
      await expect(store.caseIdsOf(numbers.slice(0, 1))).rejects.toMatchObject({ code: 'STORE_THROTTLED' });
    } finally {
      mock.restore();
    }
  });
});
