import type { CaseRecord, Step } from './cases';
import { isValidDate } from './dates';
import {
  actTypes,
  caseKinds,
  collectiveReviewForums,
  enforcementFields,
  headTitles,
  judgmentForms,
  litigationOutcomes,
  procedures,
  reconsiderationOutcomes,
  rulingTypes,
  type CaseKind,
  type Labels,
  type LitigationOutcome,
} from './enums';
import type { Localized } from './errors';
import { hearingDate, type Hearing } from './hearings';
import { maskIdNumber } from './id-number';
import { LOSS_OUTCOMES } from './statistics';

/**
 * The office's Excel ledger (台账): one row per case, in the columns below. A row is read into a
 * `LedgerRow`, turned into exactly the requests a clerk would send (registration, steps, hearings
 * and their attendance: `entryOf`), and a stored case is turned back into a row (`ledgerRowOf`) for
 * the export, so export → edit → import round-trips and a re-import is recognised as unchanged.
 */
export interface LedgerColumn {
  name: string;
  required: boolean;
  /** the second sheet of the template: what to write */
  explanation: string;
  /** the values allowed, as the clerk writes them */
  values?: string;
  /** one date: a date cell in the template and the export */
  date?: true;
  /** a drop-down of these values in the template */
  choices?: readonly string[];
}

const labelsOf = (labels: Labels) => Object.values(labels).join('、');

type RulingType = keyof typeof rulingTypes;
type JudgmentForm = keyof typeof judgmentForms;
type Appellant = 'agency' | 'plaintiff';

/** 裁定（驳回起诉）: a ruling with its type, as one value of the 一审裁判形式 column. */
const rulingLabel = (type: RulingType) => {
  // (no regular expression with Chinese in it: esbuild leaves a regex literal's characters as they
  // are, and a bundle must stay ASCII — see test/infra/bundling.test.ts)
  const name: string = rulingTypes[type];
  return `${judgmentForms.ruling}（${name.endsWith('裁定') ? name.slice(0, -'裁定'.length) : name}）`;
};
/** The values of 一审裁判形式: 判决, 裁定 (type not known), and each type of ruling (行诉解释第一百零一条). */
const judgmentFormChoices: readonly string[] = [judgmentForms.judgment, judgmentForms.ruling, ...(Object.keys(rulingTypes) as RulingType[]).map(rulingLabel)];

/** 行政复议法第六十二条第一款: an extension is approved by the head of the 行政复议机构 (the ledger does not name them). */
export const LEDGER_EXTENSION_APPROVER = '行政复议机构负责人';

export const ledgerColumns: readonly LedgerColumn[] = [
  { name: '案件类型', required: true, explanation: '行政复议或行政应诉', values: labelsOf(caseKinds), choices: Object.values(caseKinds) },
  { name: '案号', required: true, explanation: '同一类型内不得重复，如 潞复〔2024〕12号、(2024)晋0403行初15号' },
  {
    name: '机关',
    required: true,
    explanation: '被申请人（行政复议）或被告（行政应诉）：已登记机关的简称（如 market-regulation）或全称（如 区市场监督管理局）',
  },
  { name: '当事人', required: true, explanation: '申请人（行政复议）或原告（行政应诉）的姓名或名称，多个用顿号“、”分隔' },
  {
    name: '当事人身份证号',
    required: false,
    explanation:
      '自然人当事人的18位居民身份证号，按“当事人”的顺序用顿号分隔，单位当事人的位置留空（如“、140402198001011234”）；请设为文本格式。导出的台账中为脱敏号码，原样导回视为未修改',
  },
  { name: '第三人', required: false, explanation: '第三人的姓名或名称，多个用顿号分隔' },
  { name: '收到日期', required: true, date: true, explanation: '行政复议：收到申请之日；行政应诉：收到起诉状副本之日。日期可写 2024-03-05、2024/3/5 或 2024年3月5日，或使用日期格式的单元格' },
  { name: '程序', required: false, explanation: '仅行政复议，留空为普通程序', values: labelsOf(procedures), choices: Object.values(procedures) },
  { name: '执法领域', required: false, explanation: '被复议或被诉行为所属的执法领域', values: labelsOf(enforcementFields) },
  { name: '行为类别', required: false, explanation: '被复议或被诉的行政行为类别', values: labelsOf(actTypes) },
  { name: '案由', required: false, explanation: '简要案由，如“不服行政处罚决定”；请勿填写身份证号或手机号' },
  { name: '法院', required: false, explanation: '仅行政应诉：受理法院；填写了开庭日期的行政应诉案件必填' },
  { name: '立案日期', required: false, date: true, explanation: '仅行政应诉：法院立案日期，不得晚于收到日期' },
  {
    name: '受理日期',
    required: false,
    date: true,
    explanation: '仅行政复议：决定受理之日。留空则审查期限届满视为受理（2024年1月1日前收到的申请自收到之日起视为受理）',
  },
  { name: '不予受理日期', required: false, date: true, explanation: '仅行政复议：决定不予受理之日；填写后受理日期、审结日期应留空' },
  { name: '审结日期', required: false, date: true, explanation: '行政复议：作出复议决定或终止之日；行政应诉：案件审结之日' },
  {
    name: '结果',
    required: false,
    explanation: '审结的结果，填写了审结日期时必填。行政复议可填：' + labelsOf(reconsiderationOutcomes) + '；行政应诉可填：' + labelsOf(litigationOutcomes),
  },
  { name: '开庭日期', required: false, explanation: '行政应诉：法院开庭日期；行政复议：听证日期。多次用顿号分隔' },
  {
    name: '负责人是否出庭',
    required: false,
    explanation: '按开庭日期的顺序填写，已开庭的必填，尚未开庭的留空；只写一个则适用于每次开庭',
    values: '是、否',
    choices: ['是', '否'],
  },
  { name: '出庭负责人', required: false, explanation: '出庭的负责人姓名，负责人出庭的必填（按开庭日期的顺序用顿号分隔）' },
  {
    name: '出庭负责人职务',
    required: false,
    explanation: '出庭负责人的职务（出庭规定第二条），负责人出庭的必填；可写简称正职、副职、分管',
    values: labelsOf(headTitles),
  },
  // The steps after registration that a ledger records: major cases and their collective review,
  // extension, suspension and resumption, the first-instance judgment and the appeal.
  {
    name: '重大案件认定日期',
    required: false,
    date: true,
    explanation:
      '列为重大案件之日（重大行政复议应诉案件集体研究制度），两类案件均可填写。列为重大案件的，作出复议决定或审结前须经集体研究（行政复议法第五十二条），否则该行不能导入',
  },
  { name: '重大案件认定理由', required: false, explanation: '列为重大案件的理由，填写了重大案件认定日期时必填；请勿填写身份证号或手机号' },
  {
    name: '集体研究日期',
    required: false,
    date: true,
    explanation: '重大案件经集体研究之日：须先填写重大案件认定日期，且不得早于该日期；研究过多次的填写第一次',
  },
  {
    name: '集体研究形式',
    required: false,
    explanation: '填写了集体研究日期时必填',
    values: labelsOf(collectiveReviewForums),
    choices: Object.values(collectiveReviewForums),
  },
  { name: '集体研究结论', required: false, explanation: '集体研究的结论或意见，填写了集体研究日期时必填；请勿填写身份证号或手机号' },
  {
    name: '延期日期',
    required: false,
    date: true,
    explanation: `仅行政复议（普通程序）：经行政复议机构负责人批准延长审理期限之日，按延长30日计；须在审理期限届满前，届满后不能延期（行政复议法第六十二条）。批准人记为“${LEDGER_EXTENSION_APPROVER}”`,
  },
  {
    name: '中止日期',
    required: false,
    explanation:
      '行政复议中止审理（行政复议法第三十九条）或行政应诉中止诉讼（行诉解释第八十七条）之日，中止期间不计入审理期限；中止多次的按先后顺序用顿号分隔。中止原因记为“其他”',
  },
  { name: '恢复日期', required: false, explanation: '按中止日期的顺序填写恢复审理（诉讼）之日，用顿号分隔；尚未恢复的最后一次中止不填' },
  {
    name: '一审裁判送达日期',
    required: false,
    date: true,
    explanation: '仅行政应诉：行政机关收到一审判决书或裁定书之日，上诉期限自此起算（行政诉讼法第八十五条）',
  },
  {
    name: '一审裁判形式',
    required: false,
    explanation:
      '仅行政应诉，填写了一审裁判送达日期时必填。裁定请写明类型：不予立案、驳回起诉、管辖异议的裁定可以上诉，准予撤诉等其他裁定不能上诉（行诉解释第一百零一条）',
    values: judgmentFormChoices.join('、'),
    choices: judgmentFormChoices,
  },
  {
    name: '一审裁判结果',
    required: false,
    explanation: '仅行政应诉：一审判决或裁定的结果，填写了一审裁判送达日期时必填；案件最终的结果填在“结果”列',
    values: labelsOf(litigationOutcomes),
    choices: Object.values(litigationOutcomes),
  },
  {
    name: '上诉日期',
    required: false,
    date: true,
    explanation: '仅行政应诉：提起上诉之日，须已填写一审裁判送达日期，且不得晚于审结日期。一审行政机关败诉的记为行政机关上诉，其余记为原告上诉',
  },
];

