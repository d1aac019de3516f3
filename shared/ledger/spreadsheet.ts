import type ExcelJS from 'exceljs';
import { AppError, type Localized } from '../domain/errors';
import { ledgerColumnNames, ledgerColumns, type CellError, type CellValue } from '../domain/ledger';

/**
 * exceljs (≈ 1 MB of code) is loaded on first use, not when a bundle starts: the console and the
 * ledger API answer most requests without it, and their cold start should not pay for it.
 */
let excelModule: Promise<typeof ExcelJS> | undefined;
const excel = (): Promise<typeof ExcelJS> => (excelModule ??= import('exceljs').then((m) => m.default));

/**
 * The ledger as a file: an .xlsx workbook (exceljs) or a CSV (UTF-8 with or without a BOM, or GBK
 * as Excel and WPS save "CSV" on a Chinese Windows), read into rows of cells by header; and the
 * workbooks this service writes (the template, the export).
 */
export interface SheetRow {
  /** the row number a spreadsheet shows (the header is usually 1) */
  row: number;
  cells: Map<string, CellValue>;
}

export interface LedgerSheet {
  headerRow: number;
  rows: SheetRow[];
}

const XLSX_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function notASpreadsheet(detail: Localized): AppError {
  return new AppError('unsupported-media-type', 'NOT_A_SPREADSHEET', detail);
}

export function headerProblem(errors: CellError[]): AppError {
  return new AppError(
    'unprocessable',
    'LEDGER_HEADER_INVALID',
    {
      zh: `表头与台账模板不符：${errors.map((e) => e.message.zh).join('；')}。请使用 GET /imports/template.xlsx 下载的模板`,
      en: `the header does not match the ledger template: ${errors.map((e) => e.message.en).join('; ')}. Use the template from GET /imports/template.xlsx`,
    },
    { extensions: { ledgerErrors: errors } },
  );
}

/** Reads an .xlsx or CSV file into rows by header; a file that is neither is 415, a wrong header 422. */
export async function readLedgerFile(bytes: Uint8Array): Promise<LedgerSheet> {
  if (bytes.byteLength === 0) throw notASpreadsheet({ zh: '文件为空', en: 'the file is empty' });
  if (startsWith(bytes, XLSX_MAGIC)) return sheetOf(await readXlsx(bytes));
  if (startsWith(bytes, OLE_MAGIC)) {
    throw notASpreadsheet({
      zh: '这是旧版 Excel（.xls）文件，请在 Excel 或 WPS 中另存为 .xlsx 或 CSV 后再导入',
      en: 'this is an old Excel (.xls) file; save it as .xlsx or CSV and import that',
    });
  }
  const text = decodeText(bytes);
  return sheetOf(parseCsv(text));
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const strictGbk = new TextDecoder('gbk', { fatal: true });

/** UTF-8 (a BOM is dropped) when the bytes are valid UTF-8, else GBK; binary content is refused. */
export function decodeText(bytes: Uint8Array): string {
  const head = bytes.subarray(0, 8192);
  // Text files never hold NUL or most other C0 controls: a PDF, an image, a zip that is not a workbook.
  if (head.some((b) => b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b))) {
    throw notASpreadsheet({ zh: '文件不是 .xlsx 表格或 CSV 文本，请上传台账模板格式的表格', en: 'the file is neither an .xlsx workbook nor CSV text' });
  }
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    try {
      text = strictGbk.decode(bytes);
    } catch {
      throw notASpreadsheet({ zh: '无法识别文件的文字编码（应为 UTF-8 或 GBK 的 CSV）', en: 'the text encoding is neither UTF-8 nor GBK' });
    }
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** RFC 4180 CSV (comma, or tab when the header has tabs and no commas): quoted fields, doubled quotes, CRLF or LF. */
export function parseCsv(text: string): { row: number; values: CellValue[] }[] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const separator = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  const rows: { row: number; values: CellValue[] }[] = [];
  let field = '';
  let values: string[] = [];
  let quoted = false;
  let line = 1;
  let rowStart = 1;
  const endRow = () => {
    values.push(field);
    field = '';
    if (values.some((v) => v.trim() !== '')) rows.push({ row: rowStart, values });
    values = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (ch === separator) {
      values.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowStart = line;
    } else field += ch;
  }
  if (field !== '' || values.length > 0) endRow();
  return rows;
}

