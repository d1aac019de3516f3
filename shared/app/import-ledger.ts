import type * as z from 'zod/mini';
import { actorOf, hasRole, type Identity } from '../auth/identity';
import type { Agency, AgencyRepository } from '../domain/agencies';
import type { Calendar } from '../domain/calendar';
import { recordAction, registerCase, type Now } from '../domain/case-actions';
import type { ActionInput, Actor, CaseRegistration, CaseRepository, HistoryEntry } from '../domain/cases';
import { chinaDateTime, chinaToday, type Clock } from '../domain/clock';
import { AppError, type Localized } from '../domain/errors';
import {
  confirmationDeadline,
  recordAttendance,
  scheduleHearing,
  type AttendanceInput,
  type HearingChange,
  type HearingInput,
  type HearingRepository,
} from '../domain/hearings';
import {
  agencyNames,
  differingColumns,
  entryOf,
  ledgerRowOf,
  MAX_LEDGER_BYTES,
  MAX_LEDGER_ROWS,
  readLedgerRow,
  rowContent,
  type CellError,
  type LedgerEntry,
  type LedgerRow,
} from '../domain/ledger';
import { ActionSchema, NewCase } from '../http/schemas/cases';
import { AttendanceInputSchema, NewHearing } from '../http/schemas/hearings';
import { fieldErrors, safeParse } from '../http/validation';
import { readLedgerFile, type LedgerSheet } from '../ledger/spreadsheet';
import type { Logger } from '../log/logger';
import { normalizeCaseNumber } from '../store/keys';
import type { CaseBundle, DynamoLedgerStore, ImportJob, ImportPhase } from '../store/ledger-store';
import { inPool } from './pool';

export { MAX_LEDGER_BYTES };

/**
 * Importing the office's ledger (台账): every row becomes the requests a clerk would send for it
 * (POST /cases, then each step, each hearing and its attendance), checked by the same schemas and
 * the same domain code as those requests, and written with the same items. All rows are checked
 * before any is written: a file with one bad row writes nothing. A commit then writes one
 * transaction per case; if a write fails midway (a case number registered meanwhile, the store
 * unavailable after its retries), the cases this import wrote are removed again (compensation).
 * A file of more than BACKGROUND_ROWS rows is checked and written by a background job from its
 * stored bytes; interrupted outright, the job checks again when it is run again (nothing was
 * written yet), or writes its kept rows again, finding its own cases written.
 */
/**
 * A file of more rows than this is checked and written in the background. The limit is API
 * Gateway's: an HTTP API waits at most 30 s for its integration (the "maximum integration timeout"
 * of the HTTP API quotas, not adjustable), so the api-ledger function has 29 s (infra, Timeout) and
 * a request that takes longer gets 503 from API Gateway though the function goes on. Checking
 * 5,000 rows took 39 s in the issue's bench with one GetItem per row; batched (BatchGetItem) about
 * 5–6 s on a two-core machine, still past a safe share of 30 s for 10,000 rows; reading a file is
 * ≈1–3 s, so a large file is read in the request and checked in the background.
 */
export const BACKGROUND_ROWS = 200;
/** Rows checked together: their case-number guards read in one BatchGetItem, then the record moves. */
const CHECK_SLICE = 100;
/** Cases written side by side. */
const WRITE_WIDTH = 8;
/** A background import whose record has not moved for this long was interrupted. */
const STALE_MS = 15 * 60_000;

export type LedgerStore = Pick<
  DynamoLedgerStore,
  'writeBundle' | 'caseIdOf' | 'caseIdsOf' | 'removeImportedCase' | 'createJob' | 'job' | 'jobFile' | 'keepCheckedRows' | 'jobRows' | 'progress' | 'finish'
>;

export interface LedgerDeps {
  cases: Pick<CaseRepository, 'get'>;
  hearings: Pick<HearingRepository, 'ofCase'>;
  agencies: Pick<AgencyRepository, 'list'>;
  ledger: LedgerStore;
  calendar: () => Promise<Calendar>;
  clock: Clock;
  newId: () => string;
  hearingLeadDays: number;
  /** starts a background import: in AWS an event the import function receives; locally in-process */
  startImport: (importId: string) => Promise<void>;
  log?: Logger;
}