export const ledgerColumnNames: readonly string[] = ledgerColumns.map((column) => column.name);

/** A ledger file is at most 4 MB (a binary body reaches Lambda base64-encoded, and Lambda takes at most 6 MB). */
export const MAX_LEDGER_BYTES = 4 * 1024 * 1024;
/** At most this many rows in one file (a district's ledger of several years). */
export const MAX_LEDGER_ROWS = 10_000;
const MAX_PARTIES = 20;
const MAX_HEARINGS = 10;
const MAX_SUSPENSIONS = 10;

/** Where a hearing of a reconsideration case is held (the API's `court` of a 听证). */
export const RECONSIDERATION_HEARING_PLACE = '行政复议机构';
/** A ledger gives the day of a hearing; its time is taken as 09:00 China time. */
export const HEARING_TIME = 'T09:00:00+08:00';

export type CellValue = string | number | boolean | Date | null | undefined;

export interface LedgerHearing {
  on: string;
  headAppeared?: boolean;
  headName?: string;
  headTitle?: keyof typeof headTitles;
}

/** One ledger row as read: the clerk's words resolved to the API's codes. */
export interface LedgerRow {
  kind: CaseKind;
  caseNumber: string;
  agencyId: string;
  parties: { name: string; idNumber?: string }[];
  thirdParties: string[];
  receivedOn: string;
  procedure?: keyof typeof procedures;
  field?: keyof typeof enforcementFields;
  actType?: keyof typeof actTypes;
  title?: string;
  court?: string;
  filedOn?: string;
  acceptedOn?: string;
  rejectedOn?: string;
  concludedOn?: string;
  outcome?: string;
  hearings: LedgerHearing[];
  /** 重大案件认定日期 and 认定理由 (mark-major) */
  major?: { on: string; reason: string };
  /** 集体研究日期, 形式, 结论 (collective-review: the first one) */
  collectiveReview?: { on: string; forum: keyof typeof collectiveReviewForums; conclusion: string };
  /** 延期日期 (extend, reconsideration) */
  extendedOn?: string;
  /** 中止日期 and 恢复日期, in order; only the last may be unresumed */
  suspensions?: LedgerSuspension[];
  /** 一审裁判送达日期, 形式, 结果 (judge, first instance) */
  judgment?: LedgerJudgment;
  /** 上诉日期 (appeal) */
  appealedOn?: string;
}

export interface LedgerSuspension {
  on: string;
  resumedOn?: string;
}

export interface LedgerJudgment {
  /** the day the agency was served (收到裁判文书): the appeal period runs from it (行政诉讼法第八十五条) */
  servedOn: string;
  form: JudgmentForm;
  rulingType?: RulingType;
  outcome: LitigationOutcome;
}

export interface CellError {
  /** the spreadsheet's row number (1 is the header) */
  row: number;
  /** the column's header */
  column: string;
  message: Localized;
}

export interface AgencyNames {
  /** agency id → id, and normalised full name → id */
  resolve(value: string): string | undefined;
}

export function agencyNames(agencies: readonly { id: string; name: string }[]): AgencyNames {
  const byKey = new Map<string, string>();
  for (const agency of agencies) {
    byKey.set(normalizeText(agency.name), agency.id);
    byKey.set(agency.id, agency.id);
  }
  return { resolve: (value) => byKey.get(value) ?? byKey.get(normalizeText(value)) };
}

/** Full-width forms folded (NFKC) and spaces removed: how names and labels are compared. */
function normalizeText(value: string): string {
  return value.normalize('NFKC').replace(/\s+/g, '');
}

// Separators of a list in one cell: 、；; ，, and line breaks.
const LIST_SEPARATOR = /[\u3001\uff1b;\uff0c,\n]/;
const DATE_TEXT = /^(\d{4})\s*[-/.\u5e74]\s*(\d{1,2})\s*[-/.\u6708]\s*(\d{1,2})\s*\u65e5?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const YES = new Set(['\u662f', 'Y', 'YES', 'TRUE', '1', '\u6709']);
const NO = new Set(['\u5426', 'N', 'NO', 'FALSE', '0', '\u65e0']);

const pad = (n: number | string) => String(n).padStart(2, '0');

/** The date of an Excel serial day number (1900 date system; day 1 is 1900-01-01 and Excel's 1900-02-29 is skipped). */
function excelSerialDate(serial: number): string {
  const ms = Math.round((serial - 25569) * 86_400_000);
  return new Date(ms).toISOString().slice(0, 10);
}

/** A cell as text: trimmed, '' when empty. A Date cell is its date. */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return dateOfCell(value);
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(value);
  if (typeof value === 'boolean') return value ? '\u662f' : '\u5426';
  return value.trim();
}

