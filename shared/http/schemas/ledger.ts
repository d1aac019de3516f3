import * as z from 'zod/mini';
import { localized } from '../validation';
import { AgencyId } from './agencies';
import { caseFilterShape } from './cases';
import { isoDate, lazy, named, Year } from './common';

export const ImportId = lazy(() =>
  z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, localized({ zh: '应为导入编号（26位）', en: 'must be an import id (26-character ULID)' }))),
);

const flag = () => z.pipe(z.enum(['true', 'false']), z.transform((value) => value === 'true'));

export const ImportQuery = lazy(() => z.strictObject({ dryRun: z._default(flag(), false) }));

const RowError = () => z.object({ row: z.int(), column: z.string(), message: z.string() });

export const ImportReportSchema = named(
  'ImportReport',
  () =>
    z.object({
      dryRun: z.boolean(),
      rows: z.int(),
      created: z.int(),
      unchanged: z.int(),
      errors: z.array(RowError()),
    }),
  'What an import did (or, for a dry run, would do): rows read, cases created, rows already registered with the same content; every problem by row (the spreadsheet’s row number) and column (its header)',
);

export const ImportStartedSchema = named(
  'ImportStarted',
  () => z.object({ id: z.string(), status: z.literal('running'), rows: z.int(), dryRun: z.boolean() }),
  'A file of more than 200 rows, read (its header checked, its rows counted) and stored: it is checked, and for a commit written, in the background; follow GET /imports/{importId}',
);

export const ImportStatusSchema = named(
  'ImportStatus',
  () =>
    z.object({
      id: z.string(),
      status: z.enum(['running', 'done', 'failed']),
      dryRun: z.boolean(),
      phase: z.enum(['check', 'write']),
      rowsDone: z.int(),
      rows: z.int(),
      createdAt: z.string(),
      updatedAt: z.string(),
      report: z.optional(ImportReportSchema()),
    }),
  'A background import. `phase` is `check` while the rows are checked (rowsDone counts rows checked), then, for a commit without errors, `write` (rowsDone counts rows written). It ends `done` with the report (a dry run: every problem by row and column; a commit: what it wrote) or `failed` with the errors (a commit with row errors writes nothing). A job without progress for 15 minutes shows `failed`',
);

export const LedgerProblemSchema = named(
  'LedgerProblem',
  () =>
    z.object({
      type: z.string(),
      title: z.string(),
      status: z.int(),
      detail: z.string(),
      code: z.string(),
      dryRun: z.optional(z.boolean()),
      rows: z.optional(z.int()),
      created: z.optional(z.int()),
      unchanged: z.optional(z.int()),
      errors: z.array(RowError()),
    }),
  'A file that cannot be imported: every problem by row and column (the header row for a wrong or missing column); nothing was written',
);

export const ImportParams = lazy(() => z.strictObject({ importId: ImportId() }));

export const CaseExportQuery = lazy(() => z.strictObject({ ...caseFilterShape() }));

export const AnnualQuery = lazy(() => z.strictObject({ year: Year(), agencyId: z.optional(AgencyId()) }));

const yearFigures = () => z.object({ reconsideration: z.record(z.string(), z.unknown()), litigation: z.record(z.string(), z.unknown()) });

export const AnnualReportSchema = named(
  'AnnualReport',
  () =>
    z.object({
      year: z.int(),
      agencyId: z.nullable(z.string()),
      from: isoDate(),
      to: isoDate(),
      text: z.string(),
      yearOnYear: z.string(),
      figures: yearFigures(),
      previousYear: z.object({ year: z.int(), from: isoDate(), to: isoDate(), figures: yearFigures() }),
    }),
  'The paragraph of the annual report (法治政府建设年度报告) and the figures behind it (those of GET /statistics for the year; the year to date while it runs), with the same part of the year before for 同比',
);