export interface ImportError {
  row: number;
  column: string;
  message: Localized;
}

export interface ImportReport {
  dryRun: boolean;
  rows: number;
  created: number;
  unchanged: number;
  errors: ImportError[];
}

export type ImportOutcome = { kind: 'report'; report: ImportReport } | { kind: 'started'; id: string; status: 'running'; rows: number; dryRun: boolean };

/** A row checked and ready to write: its case and hearing ids are chosen once, so a resumed import writes the same. */
export interface PreparedRow {
  row: number;
  ledger: LedgerRow;
  action: 'create' | 'unchanged';
  caseId: string;
  hearingIds: string[];
}

function mustBeLegalOffice(identity: Identity): void {
  if (!hasRole(identity, 'legal-office')) {
    throw new AppError('forbidden', 'FORBIDDEN', { zh: '只有司法局（行政复议机构）可以导入台账', en: 'only the legal office may import a ledger' });
  }
}

export function tooLarge(bytes: number): AppError {
  return new AppError('too-large', 'BODY_TOO_LARGE', {
    zh: `文件大小为 ${(bytes / 1024 / 1024).toFixed(2)} MB，超过 4 MB 上限：请把台账拆成几个文件分别导入`,
    en: `the file is ${bytes} bytes, over the 4 MB limit; split the ledger into several files`,
  });
}

function rowsInvalid(report: ImportReport): AppError {
  const first = report.errors[0];
  return new AppError(
    'unprocessable',
    'LEDGER_INVALID',
    {
      zh: `台账有${report.errors.length}处错误，未导入任何案件${first ? `（第${first.row}行“${first.column}”：${first.message.zh}）` : ''}`,
      en: `the ledger has ${report.errors.length} errors; nothing was imported${first ? ` (row ${first.row}, ${first.column}: ${first.message.en})` : ''}`,
    },
    { extensions: { ledgerReport: report } },
  );
}

/** Every agency, page by page (a district has a few dozen). */
export async function allAgencies(agencies: Pick<LedgerDeps['agencies'], 'list'>): Promise<Agency[]> {
  const all: Agency[] = [];
  let after: Record<string, unknown> | undefined;
  do {
    const page = await agencies.list({ limit: 200, ...(after ? { after } : {}) });
    all.push(...page.items);
    after = page.last;
  } while (after);
  return all;
}

// ---------------------------------------------------------------------------------------------
// A row → the API's requests → the case, as the API would have made it.

const registrationColumns: Record<string, string> = {
  kind: '案件类型',
  caseNumber: '案号',
  agencyId: '机关',
  receivedOn: '收到日期',
  procedure: '程序',
  field: '执法领域',
  actType: '行为类别',
  title: '案由',
  summary: '案由',
  court: '法院',
  filedOn: '立案日期',
  parties: '当事人',
};

function registrationColumn(path: string, row: LedgerRow): string {
  const [head, index, leaf] = path.split('.');
  if (head === 'parties' && index !== undefined) {
    if (Number(index) >= row.parties.length) return '第三人';
    return leaf === 'idNumber' ? '当事人身份证号' : '当事人';
  }
  return registrationColumns[head ?? ''] ?? '案号';
}

const stepColumns: Record<string, string> = { outcome: '结果', reason: '审结日期' };
const attendanceColumns: Record<string, string> = { appearedName: '出庭负责人', appearedTitle: '出庭负责人职务' };

class RowProblem extends Error {
  constructor(readonly errors: { column: string; message: Localized }[]) {
    super('row problem');
  }
}

function parseWith<S extends z.ZodMiniType>(schema: S, input: unknown, columnOf: (path: string) => string): z.output<S> {
  const result = safeParse(schema, input);
  if (result.success) return result.data;
  throw new RowProblem(fieldErrors(result.error.issues, 'body').map((e) => ({ column: columnOf(e.path), message: e.message })));
}

/** A refusal of the domain, on the column of the request it came from. */
function refused(error: unknown, columnOf: (path: string) => string): never {
  if (error instanceof AppError && error.kind !== 'unavailable') {
    const field = error.errors?.[0];
    throw new RowProblem([{ column: columnOf(field?.path ?? ''), message: field ? field.message : error.detail }]);
  }
  throw error;
}

