import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildCase, type BuildContext } from '../../shared/app/import-ledger';
import { Calendar } from '../../shared/domain/calendar';
import {
  agencyNames,
  differingColumns,
  entryOf,
  ledgerCells,
  ledgerColumnNames,
  ledgerColumns,
  readLedgerRow,
  rowContent,
  type CellValue,
  type LedgerRow,
} from '../../shared/domain/ledger';
import { columnLetter, ledgerTemplate } from '../../shared/ledger/spreadsheet';
import { validIdNumber } from '../support/cases';

/**
 * The ledger's columns for the steps after registration: 重大案件 and 集体研究 (行政复议法第五十二条),
 * 延期 (第六十二条), 中止/恢复 (第三十九条), 一审裁判 and 上诉 (行政诉讼法第八十五条).
 */
const context = { agencies: agencyNames([{ id: 'market-regulation', name: '区市场监督管理局' }]), today: '2025-06-30' };

const reconsideration: Record<string, CellValue> = {
  案件类型: '行政复议',
  案号: '潞复〔2025〕7号',
  机关: '区市场监督管理局',
  当事人: '张三',
  收到日期: '2025-03-03',
  受理日期: '2025-03-05',
};
const litigation: Record<string, CellValue> = {
  案件类型: '行政应诉',
  案号: '(2025)晋0403行初7号',
  机关: 'market-regulation',
  当事人: '某某有限公司',
  收到日期: '2025-02-10',
  法院: '潞州区人民法院',
  立案日期: '2025-02-05',
};

function read(base: Record<string, CellValue>, cells: Record<string, CellValue>) {
  return readLedgerRow(2, new Map(Object.entries({ ...base, ...cells })), context);
}

function rowOf(base: Record<string, CellValue>, cells: Record<string, CellValue>): LedgerRow {
  const result = read(base, cells);
  expect(result.errors).toEqual([]);
  return result.row!;
}

/** The errors of a row as [column, Chinese message]. */
function errorsOf(base: Record<string, CellValue>, cells: Record<string, CellValue>): [string, string][] {
  const result = read(base, cells);
  expect(result.row).toBeUndefined();
  return result.errors.map((e) => [e.column, e.message.zh]);
}

const major = { 重大案件认定日期: '2025-03-10', 重大案件认定理由: '涉及人数众多，社会影响较大' };
const review = { 集体研究日期: '2025-04-08', 集体研究形式: '行政复议委员会', 集体研究结论: '建议确认违法' };

describe('reading 重大案件 and 集体研究', () => {
  it('reads the marking and the review, the forum by its label or its code', () => {
    expect(rowOf(reconsideration, { ...major, ...review })).toMatchObject({
      major: { on: '2025-03-10', reason: '涉及人数众多，社会影响较大' },
      collectiveReview: { on: '2025-04-08', forum: 'committee', conclusion: '建议确认违法' },
    });
    expect(rowOf(litigation, { ...major, ...review, 集体研究形式: 'government-meeting' }).collectiveReview?.forum).toBe('government-meeting');
    expect(rowOf(litigation, { ...major, ...review, 集体研究形式: '司法局局务会议' }).collectiveReview?.forum).toBe('office-meeting');
  });

  it('a row without them has none', () => {
    const row = rowOf(reconsideration, {});
    expect(row.major).toBeUndefined();
    expect(row.collectiveReview).toBeUndefined();
  });

  it('an impossible date is an error of its column', () => {
    expect(errorsOf(reconsideration, { ...major, ...review, 集体研究日期: '2025-02-30' })).toEqual([['集体研究日期', '日期不存在：2025-02-30']]);
  });

  it('a forum that does not exist lists the ones that do', () => {
    expect(errorsOf(reconsideration, { ...major, ...review, 集体研究形式: '党组会议' })).toEqual([
      ['集体研究形式', '“党组会议”不是集体研究形式，可填：行政复议委员会、司法局局务会议、区政府常务会议'],
    ]);
  });

  it('a review without the marking is refused: only a major case is studied collectively', () => {
    expect(errorsOf(reconsideration, review)).toEqual([
      ['集体研究日期', '未填写重大案件认定日期：集体研究只适用于列为重大案件的案件，请先填写重大案件认定日期和认定理由'],
    ]);
  });

  it('a review before the marking, and a marking before the receipt, are refused', () => {
    expect(errorsOf(reconsideration, { ...major, ...review, 集体研究日期: '2025-03-09' })).toEqual([['集体研究日期', '不能早于重大案件认定日期（2025-03-10）']]);
    expect(errorsOf(reconsideration, { ...major, 重大案件认定日期: '2025-03-01' })).toEqual([['重大案件认定日期', '不能早于收到日期（2025-03-03）']]);
  });

  it('the marking needs its reason, the review its forum and conclusion, and each of them its date', () => {
    expect(errorsOf(reconsideration, { 重大案件认定日期: '2025-03-10' })).toEqual([['重大案件认定理由', '填写了重大案件认定日期，请填写重大案件认定理由']]);
    expect(errorsOf(reconsideration, { 重大案件认定理由: '影响较大' })).toEqual([['重大案件认定日期', '填写了重大案件认定理由，请填写重大案件认定日期']]);
    expect(errorsOf(reconsideration, { ...major, 集体研究日期: '2025-04-08' })).toEqual([
      ['集体研究形式', '填写了集体研究日期，请填写集体研究形式'],
      ['集体研究结论', '填写了集体研究日期，请填写集体研究结论'],
    ]);
    expect(errorsOf(reconsideration, { ...major, 集体研究结论: '同意' })).toEqual([['集体研究日期', '填写了集体研究结论，请填写集体研究日期']]);
  });
});

