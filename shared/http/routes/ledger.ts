import type { Context } from 'hono';
import { importLedger, importStatus, type ImportError, type ImportReport, type LedgerDeps } from '../../app/import-ledger';
import { annualReport, annualReportDocument, exportCases, statisticsWorkbook, type ExportDeps, type ReportDeps } from '../../app/ledger-reports';
import { chinaToday } from '../../domain/clock';
import { AppError, notFound, type Language } from '../../domain/errors';
import type { CellError } from '../../domain/ledger';
import { ledgerTemplate, XLSX_CONTENT_TYPE } from '../../ledger/spreadsheet';
import { DOCX_CONTENT_TYPE } from '../../ledger/annual-docx';
import {
  annualReportDocxRoute,
  annualReportRoute,
  exportCasesRoute,
  importLedgerFile,
  importStatusRoute,
  importTemplate,
  statisticsXlsx,
} from '../contracts/ledger';
import { languageOf } from '../language';
import { PROBLEM_CONTENT_TYPE, problem, statusOfKind } from '../problem';
import { json } from '../respond';
import { routesFor } from '../route';

/** The ledger in (import) and the ledger and reports out (export, statistics workbook, annual report). */
export type LedgerRouteDeps = LedgerDeps & ExportDeps & ReportDeps;

const route = routesFor<LedgerRouteDeps>();

/** `attachment; filename="ascii"; filename*=UTF-8''…`: header values stay ASCII, the name stays Chinese. */
function attachment(fallback: string, name: string): string {
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function file(c: Context, bytes: Uint8Array, contentType: string, fallback: string, name: string): Response {
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
    'content-type': contentType,
    'content-disposition': attachment(fallback, name),
    'cache-control': 'private, no-store',
  });
}

const inLanguage = (errors: readonly (ImportError | CellError)[], language: Language) =>
  errors.map((e) => ({ row: e.row, column: e.column, message: e.message[language] }));

const reportIn = (report: ImportReport, language: Language) => ({ ...report, errors: inLanguage(report.errors, language) });

/** A file that cannot be imported: the problem document carries every error by row and column. */
function ledgerProblem(c: Context, error: AppError, language: Language): Response {
  const report = error.extensions?.ledgerReport as ImportReport | undefined;
  const headerErrors = error.extensions?.ledgerErrors as CellError[] | undefined;
  const body = {
    ...problem(statusOfKind[error.kind], error.code, error.detail, {}, language),
    ...(report ? { dryRun: report.dryRun, rows: report.rows, created: report.created, unchanged: report.unchanged } : {}),
    errors: inLanguage(report?.errors ?? headerErrors ?? [], language),
  };
  return c.body(JSON.stringify(body), body.status as 422, { 'content-type': PROBLEM_CONTENT_TYPE, vary: 'Accept-Language' });
}

export const ledgerRoutes = [
  route(importTemplate, async ({ c }) => file(c, await ledgerTemplate(), XLSX_CONTENT_TYPE, 'ledger-template.xlsx', '行政复议行政应诉案件台账模板.xlsx')),

  route(importLedgerFile, async ({ c, query, identity, deps }) => {
    const language = languageOf(c.req.header('accept-language'));
    if (/^multipart\//i.test(c.req.header('content-type') ?? '')) {
      throw new AppError('unsupported-media-type', 'NOT_A_SPREADSHEET', {
        zh: '请把文件本身作为请求正文上传（如 curl --data-binary @台账.xlsx），不支持 multipart/form-data',
        en: 'send the file itself as the body (curl --data-binary @ledger.xlsx), not multipart/form-data',
      });
    }
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    try {
      const outcome = await importLedger(deps, identity, { bytes, dryRun: query.dryRun });
      if (outcome.kind === 'started') {
        return json(c, { id: outcome.id, status: outcome.status, rows: outcome.rows, dryRun: outcome.dryRun }, 202, { Location: `/imports/${outcome.id}` });
      }
      return json(c, reportIn(outcome.report, language));
    } catch (error) {
      if (error instanceof AppError && (error.extensions?.ledgerReport || error.extensions?.ledgerErrors)) return ledgerProblem(c, error, language);
      throw error;
    }
  }),

  route(importStatusRoute, async ({ c, params, identity, deps }) => {
    const status = await importStatus(deps, identity, params.importId);
    if (!status) throw notFound({ zh: `导入 ${params.importId}`, en: `import ${params.importId}` });
    const language = languageOf(c.req.header('accept-language'));
    return json(c, { ...status, ...(status.report ? { report: reportIn(status.report, language) } : {}) });
  }),

  route(exportCasesRoute, async ({ c, query, identity, deps }) => {
    const bytes = await exportCases(deps, identity, query);
    return file(c, bytes, XLSX_CONTENT_TYPE, 'cases.xlsx', `案件台账-${chinaToday(deps.clock)}.xlsx`);
  }),

  route(statisticsXlsx, async ({ c, query, identity, deps }) => {
    const { bytes, from, to } = await statisticsWorkbook(deps, identity, query);
    return file(c, bytes, XLSX_CONTENT_TYPE, `statistics-${from}-${to}.xlsx`, `行政复议行政应诉统计-${from}至${to}.xlsx`);
  }),

  route(annualReportRoute, async ({ c, query, identity, deps }) => json(c, await annualReport(deps, identity, query))),

  route(annualReportDocxRoute, async ({ c, query, identity, deps }) => {
    const bytes = await annualReportDocument(deps, identity, query);
    return file(c, bytes, DOCX_CONTENT_TYPE, `annual-report-${query.year}.docx`, `${query.year}年度行政复议和行政应诉工作情况.docx`);
  }),
];