/** A date cell holds an instant at UTC midnight of its day (exceljs); rounded to the minute against float noise. */
function dateOfCell(value: Date): string {
  const rounded = new Date(Math.round(value.getTime() / 60_000) * 60_000);
  return `${rounded.getUTCFullYear()}-${pad(rounded.getUTCMonth() + 1)}-${pad(rounded.getUTCDate())}`;
}

type Read<T> = { value: T } | { error: Localized };

export function readDate(value: CellValue): Read<string | undefined> {
  if (value === null || value === undefined || value === '') return { value: undefined };
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { error: { zh: '不是有效的日期', en: 'is not a valid date' } };
    return { value: dateOfCell(value) };
  }
  if (typeof value === 'number') {
    if (value > 20_000 && value < 80_000) return { value: excelSerialDate(Math.floor(value)) };
    return { error: { zh: `“${value}”不是日期，请写成 2024-03-05 或 2024年3月5日`, en: `"${value}" is not a date; write 2024-03-05` } };
  }
  const text = cellText(value).normalize('NFKC');
  if (text === '') return { value: undefined };
  const match = DATE_TEXT.exec(text) ?? COMPACT_DATE.exec(text);
  if (!match) return { error: { zh: `“${text}”不是日期，请写成 2024-03-05、2024/3/5 或 2024年3月5日`, en: `"${text}" is not a date; write 2024-03-05, 2024/3/5 or 2024年3月5日` } };
  const date = `${match[1]}-${pad(match[2]!)}-${pad(match[3]!)}`;
  if (!isValidDate(date)) return { error: { zh: `日期不存在：${date}`, en: `no such date: ${date}` } };
  return { value: date };
}

/** A label of a table (or its code), e.g. 维持 or uphold. */
function readLabel<L extends Labels>(labels: L, value: string, what: string, whatEn: string, aliases: Readonly<Record<string, keyof L & string>> = {}): Read<(keyof L & string) | undefined> {
  if (value === '') return { value: undefined };
  const wanted = normalizeText(value);
  for (const [code, label] of Object.entries(labels)) {
    if (normalizeText(label) === wanted || code === value) return { value: code as keyof L & string };
  }
  const alias = aliases[wanted];
  if (alias) return { value: alias };
  return {
    error: {
      zh: `“${value}”不是${what}，可填：${labelsOf(labels)}`,
      en: `"${value}" is not ${whatEn}; one of: ${Object.values(labels).join(', ')}`,
    },
  };
}

function splitList(value: string, keepEmpty = false): string[] {
  const parts = value.split(LIST_SEPARATOR).map((part) => part.trim());
  return keepEmpty ? parts : parts.filter((part) => part.length > 0);
}

const titleAliases: Readonly<Record<string, keyof typeof headTitles>> = {
  '\u6b63\u804c': 'principal',
  '\u526f\u804c': 'deputy',
  '\u5206\u7ba1': 'supervising',
  '\u5206\u7ba1\u8d1f\u8d23\u4eba': 'supervising',
};

export interface ReadContext {
  agencies: AgencyNames;
  /** today in China: a hearing after it has not been held */
  today: string;
}

/**
 * One row of cells (by header) → a ledger row, or every problem found in it, each naming its
 * column. Only what a single cell or a single row can tell is checked here; the rules of the case
 * itself are the API's (schemas and domain), applied to `entryOf(row)` by the importer.
 */