describe('reading 延期, 中止 and 恢复', () => {
  it('reads the extension from text, a date cell or an Excel day number', () => {
    expect(rowOf(reconsideration, { 延期日期: '2025年4月30日' }).extendedOn).toBe('2025-04-30');
    expect(rowOf(reconsideration, { 延期日期: new Date('2025-04-30T00:00:00Z') }).extendedOn).toBe('2025-04-30');
    expect(rowOf(reconsideration, { 延期日期: 45777 }).extendedOn).toBe('2025-04-30');
  });

  it('an extension is of a reconsideration only, and not before the receipt', () => {
    expect(errorsOf(litigation, { 延期日期: '2025-04-30' })).toEqual([['延期日期', '仅行政复议案件填写，行政应诉案件请留空']]);
    expect(errorsOf(reconsideration, { 延期日期: '2025-03-02' })).toEqual([['延期日期', '不能早于收到日期（2025-03-03）']]);
  });

  it('reads suspensions and resumptions in order; the last may still run', () => {
    expect(rowOf(reconsideration, { 中止日期: '2025-04-01、2025/5/6', 恢复日期: '2025-04-10' }).suspensions).toEqual([
      { on: '2025-04-01', resumedOn: '2025-04-10' },
      { on: '2025-05-06' },
    ]);
    expect(rowOf(litigation, { 中止日期: new Date('2025-03-03T00:00:00Z'), 恢复日期: new Date('2025-03-20T00:00:00Z') }).suspensions).toEqual([
      { on: '2025-03-03', resumedOn: '2025-03-20' },
    ]);
  });

  it('a resumption needs its suspension, after it; a suspension follows the previous resumption', () => {
    expect(errorsOf(reconsideration, { 恢复日期: '2025-04-10' })).toEqual([['中止日期', '填写了恢复日期，请填写中止日期']]);
    expect(errorsOf(reconsideration, { 中止日期: '2025-04-10', 恢复日期: '2025-04-01' })).toEqual([['恢复日期', '不能早于对应的中止日期（2025-04-10）']]);
    expect(errorsOf(reconsideration, { 中止日期: '2025-04-01、2025-04-05', 恢复日期: '2025-04-10' })).toEqual([['中止日期', '不能早于上一次恢复日期（2025-04-10）']]);
    expect(errorsOf(reconsideration, { 中止日期: '2025-04-01、2025-05-06、2025-06-01', 恢复日期: '2025-04-10' })).toEqual([
      ['恢复日期', '有3个中止日期、1个恢复日期：请按中止日期的顺序逐一填写恢复日期，只有最后一次中止可以尚未恢复'],
    ]);
    expect(errorsOf(reconsideration, { 中止日期: '2025-03-01' })).toEqual([['中止日期', '不能早于收到日期（2025-03-03）']]);
    expect(errorsOf(reconsideration, { 中止日期: '2025-04-31' })).toEqual([['中止日期', '日期不存在：2025-04-31']]);
  });
});

