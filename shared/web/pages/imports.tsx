import type { Identity } from '../../auth/identity';
import type { ImportReport, ImportStatus } from '../../app/import-ledger';
import { ErrorSummary, fieldId, Hidden, Notice, Page, type FormError } from '../ui';

interface Ctx {
  identity: Identity;
  csrf: string;
  today: string;
}

/** One problem of a ledger, as the page shows it (the message already in Chinese). */
export interface RowProblem {
  row: number;
  column: string;
  message: string;
}

export const importModes = { dryRun: '仅检查（不写入）', commit: '导入' } as const;
export type ImportMode = keyof typeof importModes;

function UploadForm({ ctx, mode, errors }: { ctx: Ctx; mode: ImportMode; errors: FormError[] }) {
  const fileError = errors.find((e) => e.field === 'file');
  const fileId = fieldId('file');
  return (
    <form method="post" action="/console/imports" enctype="multipart/form-data" novalidate>
      <Hidden csrf={ctx.csrf} />
      <div class={fileError ? 'field field-error' : 'field'}>
        <label for={fileId}>台账文件</label>
        <span class="hint" id={`${fileId}-hint`}>
          .xlsx 或 CSV（UTF-8 或 GBK），不超过 4 MB、10000 行
        </span>
        {fileError ? (
          <span class="error-message" id={`${fileId}-error`}>
            <span class="skip">错误：</span>
            {fileError.message}
          </span>
        ) : null}
        <input
          type="file"
          id={fileId}
          name="file"
          accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
          aria-describedby={`${fileId}-hint${fileError ? ` ${fileId}-error` : ''}`}
          aria-invalid={fileError ? 'true' : undefined}
        />
      </div>
      <div class="field">
        <fieldset>
          <legend>方式</legend>
          <div class="radios">
            {Object.entries(importModes).map(([code, text], i) => (
              <label>
                <input type="radio" name="mode" value={code} id={i === 0 ? fieldId('mode') : `${fieldId('mode')}-${code}`} checked={mode === code} /> {text}
              </label>
            ))}
          </div>
        </fieldset>
      </div>
      <button type="submit">上传</button>
    </form>
  );
}

