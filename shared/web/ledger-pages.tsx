import type { Hono } from 'hono/tiny';
import { importLedger, importStatus, MAX_LEDGER_BYTES, tooLarge, type ImportError, type ImportReport, type LedgerDeps } from '../app/import-ledger';
import type { CellError } from '../domain/ledger';
import { AppError, textIn } from '../domain/errors';
import { ImportId } from '../http/schemas/ledger';
import { parseOrThrow } from '../http/validation';
import { ledgerTemplate, XLSX_CONTENT_TYPE } from '../ledger/spreadsheet';
import { html, notFoundUnless, UPLOAD_PATH, type ConsoleContext, type ConsoleEnv, type ConsolePages, type ConsoleTools } from './console-app';
import { given } from './forms';
import { ImportPage, ImportStatusPage, type ImportMode, type RowProblem } from './pages/imports';
import { MessagePage } from './pages/office';
import type { FormError } from './ui';

const problemsOf = (errors: readonly (ImportError | CellError)[]): RowProblem[] =>
  errors.map((e) => ({ row: e.row, column: e.column, message: textIn(e.message, 'zh') }));

/**
 * The console's ledger (台账) pages: the template, the upload (a check or an import, through the
 * same use case as POST /imports) and a background import's progress. Kept out of
 * console-app.tsx because the use case brings exceljs (≈1.4 MB): in AWS the `web-ledger` function
 * serves these paths (`/console/imports`, `/console/imports/{proxy+}`) and `web` stays small;
 * `npm start` registers them on its one console.
 */
export const ledgerPages: ConsolePages = {
  // The ledger's 4 MB and room for the rest of the multipart form.
  uploadLimit: MAX_LEDGER_BYTES + 64 * 1024,
  register: registerLedgerPages,
};

function registerLedgerPages(app: Hono<ConsoleEnv>, { deps, only, ctxOf }: ConsoleTools): void {
  /** What importLedger needs: the console's own deps and, where this console runs beside the API, the ledger store. */
  const ledgerDeps = (): LedgerDeps | undefined =>
    deps.ledger && deps.startImport ? { ...deps, ledger: deps.ledger, startImport: deps.startImport } : undefined;
  const noLedger = (c: ConsoleContext) =>
    html(c, <MessagePage ctx={ctxOf(c)} title="暂不可用" message="此环境未开通台账导入，请使用接口 POST /imports 或 npm run import。" status={503} />, 503);

  app.get(UPLOAD_PATH, only('legal-office'), async (c) => {
    if (!ledgerDeps()) return noLedger(c);
    return html(c, <ImportPage ctx={ctxOf(c)} />);
  });

  app.get(`${UPLOAD_PATH}/template.xlsx`, only('legal-office'), async (c) =>
    c.body((await ledgerTemplate()) as Uint8Array<ArrayBuffer>, 200, {
      'content-type': XLSX_CONTENT_TYPE,
      'content-disposition': `attachment; filename="ledger-template.xlsx"; filename*=UTF-8''${encodeURIComponent('行政复议行政应诉案件台账模板.xlsx')}`,
      'cache-control': 'private, no-store',
    }),
  );

  app.post(UPLOAD_PATH, only('legal-office'), async (c) => {
    const ledger = ledgerDeps();
    if (!ledger) return noLedger(c);
    const form = c.get('form');
    const upload = c.get('upload');
    const mode: ImportMode = given(form, 'mode') === 'commit' ? 'commit' : 'dryRun';
    const again = (errors: FormError[], status: number, report?: ImportReport, problems: RowProblem[] = []) =>
      html(c, <ImportPage ctx={ctxOf(c)} mode={mode} errors={errors} report={report} problems={problems} />, status);
    if (!upload || upload.bytes.byteLength === 0) return again([{ field: 'file', message: '台账文件：请选择要上传的 .xlsx 或 CSV 文件' }], 400);
    if (upload.bytes.byteLength > MAX_LEDGER_BYTES) return again([{ field: 'file', message: `台账文件：${textIn(tooLarge(upload.bytes.byteLength).detail, 'zh')}` }], 413);
    try {
      const outcome = await importLedger(ledger, c.get('identity'), { bytes: upload.bytes, dryRun: mode === 'dryRun' });
      if (outcome.kind === 'started') return c.redirect(`${UPLOAD_PATH}/${outcome.id}`, 303);
      const { report } = outcome;
      return again([], 200, report, problemsOf(report.errors));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const report = error.extensions?.ledgerReport as ImportReport | undefined;
      const cellErrors = error.extensions?.ledgerErrors as CellError[] | undefined;
      if (report || cellErrors) {
        return again([{ field: '', message: textIn(error.detail, 'zh') }], 422, report, problemsOf(report?.errors ?? cellErrors ?? []));
      }
      if (['invalid', 'unprocessable', 'unsupported-media-type', 'too-large'].includes(error.kind)) {
        return again([{ field: 'file', message: `台账文件：${textIn(error.detail, 'zh')}` }], error.kind === 'too-large' ? 413 : 422);
      }
      throw error;
    }
  });

  app.get(`${UPLOAD_PATH}/:importId`, only('legal-office'), async (c) => {
    const ledger = ledgerDeps();
    if (!ledger) return noLedger(c);
    const importId = notFoundUnless(c, () => parseOrThrow(ImportId(), c.req.param('importId'), 'path'));
    const status = await importStatus(ledger, c.get('identity'), importId);
    if (!status) throw new AppError('not-found', 'NOT_FOUND', { zh: `导入 ${importId}`, en: `import ${importId}` });
    return html(c, <ImportStatusPage ctx={ctxOf(c)} status={status} problems={problemsOf(status.report?.errors ?? [])} />);
  });
}