export interface BuildContext {
  actor: Actor;
  now: Now;
  instant: Date;
  calendar: Calendar;
  hearingLeadDays: number;
}

/** The case a row makes: registration, steps, hearings, exactly through the API's schemas and domain. */
export function buildCase(row: LedgerRow, ids: { caseId: string; hearingIds: readonly string[] }, context: BuildContext): CaseBundle {
  const entry: LedgerEntry = entryOf(row);
  const registration = parseWith(NewCase(), entry.registration, (path) => registrationColumn(path, row)) as CaseRegistration;
  // The rule POST /cases applies before the domain (routes/cases.ts).
  if (registration.kind === 'litigation' && registration.filedOn && registration.filedOn > registration.receivedOn) {
    throw new RowProblem([{ column: '立案日期', message: { zh: '立案日期不能晚于起诉状副本送达日期（收到日期）', en: 'the court files the case before it serves the complaint copy (收到日期)' } }]);
  }
  let made: { record: CaseBundle['record']; history: HistoryEntry };
  try {
    made = registerCase(ids.caseId, registration, context.actor, context.now, context.calendar);
  } catch (error) {
    refused(error, (path) => registrationColumn(path, row));
  }
  let record = made.record;
  const histories: HistoryEntry[] = [made.history];
  for (const step of entry.steps) {
    const columnOf = (path: string) => step.fields?.[path] ?? stepColumns[path] ?? step.column;
    const input = parseWith(ActionSchema(), step.body, columnOf) as ActionInput;
    try {
      const next = recordAction(record, input, context.actor, context.now, context.calendar);
      record = next.record;
      histories.push(next.history);
    } catch (error) {
      // 复议法第五十二条 (集体研究制度): what is missing is the review, so the clerk is sent to its column.
      const missingReview = error instanceof AppError && error.code === 'COLLECTIVE_REVIEW_REQUIRED';
      refused(error, missingReview ? () => '集体研究日期' : columnOf);
    }
  }
  const hearings: CaseBundle['hearings'] = [];
  entry.hearings.forEach((planned, i) => {
    const hearingColumn = (path: string) => (path === 'court' ? '法院' : planned.column);
    const input = parseWith(NewHearing(), planned.body, hearingColumn) as HearingInput;
    let change: HearingChange;
    try {
      change = scheduleHearing(ids.hearingIds[i]!, record, input, context.actor, context.now.at);
    } catch (error) {
      refused(error, hearingColumn);
    }
    const changes = [change.history];
    if (planned.attendance) {
      const attendanceColumn = (path: string) => attendanceColumns[path] ?? '负责人是否出庭';
      const attendance = parseWith(AttendanceInputSchema(), planned.attendance, attendanceColumn) as AttendanceInput;
      try {
        change = recordAttendance(change.hearing, attendance, context.actor, context.instant, context.now.at);
      } catch (error) {
        refused(error, attendanceColumn);
      }
      changes.push(change.history);
    }
    hearings.push({
      hearing: change.hearing,
      histories: changes,
      deadline: confirmationDeadline(change.hearing, context.calendar, context.now.today, context.hearingLeadDays),
    });
  });
  return { record, histories, hearings };
}

// ---------------------------------------------------------------------------------------------
// Checking a whole file.

interface Checked {
  rows: number;
  prepared: PreparedRow[];
  errors: ImportError[];
}

async function contextOf(deps: LedgerDeps, actor: Actor): Promise<BuildContext> {
  const instant = deps.clock.now();
  return {
    actor,
    now: { at: chinaDateTime(instant), today: chinaToday(deps.clock) },
    instant,
    calendar: await deps.calendar(),
    hearingLeadDays: deps.hearingLeadDays,
  };
}

/** The stored case under a row's number as a ledger row (its hearings included). */
async function storedRow(deps: LedgerDeps, caseId: string): Promise<LedgerRow | undefined> {
  const [stored, hearings] = await Promise.all([deps.cases.get(caseId), deps.hearings.ofCase(caseId)]);
  return stored ? ledgerRowOf(stored.record, hearings) : undefined;
}