function ProblemTable({ problems }: { problems: RowProblem[] }) {
  return (
    <table class="responsive" id="import-errors">
      <caption>问题清单（共{problems.length}处）</caption>
      <thead>
        <tr>
          <th>行</th>
          <th>列</th>
          <th>问题</th>
        </tr>
      </thead>
      <tbody>
        {problems.map((p) => (
          <tr>
            <td>{p.row > 0 ? `第${p.row}行` : '—'}</td>
            <td>{p.column || '—'}</td>
            <td>{p.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The result of a check or an import: the counts, or every problem by row and column. */
export function ImportResult({ report, problems }: { report: ImportReport | undefined; problems: RowProblem[] }) {
  if (problems.length > 0) {
    return (
      <section aria-labelledby="import-result">
        <h2 id="import-result">检查结果</h2>
        <p>
          {report ? `共${report.rows}行，` : ''}发现{problems.length}处问题，<strong>未导入任何案件</strong>。请在台账中改正后重新上传。
        </p>
        <ProblemTable problems={problems} />
      </section>
    );
  }
  if (!report) return null;
  return (
    <section aria-labelledby="import-result">
      <h2 id="import-result">{report.dryRun ? '检查结果' : '导入结果'}</h2>
      <Notice>
        {report.dryRun
          ? `检查通过：共${report.rows}行，可新建${report.created}件，已登记且内容相同${report.unchanged}件。仅检查，未写入任何案件。`
          : `导入完成：共${report.rows}行，新建${report.created}件，已登记且内容相同（未修改）${report.unchanged}件。`}
      </Notice>
      <dl class="import-counts">
        <dt>行数</dt>
        <dd id="import-rows">{report.rows}</dd>
        <dt>{report.dryRun ? '可新建' : '新建'}</dt>
        <dd id="import-created">{report.created}</dd>
        <dt>未修改</dt>
        <dd id="import-unchanged">{report.unchanged}</dd>
      </dl>
      {report.dryRun ? null : (
        <p>
          <a href="/console/cases">查看案件</a>
        </p>
      )}
    </section>
  );
}

export function ImportPage({
  ctx,
  mode = 'dryRun',
  errors = [],
  report,
  problems = [],
}: {
  ctx: Ctx;
  mode?: ImportMode;
  errors?: FormError[];
  report?: ImportReport | undefined;
  problems?: RowProblem[];
}) {
  return (
    <Page title="导入台账" identity={ctx.identity} csrf={ctx.csrf}>
      <ErrorSummary errors={errors} />
      <h1>导入台账</h1>
      <p>
        先下载<a href="/console/imports/template.xlsx">台账模板</a>（工作表“台账”，“填写说明”工作表介绍每一列），按模板填写后上传。建议先“仅检查”，没有问题再“导入”。
        导入时所有行先全部检查，有任何一处错误则不写入任何案件；已登记且内容相同的案件记为“未修改”，不会被覆盖。超过200行的台账（检查或导入）在后台进行，上传后显示进度页。
      </p>
      <ImportResult report={report} problems={problems} />
      <h2>上传台账</h2>
      <UploadForm ctx={ctx} mode={mode} errors={errors} />
    </Page>
  );
}

const statusLabels: Record<ImportStatus['status'], string> = { running: '正在导入', done: '已完成', failed: '未完成' };
const phaseLabels: Record<ImportStatus['phase'], string> = { check: '检查台账', write: '写入案件' };
const doneLabels: Record<ImportStatus['phase'], string> = { check: '已检查', write: '已写入' };

/**
 * A background import (a file of more than 200 rows, a check or an import): its phase and
 * progress (the page reloads itself every few seconds while it runs), then its report — for a
 * check, every problem by row and column, as a check of a small file shows at once.
 */
export function ImportStatusPage({ ctx, status, problems }: { ctx: Ctx; status: ImportStatus; problems: RowProblem[] }) {
  const running = status.status === 'running';
  const title = status.dryRun ? '台账检查进度' : '台账导入进度';
  return (
    <Page title={title} identity={ctx.identity} csrf={ctx.csrf} refreshSeconds={running ? 3 : undefined}>
      <h1>{title}</h1>
      <p>
        方式：<span id="import-mode">{status.dryRun ? importModes.dryRun : importModes.commit}</span>
      </p>
      <p>
        状态：<strong id="import-status">{running && status.dryRun ? '正在检查' : statusLabels[status.status]}</strong>
      </p>
      {running ? (
        <p>
          阶段：<strong id="import-phase">{phaseLabels[status.phase]}</strong>
          {status.dryRun ? '' : status.phase === 'check' ? '（第1步，共2步：全部行检查无误后才写入）' : '（第2步，共2步）'}
        </p>
      ) : null}
      <p>
        {running ? doneLabels[status.phase] : '已处理'} <span id="import-done">{status.rowsDone}</span> / <span id="import-total">{status.rows}</span> 行
        <progress max={String(Math.max(status.rows, 1))} value={String(Math.min(status.rowsDone, status.rows))}>
          {status.rowsDone}/{status.rows}
        </progress>
      </p>
      <p class="hint">
        开始于 {status.createdAt}，最近更新 {status.updatedAt}。
        {running ? '页面每3秒自动刷新，也可以手动刷新。' : ''}
      </p>
      {running ? (
        <p>
          <a href={`/console/imports/${status.id}`}>刷新</a>
        </p>
      ) : (
        <>
          <ImportResult report={status.report} problems={problems} />
          {status.status === 'failed' && status.phase === 'write' ? <p>已写入的案件已撤回。请改正后重新导入同一文件。</p> : null}
          {status.status === 'done' && status.dryRun && problems.length === 0 ? <p>如需导入，请返回导入台账，选择“导入”后上传同一文件。</p> : null}
        </>
      )}
      <p>
        <a href="/console/imports">返回导入台账</a>
      </p>
    </Page>
  );
}
