import ExcelJS from 'exceljs';
import type { Hono } from 'hono';
import { ledgerColumnNames } from '../../shared/domain/ledger';
import { authHeader } from './http';

type App = Pick<Hono, 'request'>;
export type LedgerCells = Record<string, string | Date | number>;

/** An .xlsx ledger with the given header (the template's by default) and rows. */
export async function ledgerXlsx(rows: readonly LedgerCells[], header: readonly string[] = ledgerColumnNames): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('台账');
  sheet.addRow([...header]);
  for (const row of rows) sheet.addRow(header.map((name) => row[name] ?? null));
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

/** A CSV of the rows (RFC 4180 quoting), CRLF line ends, as Excel saves it. */
export function ledgerCsv(rows: readonly LedgerCells[], header: readonly string[] = ledgerColumnNames): string {
  const cell = (value: string | Date | number | undefined) => {
    const text = value instanceof Date ? value.toISOString().slice(0, 10) : String(value ?? '');
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [header.join(','), ...rows.map((row) => header.map((name) => cell(row[name])).join(','))].join('\r\n') + '\r\n';
}

let gbkTable: Map<string, number[]> | undefined;

/**
 * Text as GBK bytes, as Excel and WPS save "CSV" on a Chinese Windows. TextEncoder writes only
 * UTF-8, so the table is built from Node's own GBK decoder: every two-byte sequence, decoded.
 */
export function gbk(text: string): Uint8Array {
  if (!gbkTable) {
    gbkTable = new Map();
    const decoder = new TextDecoder('gbk');
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const char = decoder.decode(new Uint8Array([lead, trail]));
        if (char.length === 1 && char !== '\ufffd' && !gbkTable.has(char)) gbkTable.set(char, [lead, trail]);
      }
    }
  }
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) bytes.push(code);
    else {
      const pair = gbkTable.get(char);
      if (!pair) throw new Error(`not in GBK: ${char}`);
      bytes.push(...pair);
    }
  }
  return new Uint8Array(bytes);
}

export interface Upload {
  status: number;
  body: Record<string, unknown>;
}

export async function upload(app: App, bytes: Uint8Array, dryRun: boolean, options: { role?: string; agencyId?: string; contentType?: string } = {}): Promise<Upload> {
  const response = await app.request(`/imports?dryRun=${dryRun}`, {
    method: 'POST',
    headers: { ...(await authHeader(options.role ?? 'legal-office', options.agencyId, '王芳')), 'content-type': options.contentType ?? 'application/octet-stream' },
    body: bytes,
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

export async function download(app: App, path: string, role = 'legal-office', agencyId?: string): Promise<{ status: number; type: string; bytes: Uint8Array }> {
  const response = await app.request(path, { headers: await authHeader(role, agencyId) });
  return { status: response.status, type: response.headers.get('content-type') ?? '', bytes: new Uint8Array(await response.arrayBuffer()) };
}

/** The rows of an exported workbook's ledger sheet, by header (dates as Date cells). */
export async function readWorkbookRows(bytes: Uint8Array): Promise<LedgerCells[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  const sheet = workbook.getWorksheet('台账')!;
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: LedgerCells[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const values = (row.values as unknown[]).slice(1);
    const cells: LedgerCells = {};
    header.forEach((name, i) => {
      const value = values[i];
      if (value !== null && value !== undefined && value !== '') cells[name] = value as string | Date | number;
    });
    rows.push(cells);
  });
  return rows;
}