describe('reading 一审裁判 and 上诉', () => {
  const judged = { 一审裁判送达日期: '2025-05-09', 一审裁判形式: '判决', 一审裁判结果: '驳回诉讼请求' };

  it('reads the judgment: its service, its form (a ruling with its type) and its result', () => {
    expect(rowOf(litigation, judged).judgment).toEqual({ servedOn: '2025-05-09', form: 'judgment', outcome: 'claims-dismissed' });
    const forms: [string, object][] = [
      ['裁定（驳回起诉）', { form: 'ruling', rulingType: 'suit-dismissed' }],
      ['裁定(管辖异议)', { form: 'ruling', rulingType: 'jurisdiction' }],
      ['准予撤诉裁定', { form: 'ruling', rulingType: 'withdrawal' }],
      ['不予立案', { form: 'ruling', rulingType: 'not-filed' }],
      ['裁定（其他）', { form: 'ruling', rulingType: 'other' }],
      ['裁定', { form: 'ruling' }],
    ];
    for (const [text, form] of forms) expect(rowOf(litigation, { ...judged, 一审裁判形式: text, 一审裁判结果: '驳回起诉' }).judgment).toEqual({ servedOn: '2025-05-09', ...form, outcome: 'suit-dismissed' });
  });

  it('reads the appeal after the judgment', () => {
    expect(rowOf(litigation, { ...judged, 上诉日期: '2025-05-20' }).appealedOn).toBe('2025-05-20');
  });

  it('a form or a result that does not exist lists the ones that do', () => {
    expect(errorsOf(litigation, { ...judged, 一审裁判形式: '调解书' })).toEqual([
      ['一审裁判形式', '“调解书”不是一审裁判形式，可填：判决、裁定、裁定（不予立案）、裁定（驳回起诉）、裁定（管辖异议）、裁定（准予撤诉）、裁定（其他）'],
    ]);
    expect(errorsOf(litigation, { ...judged, 一审裁判结果: '维持' })[0]).toEqual(['一审裁判结果', expect.stringContaining('“维持”不是行政诉讼裁判的结果，可填：驳回诉讼请求')]);
  });

  it('the judgment and the appeal are of a litigation case only', () => {
    expect(errorsOf(reconsideration, { ...judged, 上诉日期: '2025-05-20' })).toEqual([
      ['一审裁判送达日期', '仅行政应诉案件填写，行政复议案件请留空'],
      ['一审裁判形式', '仅行政应诉案件填写，行政复议案件请留空'],
      ['一审裁判结果', '仅行政应诉案件填写，行政复议案件请留空'],
      ['上诉日期', '仅行政应诉案件填写，行政复议案件请留空'],
    ]);
  });

  it('the judgment needs its form and result, and they their date', () => {
    expect(errorsOf(litigation, { 一审裁判送达日期: '2025-05-09' })).toEqual([
      ['一审裁判形式', '填写了一审裁判送达日期，请填写一审裁判形式'],
      ['一审裁判结果', '填写了一审裁判送达日期，请填写一审裁判结果'],
    ]);
    expect(errorsOf(litigation, { 一审裁判形式: '判决', 一审裁判结果: '撤销' })).toEqual([['一审裁判送达日期', '填写了一审裁判形式，请填写一审裁判送达日期']]);
  });

  it('an appeal needs a judgment before it; neither may follow the conclusion', () => {
    expect(errorsOf(litigation, { 上诉日期: '2025-05-20' })).toEqual([['上诉日期', '未填写一审裁判送达日期：上诉须在一审裁判之后，请填写一审裁判送达日期、形式和结果']]);
    expect(errorsOf(litigation, { ...judged, 上诉日期: '2025-05-08' })).toEqual([['上诉日期', '不能早于一审裁判送达日期（2025-05-09）']]);
    expect(errorsOf(litigation, { ...judged, 审结日期: '2025-05-01', 结果: '驳回诉讼请求' })).toEqual([['一审裁判送达日期', '不能晚于审结日期（2025-05-01）']]);
    expect(errorsOf(litigation, { ...judged, 上诉日期: '2025-06-02', 审结日期: '2025-06-01', 结果: '驳回诉讼请求' })).toEqual([['上诉日期', '不能晚于审结日期（2025-06-01）']]);
    expect(errorsOf(litigation, { ...judged, 一审裁判送达日期: '2025-02-09' })).toEqual([['一审裁判送达日期', '不能早于收到日期（2025-02-10）']]);
  });
});