function changedError(row: number, caseNumber: string, columns: string[]): ImportError {
  return {
    row,
    column: columns[0] ?? '案号',
    message: {
      zh: `案号 ${caseNumber} 已登记，但本行的${columns.join('、')}与系统中的记录不同：导入不会覆盖已登记的案件，请在系统中办理后续步骤或删除本行`,
      en: `case number ${caseNumber} is registered with different ${columns.join(', ')}; an import never overwrites a registered case`,
    },
  };
}

/** The file as rows: refused at once when it is too large, not a ledger, empty or too long (no lookups: fast). */
async function readSheet(bytes: Uint8Array): Promise<LedgerSheet> {
  if (bytes.byteLength > MAX_LEDGER_BYTES) throw tooLarge(bytes.byteLength);
  const sheet = await readLedgerFile(bytes);
  if (sheet.rows.length === 0) {
    throw new AppError('unprocessable', 'LEDGER_EMPTY', { zh: '表头下没有任何案件行', en: 'the ledger has no rows under its header' });
  }
  if (sheet.rows.length > MAX_LEDGER_ROWS) {
    throw new AppError('unprocessable', 'LEDGER_TOO_LONG', {
      zh: `台账有${sheet.rows.length}行，一次最多导入${MAX_LEDGER_ROWS}行，请拆分后分别导入`,
      en: `the ledger has ${sheet.rows.length} rows; import at most ${MAX_LEDGER_ROWS} at a time`,
    });
  }
  return sheet;
}

/**
 * Checks every row; nothing is written. Rows are looked up CHECK_SLICE at a time: the case-number
 * guards of a slice in one batch read (BatchGetItem; the next slice's read while this one is
 * built), then the stored case of each number already registered, then the row built as the API
 * would. `onProgress` hears the rows done (a row with a cell error is done when read) after each
 * slice, and is awaited.
 */
async function check(
  deps: LedgerDeps,
  sheet: LedgerSheet,
  actor: Actor,
  onProgress?: (done: number, total: number) => Promise<void> | void,
): Promise<Checked> {
  const [agencies, context] = await Promise.all([allAgencies(deps.agencies), contextOf(deps, actor)]);
  const names = agencyNames(agencies);
  const errors: ImportError[] = [];
  const read: { row: number; ledger: LedgerRow }[] = [];
  const firstRowOf = new Map<string, number>();
  for (const { row, cells } of sheet.rows) {
    const result = readLedgerRow(row, cells, { agencies: names, today: context.now.today });
    errors.push(...result.errors.map((e: CellError) => ({ row: e.row, column: e.column, message: e.message })));
    if (!result.row) continue;
    const key = `${result.row.kind}\n${normalizeCaseNumber(result.row.caseNumber)}`;
    const first = firstRowOf.get(key);
    if (first !== undefined) {
      errors.push({ row, column: '案号', message: { zh: `与第${first}行的案号重复`, en: `the same case number as row ${first}` } });
      continue;
    }
    firstRowOf.set(key, row);
    read.push({ row, ledger: result.row });
  }

  const total = sheet.rows.length;
  const prepared: PreparedRow[] = [];
  let done = total - read.length;
  const lookUp = (start: number) => deps.ledger.caseIdsOf(read.slice(start, start + CHECK_SLICE).map(({ ledger }) => ledger));
  let next = read.length > 0 ? lookUp(0) : undefined;
  for (let start = 0; start < read.length; start += CHECK_SLICE) {
    const slice = read.slice(start, start + CHECK_SLICE);
    const existingIds = (await next) ?? [];
    // The next slice's guards are read while this slice is built.
    next = start + CHECK_SLICE < read.length ? lookUp(start + CHECK_SLICE) : undefined;
    // (A failure of that read is thrown where it is awaited; unawaited, it is not a crash.)
    next?.catch(() => undefined);
    await inPool(slice, 16, async ({ row, ledger }, i) => {
      const existingId = existingIds[i];
      if (existingId) {
        const stored = await storedRow(deps, existingId);
        if (stored && rowContent(stored) === rowContent(ledger)) prepared.push({ row, ledger, action: 'unchanged', caseId: existingId, hearingIds: [] });
        else errors.push(changedError(row, ledger.caseNumber, stored ? differingColumns(ledger, stored) : []));
      } else {
        const ids = { caseId: deps.newId(), hearingIds: ledger.hearings.map(() => deps.newId()) };
        try {
          buildCase(ledger, ids, context);
          prepared.push({ row, ledger, action: 'create', ...ids });
        } catch (error) {
          if (!(error instanceof RowProblem)) throw error;
          errors.push(...error.errors.map((e) => ({ row, ...e })));
        }
      }
    });
    done += slice.length;
    await onProgress?.(done, total);
  }
  prepared.sort((a, b) => a.row - b.row);
  errors.sort((a, b) => a.row - b.row || a.column.localeCompare(b.column));
  return { rows: total, prepared, errors };
}

