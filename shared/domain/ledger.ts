import type { CaseRecord } from './cases';
import { isValidDate } from './dates';
import {
  actTypes,
  caseKinds,
  enforcementFields,
  headTitles,
  litigationOutcomes,
  procedures,
  reconsiderationOutcomes,
  type CaseKind,
  type Labels,
} from './enums';
import type { Localized } from './errors';
import { hearingDate, type Hearing } from './hearings';
import { maskIdNumber } from './id-number';

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
}

const labelsOf = (labels: Labels) => Object.values(labels).join('、');

export const ledgerColumns: readonly LedgerColumn[] = [
  { name: '案件类型', required: true, explanation: '行政复议或行政应诉', values: labelsOf(caseKinds) },
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
  { name: '收到日期', required: true, explanation: '行政复议：收到申请之日；行政应诉：收到起诉状副本之日。日期可写 2024-03-05、2024/3/5 或 2024年3月5日，或使用日期格式的单元格' },
  { name: '程序', required: false, explanation: '仅行政复议，留空为普通程序', values: labelsOf(procedures) },
  { name: '执法领域', required: false, explanation: '被复议或被诉行为所属的执法领域', values: labelsOf(enforcementFields) },
  { name: '行为类别', required: false, explanation: '被复议或被诉的行政行为类别', values: labelsOf(actTypes) },
  { name: '案由', required: false, explanation: '简要案由，如“不服行政处罚决定”；请勿填写身份证号或手机号' },
  { name: '法院', required: false, explanation: '仅行政应诉：受理法院；填写了开庭日期的行政应诉案件必填' },
  { name: '立案日期', required: false, explanation: '仅行政应诉：法院立案日期，不得晚于收到日期' },
  {
    name: '受理日期',
    required: false,
    explanation: '仅行政复议：决定受理之日。留空则审查期限届满视为受理（2024年1月1日前收到的申请自收到之日起视为受理）',
  },
  { name: '不予受理日期', required: false, explanation: '仅行政复议：决定不予受理之日；填写后受理日期、审结日期应留空' },
  { name: '审结日期', required: false, explanation: '行政复议：作出复议决定或终止之日；行政应诉：案件审结之日' },
  {
    name: '结果',
    required: false,
    explanation: '审结的结果，填写了审结日期时必填。行政复议可填：' + labelsOf(reconsiderationOutcomes) + '；行政应诉可填：' + labelsOf(litigationOutcomes),
  },
  { name: '开庭日期', required: false, explanation: '行政应诉：法院开庭日期；行政复议：听证日期。多次用顿号分隔' },
  { name: '负责人是否出庭', required: false, explanation: '按开庭日期的顺序填写，已开庭的必填，尚未开庭的留空；只写一个则适用于每次开庭', values: '是、否' },
  { name: '出庭负责人', required: false, explanation: '出庭的负责人姓名，负责人出庭的必填（按开庭日期的顺序用顿号分隔）' },
  {
    name: '出庭负责人职务',
    required: false,
    explanation: '出庭负责人的职务（出庭规定第二条），负责人出庭的必填；可写简称正职、副职、分管',
    values: labelsOf(headTitles),
  },
];

export const ledgerColumnNames: readonly string[] = ledgerColumns.map((column) => column.name);

/** A ledger file is at most 4 MB (a binary body reaches Lambda base64-encoded, and Lambda takes at most 6 MB). */
export const MAX_LEDGER_BYTES = 4 * 1024 * 1024;
/** At most this many rows in one file (a district's ledger of several years). */
export const MAX_LEDGER_ROWS = 10_000;
const MAX_PARTIES = 20;
const MAX_HEARINGS = 10;

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
  return { row, errors };
}

/** A request of the API as a clerk would send it for a row, with the column it came from. */
export interface LedgerStep {
  column: string;
  body: Record<string, unknown>;
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
  const steps: LedgerStep[] = [];
  if (row.rejectedOn) steps.push({ column: '不予受理日期', body: { type: 'reject', on: row.rejectedOn, reason: 'other' } });
  if (row.acceptedOn) steps.push({ column: '受理日期', body: { type: 'accept', on: row.acceptedOn } });
  if (row.concludedOn && row.outcome) {
    if (!reconsideration) steps.push({ column: '审结日期', body: { type: 'conclude', on: row.concludedOn, outcome: row.outcome } });
    else if (row.outcome === 'termination') steps.push({ column: '审结日期', body: { type: 'terminate', on: row.concludedOn, reason: 'other' } });
    else steps.push({ column: '审结日期', body: { type: 'decide', on: row.concludedOn, outcome: row.outcome } });
  }
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
  return row;
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
  ]);
}

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
  };
}
