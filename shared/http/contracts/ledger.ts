import { MAX_LEDGER_BYTES } from '../../domain/ledger';
import { defineRoute } from '../route';
import { CsvQuery } from '../schemas/statistics';
import {
  AnnualQuery,
  AnnualReportSchema,
  CaseExportQuery,
  ImportParams,
  ImportQuery,
  ImportReportSchema,
  ImportStartedSchema,
  ImportStatusSchema,
  LedgerProblemSchema,
} from '../schemas/ledger';
import { problems } from './responses';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const ledgerProblem = (description: string) => ({ description, schema: LedgerProblemSchema, contentType: 'application/problem+json' });

export const importTemplate = defineRoute({
  method: 'get',
  path: '/imports/template.xlsx',
  operationId: 'importTemplate',
  summary: 'The ledger template (台账模板): the columns an import reads, and a sheet explaining each',
  tags: ['ledger'],
  access: ['legal-office'],
  responses: { 200: { description: 'An .xlsx workbook', contentType: XLSX }, ...problems(401, 403) },
});

export const importLedgerFile = defineRoute({
  method: 'post',
  path: '/imports',
  operationId: 'importLedger',
  summary: 'Import a ledger (.xlsx, or CSV in UTF-8 or GBK): each row a registered case with its steps and hearings',
  description:
    'Send the file itself as the body (curl --data-binary @台账.xlsx). A dry run reports every problem by row and column and writes nothing. A commit writes every row or none: any row error is 422 with all of them. A row whose case number is registered with the same content is `unchanged`; with different content it is an error (never an overwrite). A file of more than 200 rows, a dry run as well as a commit, is only read here (a wrong header, an empty or too long file is still refused at once) and is checked and written in the background, as API Gateway waits 30 s at most: 202, then GET /imports/{importId} until it is done (a dry run with its report) or failed (a commit with row errors, with every error; nothing written).',
  tags: ['ledger'],
  access: ['legal-office'],
  query: ImportQuery,
  rawBody: { maxBytes: MAX_LEDGER_BYTES, contentTypes: [XLSX, 'text/csv', 'application/octet-stream'], description: 'The ledger file' },
  responses: {
    200: { description: 'The report of a file of at most 200 rows (a dry run, or a commit done at once)', schema: ImportReportSchema },
    202: { description: 'A file of more than 200 rows (a dry run or a commit) started in the background (Location: its status)', schema: ImportStartedSchema },
    ...problems(400, 401, 403, 413),
    415: ledgerProblem('Not an .xlsx workbook or a CSV text file'),
    422: ledgerProblem('Rows with errors, or a wrong or missing header: nothing was written'),
  },
});

export const importStatusRoute = defineRoute({
  method: 'get',
  path: '/imports/{importId}',
  operationId: 'importStatus',
  summary: 'A background import: running (phase check, then write), done or failed, the rows done, and its report when it ends',
  tags: ['ledger'],
  access: ['legal-office'],
  params: ImportParams,
  responses: { 200: { description: 'The import', schema: ImportStatusSchema }, ...problems(400, 401, 403, 404) },
});

export const exportCasesRoute = defineRoute({
  method: 'get',
  path: '/cases.xlsx',
  operationId: 'exportCases',
  summary: 'The ledger of the cases GET /cases would list (same filters), in the template’s columns: export, edit, import again',
  description: 'ID numbers are masked, as everywhere; a masked number imported back unchanged counts as unchanged. An agency head gets its own agency’s cases.',
  tags: ['ledger'],
  access: ['legal-office', 'agency-head'],
  query: CaseExportQuery,
  responses: { 200: { description: 'An .xlsx workbook', contentType: XLSX }, ...problems(400, 401, 403, 422) },
});

export const statisticsXlsx = defineRoute({
  method: 'get',
  path: '/statistics.xlsx',
  operationId: 'statisticsXlsx',
  summary: 'The figures as a workbook: one row per agency (name first) and a total row, with the outcome breakdown (维持、撤销、确认违法…)',
  tags: ['statistics'],
  access: ['legal-office', 'agency-head', 'stats-reader'],
  query: CsvQuery,
  responses: { 200: { description: 'An .xlsx workbook', contentType: XLSX }, ...problems(400, 401, 403) },
});

export const annualReportRoute = defineRoute({
  method: 'get',
  path: '/reports/annual',
  operationId: 'annualReport',
  summary: 'The annual report paragraph (“2023年，共受理行政复议案件35件，审结27件；…”) with its figures and last year’s',
  tags: ['statistics'],
  access: ['legal-office', 'stats-reader'],
  query: AnnualQuery,
  responses: { 200: { description: 'The report', schema: AnnualReportSchema }, ...problems(400, 401, 403, 404) },
});

export const annualReportDocxRoute = defineRoute({
  method: 'get',
  path: '/reports/annual.docx',
  operationId: 'annualReportDocx',
  summary: 'The annual report as a Word document: the paragraph, the comparison with last year, a table by agency',
  tags: ['statistics'],
  access: ['legal-office', 'stats-reader'],
  query: AnnualQuery,
  responses: { 200: { description: 'A .docx document', contentType: DOCX }, ...problems(400, 401, 403, 404) },
});

// The template before /imports/{importId}: the router tries routes in order.
export const ledgerContracts = [importTemplate, importLedgerFile, importStatusRoute, exportCasesRoute, statisticsXlsx, annualReportRoute, annualReportDocxRoute];