type ExcelValue = ExcelJS.CellValue;

function plainValue(value: ExcelValue): CellValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('formula' in value || 'sharedFormula' in value) return plainValue((value as { result?: ExcelValue }).result ?? null);
    if ('text' in value) return String((value as { text: unknown }).text);
    if ('error' in value) return null;
  }
  return String(value);
}

async function readXlsx(bytes: Uint8Array): Promise<{ row: number; values: CellValue[] }[]> {
  const workbook = new (await excel()).Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch {
    throw notASpreadsheet({ zh: '无法读取该 .xlsx 文件（文件已损坏或不是 Excel 工作簿）', en: 'the .xlsx file cannot be read (damaged, or not an Excel workbook)' });
  }
  // The ledger sheet: the one named 台账, else the first.
  const sheet = workbook.worksheets.find((ws) => ws.name === '\u53f0\u8d26') ?? workbook.worksheets[0];
  if (!sheet) throw notASpreadsheet({ zh: '工作簿中没有工作表', en: 'the workbook has no sheet' });
  const rows: { row: number; values: CellValue[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: CellValue[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      values[column - 1] = plainValue(cell.value);
    });
    if (values.some((v) => v !== null && v !== undefined && String(v).trim() !== '')) rows.push({ row: rowNumber, values });
  });
  return rows;
}

const normalizeHeader = (value: CellValue) => String(value ?? '').normalize('NFKC').replace(/\s+/g, '').replace(/[*\uff0a]$/, '');

/**
 * The header is the first row (among the first five: a title line above it is common) holding
 * 案号; every column of the template that is required must be there, and nothing it does not know.
 */
function sheetOf(raw: { row: number; values: CellValue[] }[]): LedgerSheet {
  const headerIndex = raw.slice(0, 5).findIndex((r) => r.values.some((v) => normalizeHeader(v) === '\u6848\u53f7'));
  const header = raw[headerIndex === -1 ? 0 : headerIndex];
  if (!header) throw notASpreadsheet({ zh: '文件中没有任何内容', en: 'the file holds nothing' });
  const headerRow = header.row;
  const names = header.values.map(normalizeHeader);
  const known = new Set(ledgerColumnNames);
  const errors: CellError[] = [];
  const seen = new Set<string>();
  names.forEach((name) => {
    if (name === '') return;
    if (!known.has(name)) {
      errors.push({ row: headerRow, column: name, message: { zh: `未知的列“${name}”`, en: `unknown column "${name}"` } });
    } else if (seen.has(name)) {
      errors.push({ row: headerRow, column: name, message: { zh: `列“${name}”重复`, en: `column "${name}" appears twice` } });
    }
    seen.add(name);
  });
  for (const column of ledgerColumns) {
    if (column.required && !seen.has(column.name)) {
      errors.push({ row: headerRow, column: column.name, message: { zh: `缺少必需的列“${column.name}”`, en: `the required column "${column.name}" is missing` } });
    }
  }
  if (errors.length > 0) throw headerProblem(errors);
  const rows = raw.slice((headerIndex === -1 ? 0 : headerIndex) + 1).map((r) => {
    const cells = new Map<string, CellValue>();
    names.forEach((name, i) => {
      if (name !== '') cells.set(name, r.values[i] ?? null);
    });
    return { row: r.row, cells };
  });
  return { headerRow, rows };
}