export function readLedgerRow(rowNumber: number, cells: ReadonlyMap<string, CellValue>, context: ReadContext): { row?: LedgerRow; errors: CellError[] } {
  const errors: CellError[] = [];
  const fail = (column: string, message: Localized) => errors.push({ row: rowNumber, column, message });
  const text = (column: string) => cellText(cells.get(column));
  const required = (column: string): string => {
    const value = text(column);
    if (value === '') fail(column, { zh: '必填', en: 'is required' });
    return value;
  };
  const date = (column: string): string | undefined => {
    const read = readDate(cells.get(column));
    if ('error' in read) {
      fail(column, read.error);
      return undefined;
    }
    return read.value;
  };
  const label = <L extends Labels>(column: string, labels: L, what: string, whatEn: string, aliases?: Readonly<Record<string, keyof L & string>>) => {
    const read = readLabel(labels, text(column), what, whatEn, aliases);
    if ('error' in read) {
      fail(column, read.error);
      return undefined;
    }
    return read.value;
  };

  const kindText = required('案件类型');
  const kind = kindText ? label('案件类型', caseKinds, '案件类型', 'a case kind') : undefined;
  const caseNumber = required('案号');
  const agencyText = required('机关');
  const agencyId = agencyText ? context.agencies.resolve(agencyText) : undefined;
  if (agencyText && !agencyId) {
    fail('机关', {
      zh: `未登记的机关“${agencyText}”：请先登记该机关，或填写已登记机关的简称或全称`,
      en: `no registered agency "${agencyText}": register it first, or give a registered agency's id or name`,
    });
  }
  const partyNames = splitList(required('当事人'));
  if (partyNames.length > MAX_PARTIES) fail('当事人', { zh: `至多${MAX_PARTIES}个当事人`, en: `at most ${MAX_PARTIES} parties` });

  const idCell = cells.get('当事人身份证号');
  let idNumbers: string[] = [];
  if (typeof idCell === 'number') {
    fail('当事人身份证号', { zh: '身份证号被存成了数字（会丢失末位），请将该列设为文本格式后重新填写', en: 'the ID number was stored as a number (its last digits are lost); format the column as text' });
  } else {
    const idText = text('当事人身份证号');
    idNumbers = idText ? splitList(idText, true).map((id) => id.toUpperCase()) : [];
    if (idNumbers.length > 0 && idNumbers.length !== partyNames.length) {
      fail('当事人身份证号', {
        zh: `填写了${idNumbers.length}个身份证号，但当事人有${partyNames.length}个：请按当事人的顺序逐一对应，单位当事人的位置留空`,
        en: `${idNumbers.length} ID numbers for ${partyNames.length} parties: give one per party, in order, empty for an organisation`,
      });
    }
  }
  const thirdParties = splitList(text('第三人'));
  const receivedOn = date('收到日期');
  if (text('收到日期') === '' && !errors.some((e) => e.column === '收到日期')) fail('收到日期', { zh: '必填', en: 'is required' });
  const procedure = label('程序', procedures, '程序', 'a procedure');
  const field = label('执法领域', enforcementFields, '执法领域', 'an enforcement field');
  const actType = label('行为类别', actTypes, '行为类别', 'an act type');
  const title = text('案由') || undefined;
  const court = text('法院') || undefined;
  const filedOn = date('立案日期');
  const acceptedOn = date('受理日期');
  const rejectedOn = date('不予受理日期');
  const concludedOn = date('审结日期');
  const outcomeText = text('结果');
  let outcome: string | undefined;
  if (kind === 'reconsideration') outcome = label('结果', reconsiderationOutcomes, '行政复议的结果', 'a reconsideration outcome');
  else if (kind === 'litigation') outcome = label('结果', litigationOutcomes, '行政应诉案件的结果', 'a litigation outcome');

  // What belongs to one kind only.
  const only = (column: string, present: boolean, of: CaseKind) => {
    if (present && kind && kind !== of) {
      fail(column, {
        zh: `仅${caseKinds[of]}案件填写，${caseKinds[kind]}案件请留空`,
        en: `only for ${of} cases; leave it empty for a ${kind} case`,
      });
    }
  };
  only('程序', procedure !== undefined, 'reconsideration');
  only('受理日期', text('受理日期') !== '', 'reconsideration');
  only('不予受理日期', text('不予受理日期') !== '', 'reconsideration');
  only('立案日期', text('立案日期') !== '', 'litigation');
  only('法院', court !== undefined, 'litigation');

  if (concludedOn && outcomeText === '') fail('结果', { zh: '填写了审结日期，请填写结果', en: 'give the outcome of a concluded case' });
  if (!concludedOn && outcomeText !== '' && text('审结日期') === '') fail('审结日期', { zh: '填写了结果，请填写审结日期', en: 'give the day the case was concluded' });
  if (rejectedOn && (text('受理日期') !== '' || text('审结日期') !== '')) {
    fail('不予受理日期', { zh: '不予受理的申请不应再填写受理日期或审结日期', en: 'a rejected application has no acceptance or conclusion date' });
  }

  // Hearings: dates, and for each the head's appearance, name and title, in order.
  const hearingDates: string[] = [];
  for (const part of splitList(text('开庭日期'))) {
    const read = readDate(part);
    if ('error' in read) fail('开庭日期', read.error);
    else if (read.value) hearingDates.push(read.value);
  }
  if (hearingDates.length > MAX_HEARINGS) fail('开庭日期', { zh: `至多${MAX_HEARINGS}次开庭`, en: `at most ${MAX_HEARINGS} hearings` });
  const perHearing = (column: string): string[] => {
    const values = splitList(text(column), true);
    if (values.length === 1 && values[0] === '') return [];
    if (values.length === 1) return hearingDates.map(() => values[0]!);
    if (values.length !== hearingDates.length) {
      fail(column, {
        zh: `有${hearingDates.length}个开庭日期，却填写了${values.length}项：请按开庭日期的顺序逐一填写`,
        en: `${values.length} values for ${hearingDates.length} hearing dates: give one per hearing, in order`,
      });
    }
    return values;
  };
  const appeared = perHearing('负责人是否出庭');
  const names = perHearing('出庭负责人');
  const titles = perHearing('出庭负责人职务');
  const hearings: LedgerHearing[] = hearingDates.map((on, i) => {
    const said = (appeared[i] ?? '').toUpperCase();
    const held = on <= context.today;
    let headAppeared: boolean | undefined;
    if (said === '') {
      if (held) fail('负责人是否出庭', { zh: `${on}已开庭，请填写负责人是否出庭（是或否）`, en: `the hearing of ${on} was held: say whether a head appeared (是 or 否)` });
    } else if (YES.has(said)) headAppeared = true;
    else if (NO.has(said)) headAppeared = false;
    else fail('负责人是否出庭', { zh: `“${appeared[i]}”应为“是”或“否”`, en: `"${appeared[i]}" must be 是 or 否` });
    if (headAppeared !== undefined && !held) {
      fail('负责人是否出庭', { zh: `${on}尚未开庭，请留空`, en: `the hearing of ${on} has not been held yet; leave it empty` });
    }
    const hearing: LedgerHearing = { on };
    if (headAppeared !== undefined) hearing.headAppeared = headAppeared;
    if (headAppeared) {
      const name = names[i] ?? '';
      if (name === '') fail('出庭负责人', { zh: `${on}负责人出庭，请填写出庭负责人姓名`, en: `name the head who appeared on ${on}` });
      else hearing.headName = name;
      const titleRead = readLabel(headTitles, titles[i] ?? '', '负责人职务', 'a head title', titleAliases);
      if ('error' in titleRead) fail('出庭负责人职务', titleRead.error);
      else if (titleRead.value === undefined) fail('出庭负责人职务', { zh: `${on}负责人出庭，请填写其职务（出庭规定第二条）`, en: `give the title of the head who appeared on ${on}` });
      else hearing.headTitle = titleRead.value;
    }
    return hearing;
  });
  if (kind === 'litigation' && hearingDates.length > 0 && !court) fail('法院', { zh: '填写了开庭日期，请填写法院', en: 'give the court of the hearings' });

  const later = readLaterSteps({ cells, text, date, fail, only, kind, receivedOn, concludedOn });

  if (errors.length > 0 || !kind || !agencyId || !receivedOn) return { errors };
  const parties = partyNames.map((name, i) => {
    const idNumber = idNumbers[i];
    return idNumber ? { name, idNumber } : { name };
  });
  const row: LedgerRow = { kind, caseNumber, agencyId, parties, thirdParties, receivedOn, hearings };
  if (procedure) row.procedure = procedure;
  if (field) row.field = field;
  if (actType) row.actType = actType;
  if (title) row.title = title;
  if (court) row.court = court;
  if (filedOn) row.filedOn = filedOn;
  if (acceptedOn) row.acceptedOn = acceptedOn;
  if (rejectedOn) row.rejectedOn = rejectedOn;
  if (concludedOn) row.concludedOn = concludedOn;
  if (outcome) row.outcome = outcome;
  Object.assign(row, later);
  return { row, errors };
}

/** What `readLedgerRow` hands to the reading of the later steps' columns. */
interface StepCells {
  cells: ReadonlyMap<string, CellValue>;
  text(column: string): string;
  date(column: string): string | undefined;
  fail(column: string, message: Localized): void;
  only(column: string, present: boolean, of: CaseKind): void;
  kind: CaseKind | undefined;
  receivedOn: string | undefined;
  concludedOn: string | undefined;
}

type LaterSteps = Pick<LedgerRow, 'major' | 'collectiveReview' | 'extendedOn' | 'suspensions' | 'judgment' | 'appealedOn'>;

/** 一审裁判形式: 判决, 裁定, or a ruling with its type (裁定（驳回起诉）, 驳回起诉裁定, 驳回起诉). */
function readJudgmentForm(value: string): Read<{ form: JudgmentForm; rulingType?: RulingType } | undefined> {
  if (value === '') return { value: undefined };
  const wanted = normalizeText(value).replace(/[()]/g, '');
  if (wanted === judgmentForms.judgment || wanted === 'judgment') return { value: { form: 'judgment' } };
  if (wanted === judgmentForms.ruling || wanted === 'ruling') return { value: { form: 'ruling' } };
  for (const type of Object.keys(rulingTypes) as RulingType[]) {
    const name: string = rulingTypes[type];
    const bare = name.endsWith('裁定') ? name.slice(0, -'裁定'.length) : name;
    if ([`${judgmentForms.ruling}${bare}`, `${bare}${judgmentForms.ruling}`, bare, type].includes(wanted)) return { value: { form: 'ruling', rulingType: type } };
  }
  return {
    error: { zh: `“${value}”不是一审裁判形式，可填：${judgmentFormChoices.join('、')}`, en: `"${value}" is not a form of judgment; one of: ${judgmentFormChoices.join(', ')}` },
  };
}