describe('the requests a clerk would send', () => {
  it('puts the steps in date order among the acceptance and the decision, a day’s steps in a clerk’s order', () => {
    const row = rowOf(reconsideration, {
      ...major,
      重大案件认定日期: '2025-03-05',
      ...review,
      延期日期: '2025-05-06',
      中止日期: '2025-04-08、2025-04-20',
      恢复日期: '2025-04-15',
      审结日期: '2025-06-20',
      结果: '确认违法',
    });
    const steps = entryOf(row).steps;
    expect(steps.map((s) => [s.body.type, s.body.on])).toEqual([
      ['accept', '2025-03-05'],
      ['mark-major', '2025-03-05'],
      ['collective-review', '2025-04-08'],
      ['suspend', '2025-04-08'],
      ['resume', '2025-04-15'],
      ['suspend', '2025-04-20'],
      ['extend', '2025-05-06'],
      ['decide', '2025-06-20'],
    ]);
    expect(steps.find((s) => s.body.type === 'extend')?.body).toEqual({ type: 'extend', on: '2025-05-06', approvedBy: '行政复议机构负责人' });
    expect(steps.find((s) => s.body.type === 'suspend')?.body).toEqual({ type: 'suspend', on: '2025-04-08', reason: 'other' });
    expect(steps.find((s) => s.body.type === 'mark-major')).toMatchObject({ column: '重大案件认定日期', fields: { reasonDetail: '重大案件认定理由' } });
  });

  it('marks a case major before it is accepted when the ledger says so', () => {
    const row = rowOf(reconsideration, { ...major, 重大案件认定日期: '2025-03-04' });
    expect(entryOf(row).steps.map((s) => s.body.type)).toEqual(['mark-major', 'accept']);
  });

  it('keeps a conclusion dated before the acceptance after it, so the acceptance date is what it is refused against', () => {
    const row = rowOf(reconsideration, { 受理日期: '2025-03-09', 审结日期: '2025-03-08', 结果: '维持', ...major, 重大案件认定日期: '2025-03-07' });
    expect(entryOf(row).steps.map((s) => s.body.type)).toEqual(['mark-major', 'accept', 'decide']);
  });

  it('judges at first instance on the day of service, and takes the party that lost as the appellant', () => {
    const lost = rowOf(litigation, { 一审裁判送达日期: '2025-05-09', 一审裁判形式: '判决', 一审裁判结果: '撤销', 上诉日期: '2025-05-20' });
    expect(entryOf(lost).steps.map((s) => s.body)).toEqual([
      { type: 'judge', on: '2025-05-09', servedOn: '2025-05-09', form: 'judgment', instance: 'first', outcome: 'revoke' },
      { type: 'appeal', on: '2025-05-20', by: 'agency' },
    ]);
    const won = rowOf(litigation, { 一审裁判送达日期: '2025-05-09', 一审裁判形式: '裁定（驳回起诉）', 一审裁判结果: '驳回起诉', 上诉日期: '2025-05-15' });
    expect(entryOf(won).steps.map((s) => s.body)).toEqual([
      { type: 'judge', on: '2025-05-09', servedOn: '2025-05-09', form: 'ruling', rulingType: 'suit-dismissed', instance: 'first', outcome: 'suit-dismissed' },
      { type: 'appeal', on: '2025-05-15', by: 'plaintiff' },
    ]);
  });
});