// ---------------------------------------------------------------------------------------------
// Writing.

interface Written {
  created: number;
  unchanged: number;
}

/**
 * Writes the prepared rows, one transaction per case, `WRITE_WIDTH` at a time. A case already
 * written under its prepared id (an interrupted run of the same import) counts as created; a number
 * registered meanwhile counts as unchanged if it says the same, else it is the import's failure:
 * every case this import wrote is then removed, and the error is thrown.
 */
async function write(deps: LedgerDeps, prepared: readonly PreparedRow[], actor: Actor, onProgress?: (done: number) => Promise<void> | void): Promise<Written> {
  const context = await contextOf(deps, actor);
  const ours: PreparedRow[] = [];
  let unchanged = prepared.filter((p) => p.action === 'unchanged').length;
  let done = unchanged;
  const toWrite = prepared.filter((p) => p.action === 'create');
  try {
    await inPool(toWrite, WRITE_WIDTH, async (row) => {
      let bundle: CaseBundle;
      try {
        bundle = buildCase(row.ledger, row, context);
      } catch (error) {
        if (error instanceof RowProblem) throw rowsInvalid({ dryRun: false, rows: prepared.length, created: 0, unchanged: 0, errors: error.errors.map((e) => ({ row: row.row, ...e })) });
        throw error;
      }
      const result = await deps.ledger.writeBundle(bundle);
      if (result === 'written' || result === 'case-exists') ours.push(row);
      else {
        const existingId = await deps.ledger.caseIdOf(row.ledger.kind, row.ledger.caseNumber);
        const stored = existingId ? await storedRow(deps, existingId) : undefined;
        if (existingId === row.caseId) ours.push(row);
        else if (stored && rowContent(stored) === rowContent(row.ledger)) unchanged++;
        else {
          throw rowsInvalid({
            dryRun: false,
            rows: prepared.length,
            created: 0,
            unchanged: 0,
            errors: [changedError(row.row, row.ledger.caseNumber, stored ? differingColumns(row.ledger, stored) : [])],
          });
        }
      }
      done++;
      await onProgress?.(done);
    });
  } catch (error) {
    await compensate(deps, ours);
    throw error;
  }
  return { created: ours.length, unchanged };
}

/** Removes what this import wrote, so a failed import leaves nothing behind. */
async function compensate(deps: LedgerDeps, written: readonly PreparedRow[]): Promise<void> {
  const left: string[] = [];
  await inPool(written, WRITE_WIDTH, async (row) => {
    try {
      await deps.ledger.removeImportedCase(row.caseId, row.ledger.kind, row.ledger.caseNumber, row.hearingIds);
    } catch {
      left.push(row.ledger.caseNumber);
    }
  });
  if (left.length > 0) deps.log?.error('ledger import: cases left after a failed import could not be removed', { caseNumbers: left });
}

// ---------------------------------------------------------------------------------------------
// The use cases.

function reportOf(checked: Checked, dryRun: boolean): ImportReport {
  const unchanged = checked.prepared.filter((p) => p.action === 'unchanged').length;
  return { dryRun, rows: checked.rows, created: checked.prepared.length - unchanged, unchanged, errors: checked.errors };
}