const given = (r: StepCells, column: string) => r.text(column) !== '';

function requiredWith(r: StepCells, column: string, by: string): void {
  if (!given(r, column)) r.fail(column, { zh: `填写了${by}，请填写${column}`, en: `give ${column} with ${by}` });
}

/** `on` not before any of the earlier days given; reports the first one it precedes. */
function notBefore(r: StepCells, column: string, on: string | undefined, ...earlier: [string | undefined, string][]): boolean {
  for (const [day, name] of earlier) {
    if (on && day && on < day) {
      r.fail(column, { zh: `不能早于${name}（${day}）`, en: `cannot be before ${name} (${day})` });
      return false;
    }
  }
  return true;
}

function notAfterConclusion(r: StepCells, column: string, on: string | undefined): boolean {
  if (on && r.concludedOn && on > r.concludedOn) {
    r.fail(column, { zh: `不能晚于审结日期（${r.concludedOn}）`, en: `cannot be after the case was concluded (${r.concludedOn})` });
    return false;
  }
  return true;
}

/**
 * The columns of the steps after registration: major case and collective review (重大行政复议应诉案件
 * 集体研究制度, 行政复议法第五十二条), extension (第六十二条), suspension and resumption (第三十九条;
 * 行诉解释第八十七条 for litigation), first-instance judgment and appeal (行政诉讼法第八十五条). What one row
 * can tell is checked here (dates, labels, which columns go together, their order); what the case
 * allows at each step is the domain's, when the importer records the steps.
 */
function readLaterSteps(r: StepCells): LaterSteps {
  const steps: LaterSteps = {};
  const received: [string | undefined, string] = [r.receivedOn, '收到日期'];

  // 重大案件: the day and the reason (mark-major).
  const markedOn = r.date('重大案件认定日期');
  const reason = r.text('重大案件认定理由');
  if (given(r, '重大案件认定日期')) requiredWith(r, '重大案件认定理由', '重大案件认定日期');
  else if (reason !== '') requiredWith(r, '重大案件认定日期', '重大案件认定理由');
  if (notBefore(r, '重大案件认定日期', markedOn, received) && markedOn && reason !== '') steps.major = { on: markedOn, reason };

  // 集体研究: only of a case marked major, on or after the day it was marked.
  const reviewedOn = r.date('集体研究日期');
  const forumText = r.text('集体研究形式');
  const conclusion = r.text('集体研究结论');
  const forum = readLabel(collectiveReviewForums, forumText, '集体研究形式', 'a forum of collective review');
  if ('error' in forum) r.fail('集体研究形式', forum.error);
  if (given(r, '集体研究日期')) {
    if (!given(r, '重大案件认定日期')) {
      r.fail('集体研究日期', {
        zh: '未填写重大案件认定日期：集体研究只适用于列为重大案件的案件，请先填写重大案件认定日期和认定理由',
        en: 'the case is not marked major (重大案件认定日期): only a major case is studied collectively',
      });
    }
    requiredWith(r, '集体研究形式', '集体研究日期');
    requiredWith(r, '集体研究结论', '集体研究日期');
  } else if (forumText !== '' || conclusion !== '') requiredWith(r, '集体研究日期', forumText !== '' ? '集体研究形式' : '集体研究结论');
  const reviewInOrder = notBefore(r, '集体研究日期', reviewedOn, received, [markedOn, '重大案件认定日期']);
  if (reviewInOrder && reviewedOn && 'value' in forum && forum.value && conclusion !== '') {
    steps.collectiveReview = { on: reviewedOn, forum: forum.value, conclusion };
  }

  // 延期: reconsideration only (行政复议法第六十二条); whether the period still runs is the domain's.
  const extendedOn = r.date('延期日期');
  r.only('延期日期', given(r, '延期日期'), 'reconsideration');
  if (r.kind === 'reconsideration' && notBefore(r, '延期日期', extendedOn, received) && extendedOn) steps.extendedOn = extendedOn;

  readSuspensions(r, steps);
  readJudgment(r, steps);
  return steps;
}

/** 中止 and 恢复: pairs in order; only the last suspension may still run. */
function readSuspensions(r: StepCells, steps: LaterSteps): void {
  const suspendedOn = readDates(r, '中止日期');
  const resumedOn = readDates(r, '恢复日期');
  // A cell that holds no date at all was reported by readDates.
  if ((given(r, '中止日期') && suspendedOn.length === 0) || (given(r, '恢复日期') && resumedOn.length === 0)) return;
  if (suspendedOn.length > MAX_SUSPENSIONS) {
    r.fail('中止日期', { zh: `至多${MAX_SUSPENSIONS}次中止`, en: `at most ${MAX_SUSPENSIONS} suspensions` });
    return;
  }
  if (resumedOn.length > 0 && suspendedOn.length === 0) {
    requiredWith(r, '中止日期', '恢复日期');
    return;
  }
  if (resumedOn.length > suspendedOn.length || resumedOn.length < suspendedOn.length - 1) {
    r.fail('恢复日期', {
      zh: `有${suspendedOn.length}个中止日期、${resumedOn.length}个恢复日期：请按中止日期的顺序逐一填写恢复日期，只有最后一次中止可以尚未恢复`,
      en: `${resumedOn.length} resumptions for ${suspendedOn.length} suspensions: give one per suspension, in order; only the last may be unresumed`,
    });
    return;
  }
  let inOrder = true;
  suspendedOn.forEach((on, i) => {
    inOrder = notBefore(r, '中止日期', on, [r.receivedOn, '收到日期'], [resumedOn[i - 1], '上一次恢复日期']) && inOrder;
    inOrder = notBefore(r, '恢复日期', resumedOn[i], [on, '对应的中止日期']) && inOrder;
  });
  if (inOrder && suspendedOn.length > 0) steps.suspensions = suspendedOn.map((on, i) => (resumedOn[i] ? { on, resumedOn: resumedOn[i] } : { on }));
}

