import { agencyScope, hasRole, listingAgency, type Identity } from '../auth/identity';
import type { AgencyRepository } from '../domain/agencies';
import { allAgencies } from './import-ledger';
import { annualParagraph, yearOnYear, type YearFigures } from '../domain/annual-report';
import type { CaseFilter, CaseRecord, CaseRepository } from '../domain/cases';
import { chinaToday, type Clock } from '../domain/clock';
import { litigationOutcomes, reconsiderationOutcomes } from '../domain/enums';
import { AppError, notFound } from '../domain/errors';
import type { Hearing, HearingRepository } from '../domain/hearings';
import { ledgerCells, ledgerRowOf } from '../domain/ledger';
import { ALL_AGENCIES, type StatisticsStore } from '../domain/statistics';
import { checkRange, figuresByAgency, figuresFor, rateColumns, statisticsColumns, type Figures } from '../domain/statistics-report';
import { annualReportDocx } from '../ledger/annual-docx';
import { ledgerWorkbook, tableWorkbook, type TableColumn } from '../ledger/spreadsheet';

/** The ledger out: cases in the template's columns, statistics as a workbook, the annual report. */
export interface ReportDeps {
  statistics: StatisticsStore;
  agencies: AgencyRepository;
  clock: Clock;
}

export interface ExportDeps {
  cases: Pick<CaseRepository, 'list' | 'get'>;
  hearings: Pick<HearingRepository, 'list' | 'ofCase'>;
  agencies: Pick<AgencyRepository, 'list'>;
}

/** An export holds at most this many cases (the .xlsx must stay under Lambda's 6 MB response). */
export const MAX_EXPORT_CASES = 20_000;

function tooMany(): AppError {
  return new AppError('unprocessable', 'EXPORT_TOO_LARGE', {
    zh: `符合条件的案件超过${MAX_EXPORT_CASES}件，请按收到日期（receivedFrom、receivedTo）或机关分批导出`,
    en: `more than ${MAX_EXPORT_CASES} cases match; export by date range or agency`,
  });
}

/** The cases a listing filter (and `q`) selects, within the caller's scope, oldest first. */
async function casesFor(deps: ExportDeps, identity: Identity, filter: CaseFilter): Promise<CaseRecord[]> {
  const agencyId = listingAgency(identity, filter.agencyId);
  if (agencyId === null) return [];
  const effective: CaseFilter = { ...filter, ...(agencyId !== undefined ? { agencyId } : {}) };
  const records: CaseRecord[] = [];
  let after: Record<string, unknown> | undefined;
  do {
    const page = await deps.cases.list(effective, { limit: 200, ...(after ? { after } : {}) });
    records.push(...page.items);
    after = page.last;
    if (records.length > MAX_EXPORT_CASES) throw tooMany();
  } while (after);
  return records.sort((a, b) => a.receivedOn.localeCompare(b.receivedOn) || a.caseNumber.localeCompare(b.caseNumber));
}

/** The hearings of the cases: one index query for a large export, one per case for a small one. */
async function hearingsOf(deps: ExportDeps, records: readonly CaseRecord[], agencyId: string | undefined): Promise<Map<string, Hearing[]>> {
  const byCase = new Map<string, Hearing[]>();
  if (records.length <= 100) {
    const found = await Promise.all(records.map((r) => deps.hearings.ofCase(r.id)));
    records.forEach((r, i) => byCase.set(r.id, found[i] ?? []));
    return byCase;
  }
  let after: Record<string, unknown> | undefined;
  do {
    const page = await deps.hearings.list(agencyId ? { agencyId } : {}, { limit: 200, ...(after ? { after } : {}) });
    for (const hearing of page.items) byCase.set(hearing.caseId, [...(byCase.get(hearing.caseId) ?? []), hearing]);
    after = page.last;
  } while (after);
  return byCase;
}

/** GET /cases.xlsx: the ledger of the cases a listing selects, in the template's columns. */
export async function exportCases(deps: ExportDeps, identity: Identity, query: CaseFilter): Promise<Uint8Array> {
  if (!hasRole(identity, 'legal-office') && !hasRole(identity, 'agency-head')) {
    throw new AppError('forbidden', 'FORBIDDEN', { zh: '只有司法局和行政机关负责人可以导出台账', en: 'only the legal office and agency heads may export the ledger' });
  }
  const [records, agencies] = await Promise.all([casesFor(deps, identity, query), allAgencies(deps.agencies)]);
  const names = new Map(agencies.map((a) => [a.id, a.name]));
  const hearings = await hearingsOf(deps, records, agencyScope(identity) ?? query.agencyId);
  return ledgerWorkbook(records.map((record) => ledgerCells(ledgerRowOf(record, hearings.get(record.id) ?? []), names.get(record.agencyId) ?? record.agencyId)));
}

/** The scope of a statistics reader: an agency head its own agency, everyone else what they ask for. */
function scopeFor(identity: Identity, asked: string | undefined): string {
  const own = agencyScope(identity);
  if (own !== undefined && asked !== undefined && asked !== own) throw notFound({ zh: `机关 ${asked} 的统计数据`, en: `statistics of agency ${asked}` });
  return own ?? asked ?? ALL_AGENCIES;
}