/**
 * POST /imports (and the console, and `npm run import`): a dry run reports every problem; a commit
 * writes every row or none. A file of more than BACKGROUND_ROWS rows — a dry run as well as a
 * commit — is only read here (its header checked and its rows counted, which is fast), stored
 * with a job, and checked and written in the background; `background: false` (the command line,
 * which has no time limit) runs every file here.
 */
export async function importLedger(
  deps: LedgerDeps,
  identity: Identity,
  input: { bytes: Uint8Array; dryRun: boolean; background?: boolean },
  onProgress?: (phase: ImportPhase, done: number, total: number) => void,
): Promise<ImportOutcome> {
  mustBeLegalOffice(identity);
  const actor = actorOf(identity);
  const sheet = await readSheet(input.bytes);
  if (input.background ?? sheet.rows.length > BACKGROUND_ROWS) return startInBackground(deps, actor, input, sheet.rows.length);
  const checked = await check(deps, sheet, actor, (done, total) => onProgress?.('check', done, total));
  const report = reportOf(checked, input.dryRun);
  if (input.dryRun) return { kind: 'report', report };
  if (checked.errors.length > 0) throw rowsInvalid({ ...report, created: 0 });
  const total = checked.prepared.length;
  const written = await write(deps, checked.prepared, actor, (done) => onProgress?.('write', done, total));
  return { kind: 'report', report: { dryRun: false, rows: checked.rows, created: written.created, unchanged: written.unchanged, errors: [] } };
}

const unexpected = {
  check: { zh: '检查台账时发生意外错误，未写入任何案件，请稍后重新导入同一文件', en: 'the check failed unexpectedly; nothing was written; import the same file again' },
  write: { zh: '导入时发生意外错误，已写入的案件已撤回，请稍后重新导入同一文件', en: 'the import failed unexpectedly; what it wrote was removed; import the same file again' },
} satisfies Record<ImportPhase, Localized>;

/** The file stored with a new job (the record last), then the background started: 202 at once. */
async function startInBackground(deps: LedgerDeps, actor: Actor, input: { bytes: Uint8Array; dryRun: boolean }, rows: number): Promise<ImportOutcome> {
  const id = deps.newId();
  const at = chinaDateTime(deps.clock.now());
  const job: ImportJob = { id, status: 'running', dryRun: input.dryRun, phase: 'check', rows, rowsDone: 0, createdAt: at, updatedAt: at, startedBy: actor };
  await deps.ledger.createJob(job, input.bytes);
  try {
    await deps.startImport(id);
  } catch (error) {
    // Never started: the job says so at once rather than after STALE_MS.
    const report: ImportReport = { dryRun: input.dryRun, rows, created: 0, unchanged: 0, errors: [{ row: 0, column: '', message: unexpected.check }] };
    await deps.ledger.finish(id, 'failed', 0, { ...report }, at).catch(() => false);
    throw error;
  }
  return { kind: 'started', id, status: 'running', rows, dryRun: input.dryRun };
}

/** Another run of the same job has moved it on (or ended it): this one stops, writing nothing. */
class Superseded extends Error {
  constructor() {
    super('superseded');
  }
}

/**
 * The background import (the import function in AWS, in-process locally): runs a stored job to
 * its end. A job checking reads its file back and checks every row, moving its record as it goes
 * (so the stale rule holds while it checks); a dry run then ends `done` with the report, a commit
 * with row errors `failed` with them, writing nothing; otherwise the checked rows (their ids chosen
 * once) are kept and the job moves to `write` in one conditional update, and they are written.
 * Run again (Lambda retries an invocation), a job still checking is checked afresh — nothing was
 * written yet — and a job writing writes the kept rows again, which finds its own cases written.
 */