describe('export and comparison', () => {
  const full = (): LedgerRow =>
    rowOf(litigation, {
      ...major,
      ...review,
      中止日期: '2025-03-01、2025-03-20',
      恢复日期: '2025-03-10',
      一审裁判送达日期: '2025-05-09',
      一审裁判形式: '裁定（管辖异议）',
      一审裁判结果: '驳回起诉',
      上诉日期: '2025-05-15',
    });

  it('a row written as cells reads back as the same row', () => {
    const row = full();
    const cells = ledgerCells(row, '区市场监督管理局');
    expect(cells).toMatchObject({
      重大案件认定日期: '2025-03-10',
      集体研究形式: '行政复议委员会',
      中止日期: '2025-03-01、2025-03-20',
      恢复日期: '2025-03-10',
      一审裁判形式: '裁定（管辖异议）',
      一审裁判结果: '驳回起诉',
      上诉日期: '2025-05-15',
    });
    const back = rowOf({}, cells);
    expect(rowContent(back)).toBe(rowContent(row));
    expect(differingColumns(back, row)).toEqual([]);
  });

  it('a changed value is named by its column', () => {
    const row = full();
    const changes: [string, (r: LedgerRow) => LedgerRow][] = [
      ['重大案件认定日期', (r) => ({ ...r, major: { on: '2025-03-11', reason: r.major!.reason } })],
      ['集体研究日期', (r) => ({ ...r, collectiveReview: { ...r.collectiveReview!, on: '2025-04-09' } })],
      ['集体研究形式', (r) => ({ ...r, collectiveReview: { ...r.collectiveReview!, forum: 'office-meeting' } })],
      ['恢复日期', (r) => ({ ...r, suspensions: [{ on: '2025-03-01', resumedOn: '2025-03-11' }, { on: '2025-03-20' }] })],
      ['一审裁判形式', (r) => ({ ...r, judgment: { ...r.judgment!, rulingType: 'suit-dismissed' } })],
      ['上诉日期', (r) => ({ ...r, appealedOn: '2025-05-16' })],
    ];
    for (const [column, change] of changes) {
      const changed = change(row);
      expect(rowContent(changed)).not.toBe(rowContent(row));
      expect(differingColumns(changed, row)).toEqual([column]);
    }
  });
});

describe('the template', () => {
  it('keeps the columns API.md fixes and adds the later steps, each explained', () => {
    for (const name of ['案件类型', '案号', '机关', '当事人', '收到日期', '受理日期', '审结日期', '结果']) expect(ledgerColumnNames).toContain(name);
    const added = ['重大案件认定日期', '重大案件认定理由', '集体研究日期', '集体研究形式', '集体研究结论', '延期日期', '中止日期', '恢复日期', '一审裁判送达日期', '一审裁判形式', '一审裁判结果', '上诉日期'];
    expect(ledgerColumnNames.slice(-added.length)).toEqual(added);
    for (const column of ledgerColumns) expect(column.explanation.length).toBeGreaterThan(5);
  });

  it('names columns past Z as a spreadsheet does', () => {
    expect([0, 25, 26, 27, 51, 52].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'AZ', 'BA']);
  });

  it('has date cells, drop-downs for the label columns, and an explanation row for each new column', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await ledgerTemplate()) as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('台账')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([...ledgerColumnNames]);
    const at = (name: string) => `${columnLetter(ledgerColumnNames.indexOf(name))}2`;
    const validation = (name: string) => (sheet as unknown as { dataValidations: { find(address: string): ExcelJS.DataValidation | undefined } }).dataValidations.find(at(name));
    expect(validation('集体研究形式')?.formulae).toEqual(['"行政复议委员会,司法局局务会议,区政府常务会议"']);
    expect(validation('一审裁判形式')?.formulae).toEqual(['"判决,裁定,裁定（不予立案）,裁定（驳回起诉）,裁定（管辖异议）,裁定（准予撤诉）,裁定（其他）"']);
    expect(validation('一审裁判结果')?.formulae?.[0]).toContain('驳回诉讼请求');
    expect(validation('案件类型')?.formulae).toEqual(['"行政复议,行政应诉"']);
    expect(validation('集体研究结论')).toBeUndefined();
    expect(sheet.getColumn(ledgerColumnNames.indexOf('集体研究日期') + 1).numFmt).toBe('yyyy-mm-dd');
    const explained = workbook.getWorksheet('填写说明')!;
    const names: unknown[] = [];
    explained.eachRow((row, n) => {
      if (n > 1) names.push(row.getCell(1).value);
    });
    expect(names).toEqual([...ledgerColumnNames]);
  });
});