/** 一审裁判 and 上诉 (litigation only): the judgment's service, form and result; the appeal after it. */
function readJudgment(r: StepCells, steps: LaterSteps): void {
  for (const column of ['一审裁判送达日期', '一审裁判形式', '一审裁判结果', '上诉日期']) r.only(column, given(r, column), 'litigation');
  if (r.kind !== 'litigation') return;
  const judgedOn = r.date('一审裁判送达日期');
  const form = readJudgmentForm(r.text('一审裁判形式'));
  if ('error' in form) r.fail('一审裁判形式', form.error);
  const outcome = readLabel(litigationOutcomes, r.text('一审裁判结果'), '行政诉讼裁判的结果', 'a litigation outcome');
  if ('error' in outcome) r.fail('一审裁判结果', outcome.error);
  if (given(r, '一审裁判送达日期')) {
    requiredWith(r, '一审裁判形式', '一审裁判送达日期');
    requiredWith(r, '一审裁判结果', '一审裁判送达日期');
  } else if (given(r, '一审裁判形式') || given(r, '一审裁判结果')) {
    requiredWith(r, '一审裁判送达日期', given(r, '一审裁判形式') ? '一审裁判形式' : '一审裁判结果');
  }
  const judgedInOrder = notBefore(r, '一审裁判送达日期', judgedOn, [r.receivedOn, '收到日期']) && notAfterConclusion(r, '一审裁判送达日期', judgedOn);
  if (judgedInOrder && judgedOn && 'value' in form && form.value && 'value' in outcome && outcome.value) {
    steps.judgment = { servedOn: judgedOn, ...form.value, outcome: outcome.value };
  }
  const appealedOn = r.date('上诉日期');
  if (given(r, '上诉日期') && !given(r, '一审裁判送达日期')) {
    r.fail('上诉日期', {
      zh: '未填写一审裁判送达日期：上诉须在一审裁判之后，请填写一审裁判送达日期、形式和结果',
      en: 'no first-instance judgment (一审裁判送达日期): an appeal follows a judgment',
    });
  } else if (notBefore(r, '上诉日期', appealedOn, [judgedOn, '一审裁判送达日期']) && notAfterConclusion(r, '上诉日期', appealedOn) && appealedOn) {
    steps.appealedOn = appealedOn;
  }
}

/** A cell of dates: one date cell, or dates as text separated by 、 (as 开庭日期). */
function readDates(r: StepCells, column: string): string[] {
  const value = r.cells.get(column);
  if (typeof value !== 'string') {
    const one = r.date(column);
    return one ? [one] : [];
  }
  const dates: string[] = [];
  for (const part of splitList(value)) {
    const read = readDate(part);
    if ('error' in read) r.fail(column, read.error);
    else if (read.value) dates.push(read.value);
  }
  return dates;
}

/** A request of the API as a clerk would send it for a row, with the column it came from. */
export interface LedgerStep {
  column: string;
  body: Record<string, unknown>;
  /** the column of a field of the body, where it is not `column` (e.g. `reasonDetail` → 重大案件认定理由) */
  fields?: Readonly<Record<string, string>>;
}

export interface LedgerHearingEntry {
  column: string;
  /** POST /cases/{id}/hearings */
  body: { scheduledAt: string; court: string; kind: 'court' | 'reconsideration-hearing' };
  /** PUT /hearings/{id}/attendance, for a hearing held */
  attendance?: { held: true; headAppeared: boolean; appearedName?: string; appearedTitle?: string };
}

/** The requests a clerk entering the row by hand would send, in order. */
export interface LedgerEntry {
  /** POST /cases */
  registration: Record<string, unknown>;
  /** POST /cases/{id}/actions, in date order */
  steps: LedgerStep[];
  hearings: LedgerHearingEntry[];
}

export function entryOf(row: LedgerRow): LedgerEntry {
  const reconsideration = row.kind === 'reconsideration';
  const registration: Record<string, unknown> = {
    kind: row.kind,
    caseNumber: row.caseNumber,
    agencyId: row.agencyId,
    receivedOn: row.receivedOn,
    parties: [
      ...row.parties.map((p) => ({ role: reconsideration ? 'applicant' : 'plaintiff', name: p.name, ...(p.idNumber ? { idNumber: p.idNumber } : {}) })),
      ...row.thirdParties.map((name) => ({ role: 'third-party', name })),
    ],
    ...(row.procedure ? { procedure: row.procedure } : {}),
    ...(row.field ? { field: row.field } : {}),
    ...(row.actType ? { actType: row.actType } : {}),
    ...(row.title ? { title: row.title } : {}),
    ...(row.court ? { court: row.court } : {}),
    ...(row.filedOn ? { filedOn: row.filedOn } : {}),
  };
  const main: LedgerStep[] = [];
  if (row.rejectedOn) main.push({ column: '不予受理日期', body: { type: 'reject', on: row.rejectedOn, reason: 'other' } });
  if (row.acceptedOn) main.push({ column: '受理日期', body: { type: 'accept', on: row.acceptedOn } });
  if (row.concludedOn && row.outcome) {
    if (!reconsideration) main.push({ column: '审结日期', body: { type: 'conclude', on: row.concludedOn, outcome: row.outcome } });
    else if (row.outcome === 'termination') main.push({ column: '审结日期', body: { type: 'terminate', on: row.concludedOn, reason: 'other' } });
    else main.push({ column: '审结日期', body: { type: 'decide', on: row.concludedOn, outcome: row.outcome } });
  }
  const steps = mergeByDate(main, laterSteps(row));
  const hearings = row.hearings.map((h): LedgerHearingEntry => {
    const entry: LedgerHearingEntry = {
      column: '开庭日期',
      body: {
        scheduledAt: `${h.on}${HEARING_TIME}`,
        court: reconsideration ? RECONSIDERATION_HEARING_PLACE : (row.court ?? ''),
        kind: reconsideration ? 'reconsideration-hearing' : 'court',
      },
    };
    if (h.headAppeared !== undefined) {
      entry.attendance = {
        held: true,
        headAppeared: h.headAppeared,
        ...(h.headAppeared && h.headName ? { appearedName: h.headName } : {}),
        ...(h.headAppeared && h.headTitle ? { appearedTitle: h.headTitle } : {}),
      };
    }
    return entry;
  });
  return { registration, steps, hearings };
}

/**
 * Where a step goes among the others of its day, as a clerk records a day's steps: acceptance first,
 * then marking and collective review, suspension and resumption, extension, judgment and appeal,
 * and the decision or conclusion last.
 */
const dayOrder: Readonly<Record<string, number>> = {
  reject: 0,
  accept: 0,
  'mark-major': 1,
  'collective-review': 2,
  suspend: 3,
  resume: 3,
  extend: 4,
  judge: 5,
  appeal: 6,
  decide: 7,
  terminate: 7,
  conclude: 7,
};

interface Ordered {
  step: LedgerStep;
  on: string;
  rank: number;
}

const orderedOf = (step: LedgerStep): Ordered => ({ step, on: String(step.body.on), rank: dayOrder[String(step.body.type)] ?? 7 });
const before = (a: Ordered, b: Ordered) => a.on < b.on || (a.on === b.on && a.rank < b.rank);

/**
 * The steps of the later columns merged by date into the acceptance and conclusion, which keep
 * their own order (a conclusion dated before the acceptance is refused on 审结日期, as before).
 */
function mergeByDate(main: readonly LedgerStep[], later: readonly LedgerStep[]): LedgerStep[] {
  const chain = main.map(orderedOf);
  // A stable sort: a suspension stays before its resumption, and that before the next suspension.
  const others = later.map(orderedOf).sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
  const merged: LedgerStep[] = [];
  let i = 0;
  let j = 0;
  while (i < chain.length || j < others.length) {
    const next = others[j];
    const fixed = chain[i];
    if (fixed && (!next || !before(next, fixed))) {
      merged.push(fixed.step);
      i++;
    } else if (next) {
      merged.push(next.step);
      j++;
    }
  }
  return merged;
}