async function bytesOf(workbook: ExcelJS.Workbook): Promise<Uint8Array> {
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

const DATE_COLUMNS = new Set(ledgerColumns.filter((column) => column.date).map((column) => column.name));
const WIDE_COLUMNS = new Set(['案号', '机关', '当事人身份证号', '重大案件认定理由', '集体研究结论', '一审裁判形式']);

function ledgerSheet(workbook: ExcelJS.Workbook) {
  const sheet = workbook.addWorksheet('\u53f0\u8d26', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = ledgerColumns.map((column) => ({
    header: column.name,
    key: column.name,
    width: WIDE_COLUMNS.has(column.name) ? 24 : DATE_COLUMNS.has(column.name) ? 13 : 16,
    ...(DATE_COLUMNS.has(column.name) ? { style: { numFmt: 'yyyy-mm-dd' } } : {}),
    ...(column.name === '当事人身份证号' ? { style: { numFmt: '@' } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  return sheet;
}

function explanationSheet(workbook: ExcelJS.Workbook) {
  const sheet = workbook.addWorksheet('\u586b\u5199\u8bf4\u660e');
  sheet.columns = [
    { header: '列名', key: 'name', width: 16 },
    { header: '是否必填', key: 'required', width: 10 },
    { header: '填写说明', key: 'explanation', width: 80 },
    { header: '可填的值', key: 'values', width: 60 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const column of ledgerColumns) {
    sheet.addRow({ name: column.name, required: column.required ? '必填' : '选填', explanation: column.explanation, values: column.values ?? '' });
  }
  sheet.getColumn('explanation').alignment = { wrapText: true, vertical: 'top' };
  sheet.getColumn('values').alignment = { wrapText: true, vertical: 'top' };
  return sheet;
}

/** Drop-down lists for the short label columns (a clerk picks rather than types). */
function listValidations(sheet: ExcelJS.Worksheet, rows: number) {
  const validations = (sheet as unknown as { dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void } }).dataValidations;
  const letter = (name: string) => columnLetter(ledgerColumnNames.indexOf(name));
  const list = (name: string, values: readonly string[]) =>
    validations.add(`${letter(name)}2:${letter(name)}${rows + 1}`, { type: 'list', allowBlank: true, formulae: [`"${values.join(',')}"`] });
  for (const column of ledgerColumns) if (column.choices) list(column.name, column.choices);
}

/** A column's letters in a sheet: 0 → A, 25 → Z, 26 → AA (the ledger has more than 26 columns). */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** The template: the ledger sheet with its headers (and two example rows), and a sheet explaining each column. */
export async function ledgerTemplate(examples: readonly Record<string, string | Date>[] = []): Promise<Uint8Array> {
  const workbook = new (await excel()).Workbook();
  workbook.creator = 'case-tracker';
  const sheet = ledgerSheet(workbook);
  for (const example of examples) sheet.addRow(example);
  listValidations(sheet, 2000);
  explanationSheet(workbook);
  return bytesOf(workbook);
}

/** A day as an Excel date cell (exceljs writes a Date at UTC midnight as that day). */
const dateCell = (date: string) => new Date(`${date}T00:00:00Z`);

/** The ledger export: the template's columns, one row per case, dates as date cells. */
export async function ledgerWorkbook(rows: readonly Record<string, string>[]): Promise<Uint8Array> {
  const workbook = new (await excel()).Workbook();
  workbook.creator = 'case-tracker';
  const sheet = ledgerSheet(workbook);
  for (const row of rows) {
    const values: Record<string, string | Date> = {};
    for (const [name, value] of Object.entries(row)) values[name] = DATE_COLUMNS.has(name) && value ? dateCell(value) : value;
    sheet.addRow(values);
  }
  explanationSheet(workbook);
  return bytesOf(workbook);
}

export interface TableColumn {
  header: string;
  width?: number;
  /** a fraction shown as a percentage */
  percent?: boolean;
}

/** A one-sheet workbook of a table (statistics): bold header, frozen, rates as percentages. */
export async function tableWorkbook(sheetName: string, columns: readonly TableColumn[], rows: readonly (string | number | null)[][]): Promise<Uint8Array> {
  const workbook = new (await excel()).Workbook();
  workbook.creator = 'case-tracker';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  sheet.columns = columns.map((column, i) => ({
    header: column.header,
    key: String(i),
    width: column.width ?? Math.max(10, column.header.length * 2 + 2),
    ...(column.percent ? { style: { numFmt: '0.0%' } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).alignment = { wrapText: true, vertical: 'middle' };
  for (const row of rows) sheet.addRow(row);
  return bytesOf(workbook);
}