describe('the case engine checks the steps (buildCase)', () => {
  const build: BuildContext = {
    actor: { sub: 'clerk', name: '王芳' },
    now: { at: '2025-06-30T10:00:00+08:00', today: '2025-06-30' },
    instant: new Date('2025-06-30T02:00:00Z'),
    calendar: new Calendar(),
    hearingLeadDays: 3,
  };
  const problems = (row: LedgerRow) => {
    try {
      buildCase(row, { caseId: '01JZ0000000000000000000000', hearingIds: [] }, build);
    } catch (error) {
      return (error as { errors: { column: string; message: { zh: string } }[] }).errors.map((e) => [e.column, e.message.zh]);
    }
    return [];
  };

  it('records every step of a good row', () => {
    const row = rowOf(reconsideration, { ...major, ...review, 延期日期: '2025-04-30', 审结日期: '2025-06-10', 结果: '确认违法' });
    const bundle = buildCase(row, { caseId: '01JZ0000000000000000000000', hearingIds: [] }, build);
    expect(bundle.histories.map((h) => h.action)).toEqual(['register', 'accept', 'mark-major', 'collective-review', 'extend', 'decide']);
    expect(bundle.record).toMatchObject({ status: 'decided', major: true, collectivelyReviewedOn: '2025-04-08' });
  });

  it('a major case decided with no collective review sends the clerk to 集体研究日期 with the engine’s reason', () => {
    const row = rowOf(reconsideration, { ...major, 审结日期: '2025-06-10', 结果: '维持' });
    const [[column, message]] = problems(row) as [[string, string]];
    expect(column).toBe('集体研究日期');
    expect(message).toContain('本案已于2025-03-10列为重大案件，依重大行政复议应诉案件集体研究制度，须经集体研究');
  });

  it('an extension after the decision period ran out is refused on 延期日期 (行政复议法第六十二条)', () => {
    // Accepted 2025-03-05: the sixtieth day is Sunday 2025-05-04, inside the 劳动节 holiday (5-1…5-5): it ends on Tuesday 5-6.
    const [[column, message]] = problems(rowOf(reconsideration, { 延期日期: '2025-06-20' })) as [[string, string]];
    expect(column).toBe('延期日期');
    expect(message).toBe('审理期限已于2025-05-06届满，不能再延期：延期只适用于不能在规定期限内作出决定的案件（行政复议法第六十二条第一款）');
    expect(problems(rowOf(reconsideration, { 延期日期: '2025-05-06' }))).toEqual([]);
  });

  it('a decision during a suspension is refused on 审结日期', () => {
    const [[column, message]] = problems(rowOf(reconsideration, { 中止日期: '2025-04-01', 审结日期: '2025-05-06', 结果: '维持' })) as [[string, string]];
    expect(column).toBe('审结日期');
    expect(message).toContain('案件当前状态为“中止”');
  });

  it('an extension of a simple-procedure case is refused on 延期日期', () => {
    const [[column, message]] = problems(rowOf(reconsideration, { 程序: '简易程序', 延期日期: '2025-03-20' })) as [[string, string]];
    expect(column).toBe('延期日期');
    expect(message).toContain('只有普通程序可以延期');
  });

  it('a reason with an ID number in it is refused on 重大案件认定理由', () => {
    const [[column]] = problems(rowOf(reconsideration, { ...major, 重大案件认定理由: `申请人${validIdNumber()}涉及众多` })) as [[string, string]];
    expect(column).toBe('重大案件认定理由');
  });
});