export async function runLedgerImport(deps: LedgerDeps, id: string): Promise<void> {
  const job = await deps.ledger.job(id);
  if (!job || job.status !== 'running') return;
  const at = () => chinaDateTime(deps.clock.now());
  let phase: ImportPhase = job.phase;
  let lastDone = 0;
  let lastMoved = 0;
  /** The record moves every 50 rows or 2 seconds: a progress bar, and a sign of life. */
  const progress = async (done: number) => {
    if (done - lastDone < 50 && Date.now() - lastMoved < 2000) return;
    lastDone = done;
    lastMoved = Date.now();
    const moved = await deps.ledger.progress(id, phase, done, at());
    // While checking, a job that moved on was taken over (or ended): stop. While writing, go on:
    // the rows are the same, and a run that stops midway must not take back cases another counts.
    if (!moved && phase === 'check') throw new Superseded();
  };
  try {
    let prepared: PreparedRow[];
    if (phase === 'check') {
      const sheet = await readSheet(await deps.ledger.jobFile(id));
      const checked = await check(deps, sheet, job.startedBy, progress);
      const report = reportOf(checked, job.dryRun);
      if (job.dryRun) {
        await deps.ledger.finish(id, 'done', checked.rows, { ...report }, at());
        return;
      }
      if (checked.errors.length > 0) {
        await deps.ledger.finish(id, 'failed', checked.rows, { ...report, created: 0 }, at());
        return;
      }
      if (!(await deps.ledger.keepCheckedRows(id, deps.newId(), checked.prepared, at()))) throw new Superseded();
      prepared = checked.prepared;
      phase = 'write';
      lastDone = 0;
    } else prepared = await deps.ledger.jobRows<PreparedRow>(id);
    const written = await write(deps, prepared, job.startedBy, progress);
    const report: ImportReport = { dryRun: false, rows: job.rows, created: written.created, unchanged: written.unchanged, errors: [] };
    await deps.ledger.finish(id, 'done', prepared.length, { ...report }, at());
  } catch (error) {
    if (error instanceof Superseded) {
      deps.log?.info('ledger import: another run of the job has moved it on; this run stops', { importId: id });
      return;
    }
    deps.log?.error(phase === 'write' ? 'ledger import failed; what it wrote was removed' : 'ledger import failed while checking; nothing was written', { importId: id, error });
    const ledgerReport = error instanceof AppError ? (error.extensions?.ledgerReport as ImportReport | undefined) : undefined;
    const message: Localized = error instanceof AppError ? error.detail : unexpected[phase];
    const report: ImportReport = { dryRun: job.dryRun, rows: job.rows, created: 0, unchanged: 0, errors: ledgerReport?.errors ?? [{ row: 0, column: '', message }] };
    await deps.ledger.finish(id, 'failed', 0, { ...report }, at());
  }
}

export interface ImportStatus {
  id: string;
  status: 'running' | 'done' | 'failed';
  dryRun: boolean;
  /** what a running job is doing: checking the rows, or writing them */
  phase: ImportPhase;
  rowsDone: number;
  rows: number;
  createdAt: string;
  updatedAt: string;
  report?: ImportReport;
}

const interrupted: Record<ImportPhase, Localized> = {
  check: {
    zh: '导入已中断（超过15分钟没有进展）：检查尚未完成，未写入任何案件，请重新上传同一文件',
    en: 'the import was interrupted (no progress for 15 minutes) while checking; nothing was written; upload the same file again',
  },
  write: {
    zh: '导入已中断（超过15分钟没有进展）：请重新导入同一文件，已写入的案件会显示为未修改',
    en: 'the import was interrupted (no progress for 15 minutes); import the same file again: cases already written show as unchanged',
  },
};

/** GET /imports/{id}. */
export async function importStatus(deps: Pick<LedgerDeps, 'ledger' | 'clock'>, identity: Identity, id: string): Promise<ImportStatus | undefined> {
  mustBeLegalOffice(identity);
  const job = await deps.ledger.job(id);
  if (!job) return undefined;
  const stale = job.status === 'running' && deps.clock.now().getTime() - new Date(job.updatedAt).getTime() > STALE_MS;
  const report = stale
    ? { dryRun: job.dryRun, rows: job.rows, created: 0, unchanged: 0, errors: [{ row: 0, column: '', message: interrupted[job.phase] }] }
    : (job.report as ImportReport | undefined);
  return {
    id: job.id,
    status: stale ? 'failed' : job.status,
    dryRun: job.dryRun,
    phase: job.phase,
    rowsDone: job.rowsDone,
    rows: job.rows,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    ...(report ? { report } : {}),
  };
}