/** The requests of the later columns: 重大案件, 集体研究, 延期, 中止/恢复, 一审裁判, 上诉. */
function laterSteps(row: LedgerRow): LedgerStep[] {
  const steps: LedgerStep[] = [];
  if (row.major) {
    steps.push({ column: '重大案件认定日期', body: { type: 'mark-major', on: row.major.on, reasonDetail: row.major.reason }, fields: { reasonDetail: '重大案件认定理由' } });
  }
  const review = row.collectiveReview;
  if (review) {
    steps.push({
      column: '集体研究日期',
      body: { type: 'collective-review', on: review.on, forum: review.forum, conclusion: review.conclusion },
      fields: { forum: '集体研究形式', conclusion: '集体研究结论' },
    });
  }
  for (const suspension of row.suspensions ?? []) {
    // The ledger records no reason: 其他 (行政复议法第三十九条第一款第十项; 行诉解释第八十七条第一款第七项).
    steps.push({ column: '中止日期', body: { type: 'suspend', on: suspension.on, reason: 'other' } });
    if (suspension.resumedOn) steps.push({ column: '恢复日期', body: { type: 'resume', on: suspension.resumedOn } });
  }
  if (row.extendedOn) {
    // 行政复议法第六十二条第一款: approved by the head of the 行政复议机构, for at most thirty days.
    steps.push({ column: '延期日期', body: { type: 'extend', on: row.extendedOn, approvedBy: LEDGER_EXTENSION_APPROVER } });
  }
  const judgment = row.judgment;
  if (judgment) {
    steps.push({
      column: '一审裁判送达日期',
      body: {
        type: 'judge',
        on: judgment.servedOn,
        servedOn: judgment.servedOn,
        form: judgment.form,
        ...(judgment.rulingType ? { rulingType: judgment.rulingType } : {}),
        instance: 'first',
        outcome: judgment.outcome,
      },
      fields: { form: '一审裁判形式', rulingType: '一审裁判形式', outcome: '一审裁判结果' },
    });
  }
  if (row.appealedOn) steps.push({ column: '上诉日期', body: { type: 'appeal', on: row.appealedOn, by: appellantOf(row.judgment) } });
  return steps;
}

/** The ledger does not say who appealed: the party that lost at first instance (行政诉讼法第八十五条). */
function appellantOf(judgment: LedgerJudgment | undefined): Appellant {
  return judgment && LOSS_OUTCOMES.includes(judgment.outcome) ? 'agency' : 'plaintiff';
}

/** A stored case (and its hearings) as a ledger row: the steps a ledger records, as entered. */
export function ledgerRowOf(record: CaseRecord, hearings: readonly Hearing[]): LedgerRow {
  const lastStep = (type: string) => record.steps.filter((s) => s.type === type).at(-1)?.on;
  const main = record.kind === 'reconsideration' ? 'applicant' : 'plaintiff';
  const row: LedgerRow = {
    kind: record.kind,
    caseNumber: record.caseNumber,
    agencyId: record.agencyId,
    parties: record.parties.filter((p) => p.role === main).map((p) => (p.idNumber ? { name: p.name, idNumber: p.idNumber } : { name: p.name })),
    thirdParties: record.parties.filter((p) => p.role === 'third-party').map((p) => p.name),
    receivedOn: record.receivedOn,
    hearings: hearings
      .filter((h) => h.status !== 'cancelled' && h.attendance?.held !== false)
      .sort((a, b) => new Date(a.scheduledAt).getTime() - new Date(b.scheduledAt).getTime())
      .map((h) => {
        const hearing: LedgerHearing = { on: hearingDate(h) };
        if (h.attendance) hearing.headAppeared = h.attendance.headAppeared;
        if (h.attendance?.headAppeared && h.attendance.appearedName) hearing.headName = h.attendance.appearedName;
        if (h.attendance?.headAppeared && h.attendance.appearedTitle) hearing.headTitle = h.attendance.appearedTitle;
        return hearing;
      }),
  };
  if (record.kind === 'reconsideration') row.procedure = record.registeredProcedure ?? 'ordinary';
  if (record.field) row.field = record.field;
  if (record.actType) row.actType = record.actType;
  if (record.title) row.title = record.title;
  if (record.court) row.court = record.court;
  if (record.filedOn) row.filedOn = record.filedOn;
  const accepted = lastStep('accept');
  if (accepted) row.acceptedOn = accepted;
  const rejected = lastStep('reject');
  if (rejected && record.status === 'rejected') row.rejectedOn = rejected;
  if (record.concluded && record.concludedOn && record.outcome) {
    row.concludedOn = record.concludedOn;
    row.outcome = record.outcome;
  }
  Object.assign(row, laterStepsOf(record.steps));
  return row;
}

type StepOf<T extends Step['type']> = Extract<Step, { type: T }>;

/** The later columns of a stored case: the first marking, review, extension, first-instance judgment and its appeal; every suspension. */
function laterStepsOf(steps: readonly Step[]): LaterSteps {
  const first = <T extends Step['type']>(type: T, from = 0): StepOf<T> | undefined =>
    steps.slice(from).find((s): s is StepOf<T> => s.type === type);
  const later: LaterSteps = {};
  const marked = first('mark-major');
  if (marked) later.major = { on: marked.on, reason: marked.reasonDetail };
  const review = first('collective-review');
  if (review) later.collectiveReview = { on: review.on, forum: review.forum, conclusion: review.conclusion };
  const extended = first('extend');
  if (extended) later.extendedOn = extended.on;
  const suspensions: LedgerSuspension[] = [];
  for (const step of steps) {
    if (step.type === 'suspend') suspensions.push({ on: step.on });
    const open = suspensions.at(-1);
    if (step.type === 'resume' && open && !open.resumedOn) open.resumedOn = step.on;
  }
  if (suspensions.length > 0) later.suspensions = suspensions;
  const judgedAt = steps.findIndex((s) => s.type === 'judge' && s.instance === 'first');
  const judged = judgedAt === -1 ? undefined : (steps[judgedAt] as StepOf<'judge'>);
  if (judged) {
    later.judgment = { servedOn: judged.servedOn, form: judged.form, ...(judged.rulingType ? { rulingType: judged.rulingType } : {}), outcome: judged.outcome };
    const appealed = first('appeal', judgedAt + 1);
    if (appealed) later.appealedOn = appealed.on;
  }
  return later;
}

/**
 * What a row says, in a fixed form for comparison: two rows are the same case when these are
 * equal. ID numbers are compared masked (the export shows them masked), a reconsideration's
 * procedure defaults to ordinary, list order of hearings is by date.
 */