const outcomeColumns = (kind: string, labels: Record<string, string>, get: (f: Figures) => Record<string, number>) =>
  Object.entries(labels).map(([code, label]): [string, (f: Figures) => number] => [`${kind}结果：${label}`, (f) => get(f)[code] ?? 0]);

/** GET /statistics.xlsx: one row per agency (its name first) and a total row, with the outcome breakdown. */
export async function statisticsWorkbook(deps: ReportDeps, identity: Identity, query: { from?: string; to?: string }): Promise<{ bytes: Uint8Array; from: string; to: string }> {
  const to = query.to ?? chinaToday(deps.clock);
  const from = query.from ?? `${to.slice(0, 4)}-01-01`;
  checkRange(from, to);
  const { total, agencies } = await figuresByAgency(deps, from, to, agencyScope(identity));
  const figureColumns: [string, (f: Figures) => number | null][] = [
    ...statisticsColumns,
    ...outcomeColumns('行政复议', reconsiderationOutcomes, (f) => f.reconsideration.byOutcome),
    ...outcomeColumns('行政应诉', litigationOutcomes, (f) => f.litigation.byOutcome),
  ];
  const columns: TableColumn[] = [
    { header: '机关名称', width: 28 },
    { header: '机关代码', width: 20 },
    { header: '统计起始日', width: 12 },
    { header: '统计截止日', width: 12 },
    ...figureColumns.map(([header]) => ({ header, width: 12, ...(rateColumns.has(header) ? { percent: true } : {}) })),
  ];
  const line = (name: string, id: string, f: Figures) => [name, id, f.from, f.to, ...figureColumns.map(([, get]) => get(f))];
  const rows = [...agencies.map((a) => line(a.agencyName, a.agencyId, a.figures)), line('合计', 'ALL', total)];
  return { bytes: await tableWorkbook('\u7edf\u8ba1', columns, rows), from, to };
}

function mayReadReports(identity: Identity): void {
  if (!hasRole(identity, 'legal-office') && !hasRole(identity, 'stats-reader')) {
    throw new AppError('forbidden', 'FORBIDDEN', { zh: '只有司法局和统计数据使用方可以查看年度报告', en: 'only the legal office and statistics readers may read the annual report' });
  }
}

function yearWindow(year: number, today: string): { from: string; to: string } {
  if (`${year}-01-01` > today) {
    throw new AppError(
      'invalid',
      'VALIDATION_FAILED',
      { zh: `${year}年尚未开始`, en: `${year} has not begun` },
      { errors: [{ in: 'query', path: 'year', message: { zh: '不能晚于今年', en: 'must not be after this year' } }] },
    );
  }
  const end = `${year}-12-31`;
  return { from: `${year}-01-01`, to: end < today ? end : today };
}

export interface AnnualReport {
  year: number;
  agencyId: string | null;
  /** the window counted: the whole year, or the year to today while it runs */
  from: string;
  to: string;
  text: string;
  yearOnYear: string;
  figures: YearFigures;
  previousYear: { year: number; from: string; to: string; figures: YearFigures };
}

/** GET /reports/annual: the paragraph, from the same statistics as GET /statistics for the year, and last year's for 同比. */
export async function annualReport(deps: ReportDeps, identity: Identity, query: { year: number; agencyId?: string }): Promise<AnnualReport> {
  mayReadReports(identity);
  const scope = scopeFor(identity, query.agencyId);
  const agency = scope === ALL_AGENCIES ? undefined : await deps.agencies.get(scope);
  if (scope !== ALL_AGENCIES && !agency) throw notFound({ zh: `机关 ${scope}`, en: `agency ${scope}` });
  const window = yearWindow(query.year, chinaToday(deps.clock));
  // The same part of last year (all of it once this year is over).
  const previous = { from: `${query.year - 1}-01-01`, to: `${query.year - 1}${window.to.slice(4)}` };
  if (previous.to.endsWith('-02-29')) previous.to = `${query.year - 1}-02-28`;
  const [now, before] = await figuresFor(deps.statistics, scope, [window, previous]);
  return {
    year: query.year,
    agencyId: agency ? agency.id : null,
    ...window,
    text: annualParagraph(query.year, now!, agency?.name),
    yearOnYear: yearOnYear(query.year, now!, before!),
    figures: now!,
    previousYear: { year: query.year - 1, ...previous, figures: before! },
  };
}

/** GET /reports/annual.docx: the paragraph, the comparison and a table by agency, as a Word document. */
export async function annualReportDocument(deps: ReportDeps, identity: Identity, query: { year: number; agencyId?: string }): Promise<Uint8Array> {
  const report = await annualReport(deps, identity, query);
  const { total, agencies } = await figuresByAgency(deps, report.from, report.to, report.agencyId ?? undefined);
  return annualReportDocx({
    year: report.year,
    paragraphs: [report.text, report.yearOnYear],
    total: { reconsideration: total.reconsideration, litigation: total.litigation },
    agencies: agencies.map((a) => ({ name: a.agencyName, figures: { reconsideration: a.figures.reconsideration, litigation: a.figures.litigation } })),
  });
}