export function rowContent(row: LedgerRow): string {
  const norm = (value: string | undefined) => (value === undefined ? null : normalizeText(value));
  return JSON.stringify([
    row.kind,
    normalizeText(row.caseNumber),
    row.agencyId,
    row.parties.map((p) => [norm(p.name), p.idNumber ? maskIdNumber(p.idNumber) : null]),
    row.thirdParties.map(norm),
    row.receivedOn,
    row.kind === 'reconsideration' ? (row.procedure ?? 'ordinary') : null,
    row.field ?? null,
    row.actType ?? null,
    norm(row.title),
    norm(row.court),
    row.filedOn ?? null,
    row.acceptedOn ?? null,
    row.rejectedOn ?? null,
    row.concludedOn ?? null,
    row.outcome ?? null,
    [...row.hearings].sort((a, b) => a.on.localeCompare(b.on)).map((h) => [h.on, h.headAppeared ?? null, norm(h.headName), h.headTitle ?? null]),
    ...laterColumns.map(([, get]) => get(row)),
  ]);
}

const normalized = (value: string | undefined) => (value === undefined ? null : normalizeText(value));

/** The later columns as compared: each column with what it says (a free text normalised as in rowContent). */
const laterColumns: readonly [string, (r: LedgerRow) => unknown][] = [
  ['重大案件认定日期', (r) => r.major?.on ?? null],
  ['重大案件认定理由', (r) => normalized(r.major?.reason)],
  ['集体研究日期', (r) => r.collectiveReview?.on ?? null],
  ['集体研究形式', (r) => r.collectiveReview?.forum ?? null],
  ['集体研究结论', (r) => normalized(r.collectiveReview?.conclusion)],
  ['延期日期', (r) => r.extendedOn ?? null],
  ['中止日期', (r) => (r.suspensions ?? []).map((s) => s.on)],
  ['恢复日期', (r) => (r.suspensions ?? []).map((s) => s.resumedOn ?? null)],
  ['一审裁判送达日期', (r) => r.judgment?.servedOn ?? null],
  ['一审裁判形式', (r) => (r.judgment ? [r.judgment.form, r.judgment.rulingType ?? null] : null)],
  ['一审裁判结果', (r) => r.judgment?.outcome ?? null],
  ['上诉日期', (r) => r.appealedOn ?? null],
];

/** The columns of the export whose content differs between two rows (for the error message). */
export function differingColumns(a: LedgerRow, b: LedgerRow): string[] {
  const pick: [string, (r: LedgerRow) => unknown][] = [
    ['机关', (r) => r.agencyId],
    ['当事人', (r) => r.parties.map((p) => normalizeText(p.name))],
    ['当事人身份证号', (r) => r.parties.map((p) => (p.idNumber ? maskIdNumber(p.idNumber) : null))],
    ['第三人', (r) => r.thirdParties.map(normalizeText)],
    ['收到日期', (r) => r.receivedOn],
    ['程序', (r) => (r.kind === 'reconsideration' ? (r.procedure ?? 'ordinary') : null)],
    ['执法领域', (r) => r.field ?? null],
    ['行为类别', (r) => r.actType ?? null],
    ['案由', (r) => (r.title ? normalizeText(r.title) : null)],
    ['法院', (r) => (r.court ? normalizeText(r.court) : null)],
    ['立案日期', (r) => r.filedOn ?? null],
    ['受理日期', (r) => r.acceptedOn ?? null],
    ['不予受理日期', (r) => r.rejectedOn ?? null],
    ['审结日期', (r) => r.concludedOn ?? null],
    ['结果', (r) => r.outcome ?? null],
    ['开庭日期', (r) => [...r.hearings].sort((x, y) => x.on.localeCompare(y.on)).map((h) => [h.on, h.headAppeared ?? null, h.headName ?? null, h.headTitle ?? null])],
    ...laterColumns,
  ];
  return pick.filter(([, get]) => JSON.stringify(get(a)) !== JSON.stringify(get(b))).map(([column]) => column);
}

/** A row as the cells of the export, by column (dates as YYYY-MM-DD text, labels in Chinese). */
export function ledgerCells(row: LedgerRow, agencyName: string): Record<string, string> {
  const outcomes: Labels = row.kind === 'reconsideration' ? reconsiderationOutcomes : litigationOutcomes;
  const joined = (values: readonly string[]) => values.join('\u3001');
  const anyId = row.parties.some((p) => p.idNumber);
  return {
    案件类型: caseKinds[row.kind],
    案号: row.caseNumber,
    机关: agencyName,
    当事人: joined(row.parties.map((p) => p.name)),
    当事人身份证号: anyId ? joined(row.parties.map((p) => (p.idNumber ? maskIdNumber(p.idNumber) : ''))) : '',
    第三人: joined(row.thirdParties),
    收到日期: row.receivedOn,
    程序: row.procedure ? procedures[row.procedure] : '',
    执法领域: row.field ? enforcementFields[row.field] : '',
    行为类别: row.actType ? actTypes[row.actType] : '',
    案由: row.title ?? '',
    法院: row.court ?? '',
    立案日期: row.filedOn ?? '',
    受理日期: row.acceptedOn ?? '',
    不予受理日期: row.rejectedOn ?? '',
    审结日期: row.concludedOn ?? '',
    结果: row.outcome ? (outcomes[row.outcome] ?? row.outcome) : '',
    开庭日期: joined(row.hearings.map((h) => h.on)),
    负责人是否出庭: joined(row.hearings.map((h) => (h.headAppeared === undefined ? '' : h.headAppeared ? '\u662f' : '\u5426'))),
    出庭负责人: row.hearings.some((h) => h.headName) ? joined(row.hearings.map((h) => h.headName ?? '')) : '',
    出庭负责人职务: row.hearings.some((h) => h.headTitle) ? joined(row.hearings.map((h) => (h.headTitle ? headTitles[h.headTitle] : ''))) : '',
    重大案件认定日期: row.major?.on ?? '',
    重大案件认定理由: row.major?.reason ?? '',
    集体研究日期: row.collectiveReview?.on ?? '',
    集体研究形式: row.collectiveReview ? collectiveReviewForums[row.collectiveReview.forum] : '',
    集体研究结论: row.collectiveReview?.conclusion ?? '',
    延期日期: row.extendedOn ?? '',
    中止日期: joined((row.suspensions ?? []).map((s) => s.on)),
    恢复日期: joined((row.suspensions ?? []).flatMap((s) => (s.resumedOn ? [s.resumedOn] : []))),
    一审裁判送达日期: row.judgment?.servedOn ?? '',
    一审裁判形式: row.judgment ? judgmentFormLabel(row.judgment) : '',
    一审裁判结果: row.judgment ? litigationOutcomes[row.judgment.outcome] : '',
    上诉日期: row.appealedOn ?? '',
  };
}

function judgmentFormLabel(judgment: LedgerJudgment): string {
  if (judgment.form === 'judgment') return judgmentForms.judgment;
  return judgment.rulingType ? rulingLabel(judgment.rulingType) : judgmentForms.ruling;
}
