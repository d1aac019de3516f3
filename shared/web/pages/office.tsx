import type { Identity } from '../../auth/identity';
import type { Agency } from '../../domain/agencies';
import type { Alert } from '../../domain/alerts';
import type { BoardItem } from '../../app/deadlines';
import type { PresentedHearing } from '../../app/hearings';
import type { YearPreview } from '../../app/calendar';
import { alertTypes, deadlineTypes } from '../../domain/enums';
import { ErrorSummary, Field, Hidden, Notice, Page, Tag, type FormError } from '../ui';
import { HearingCard } from './hearings';
import { label } from './labels';

interface Ctx {
  identity: Identity;
  csrf: string;
  today: string;
}

export function BoardTable({ items, agencies }: { items: BoardItem[]; agencies: Agency[] }) {
  if (items.length === 0) return <p>没有。</p>;
  return (
    <table class="responsive">
      <thead>
        <tr>
          <th>案号</th>
          <th>期限</th>
          <th>届满日</th>
          <th>状态</th>
          <th>机关</th>
        </tr>
      </thead>
      <tbody>
        {items.map((d) => (
          <tr>
            <td>
              <a href={d.hearing ? `/console/hearings/${d.hearing.id}` : `/console/cases/${d.caseId}`}>{d.caseNumber}</a>
            </td>
            <td>
              {label(deadlineTypes, d.type)}
              {d.major ? ' （重大）' : ''}
            </td>
            <td>{d.dueOn}</td>
            <td>
              {d.status === 'overdue' ? (
                <Tag tone="overdue">已逾期 {-d.daysLeft} 日</Tag>
              ) : d.daysLeft <= 7 ? (
                <Tag tone="approaching">{d.daysLeft === 0 ? '今日到期' : `剩 ${d.daysLeft} 日`}</Tag>
              ) : (
                <Tag>剩 {d.daysLeft} 日</Tag>
              )}
            </td>
            <td>{agencies.find((a) => a.id === d.agencyId)?.name ?? d.agencyId}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function OfficeHome({
  ctx,
  overdue,
  approaching,
  hearings,
  alerts,
  agencies,
}: {
  ctx: Ctx;
  overdue: BoardItem[];
  approaching: BoardItem[];
  hearings: PresentedHearing[];
  alerts: Alert[];
  agencies: Agency[];
}) {
  const unconfirmed = hearings.filter((h) => h.status !== 'cancelled' && !h.confirmation).length;
  return (
    <Page title="今日工作" identity={ctx.identity} csrf={ctx.csrf}>
      <h1>今日工作（{ctx.today}）</h1>
      <h2>已逾期的期限（{overdue.length}）</h2>
      <BoardTable items={overdue} agencies={agencies} />
      <h2>七日内到期（{approaching.length}）</h2>
      <BoardTable items={approaching} agencies={agencies} />
      <h2>
        本周庭审（{hearings.length}，其中未确认出庭 {unconfirmed}）
      </h2>
      {hearings.length === 0 ? <p>本周没有庭审。</p> : null}
      <ul class="cards">
        {hearings.map((h) => (
          <HearingCard ctx={ctx} hearing={h} agencies={agencies} />
        ))}
      </ul>
      <h2>最新提醒</h2>
      {alerts.length === 0 ? <p>近七日没有提醒。</p> : null}
      <ul>
        {alerts.map((a) => (
          <li>
            {a.raisedOn} <Tag tone={a.type === 'deadline-overdue' ? 'overdue' : 'approaching'}>{label(alertTypes, a.type)}</Tag>{' '}
            <a href={`/console/cases/${a.caseId}`}>{a.caseNumber}</a> {a.message}
          </li>
        ))}
      </ul>
    </Page>
  );
}

export function DeadlinesPage({
  ctx,
  items,
  agencies,
  filters,
  next,
  errors,
}: {
  ctx: Ctx;
  items: BoardItem[];
  agencies: Agency[];
  filters: Record<string, string | undefined>;
  next: string | null;
  errors: FormError[];
}) {
  const office = ctx.identity.roles.includes('legal-office');
  const params = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => Boolean(e[1])));
  return (
    <Page title="期限" identity={ctx.identity} csrf={ctx.csrf}>
      <ErrorSummary errors={errors} />
      <h1>期限一览</h1>
      <form method="get" action="/console/deadlines" class="filters" aria-label="筛选期限">
        <Field name="status" label="状态" kind="select" options={{ open: '未到期', overdue: '已逾期' }} value={filters.status} errors={errors} optional />
        <Field name="type" label="期限类型" kind="select" options={deadlineTypes} value={filters.type} errors={errors} optional />
        {office ? (
          <Field name="agencyId" label="机关" kind="select" options={Object.fromEntries(agencies.map((a) => [a.id, a.name]))} value={filters.agencyId} errors={errors} optional />
        ) : null}
        <Field name="dueFrom" label="届满日自" hint="如 2026-12-01" value={filters.dueFrom} errors={errors} optional />
        <Field name="dueTo" label="届满日至" value={filters.dueTo} errors={errors} optional />
        <div class="field">
          <button type="submit" class="secondary">
            筛选
          </button>
        </div>
      </form>
      <BoardTable items={items} agencies={agencies} />
      {next ? (
        <p class="pager">
          <a href={`/console/deadlines?${new URLSearchParams([...params, ['cursor', next]]).toString()}`}>下一页</a>
        </p>
      ) : null}
    </Page>
  );
}

export function AgenciesPage({
  ctx,
  agencies,
  form,
  errors,
  feed,
}: {
  ctx: Ctx;
  agencies: Agency[];
  form: Record<string, string>;
  errors: FormError[];
  feed?: { agency: Agency; url: string } | undefined;
}) {
  return (
    <Page title="机关" identity={ctx.identity} csrf={ctx.csrf}>
      <ErrorSummary errors={errors} />
      {feed ? (
        <Notice>
          <p>{feed.agency.name}的日历订阅链接（只显示这一次，请复制后交给该机关负责人；旧链接已失效）：</p>
          <p>
            <code class="feed-url">{feed.url}</code>
          </p>
        </Notice>
      ) : null}
      <h1>机关</h1>
      <table class="responsive">
        <thead>
          <tr>
            <th>名称</th>
            <th>标识</th>
            <th>日历订阅</th>
          </tr>
        </thead>
        <tbody>
          {agencies.map((a) => (
            <tr>
              <td>{a.name}</td>
              <td>
                <code>{a.id}</code>
              </td>
              <td>
                <form method="post" action={`/console/agencies/${a.id}/feed-token`}>
                  <Hidden csrf={ctx.csrf} />
                  <button type="submit" class="secondary" aria-label={`为${a.name}生成新的订阅链接`}>
                    生成新的订阅链接
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>添加机关</h2>
      <form method="post" action="/console/agencies" novalidate>
        <Hidden csrf={ctx.csrf} />
        <Field name="id" label="标识" hint="小写英文和连字符，如 market-regulation" value={form.id} errors={errors} />
        <Field name="name" label="名称" hint="如 区市场监督管理局" value={form.name} errors={errors} />
        <button type="submit">添加</button>
      </form>
    </Page>
  );
}

const sourceLabels: Record<string, string> = { official: '国务院办公厅通知', override: '本单位更正', statutory: '按法定节日推算' };

/** The correction's two lists, as the clerk typed them, with their errors. */
export interface CalendarCorrection {
  form: Record<string, string>;
  /** one per date or line, for the summary */
  errors: FormError[];
}

/** Each field's errors in one message beside it; the summary lists them one by one. */
function inlineErrors(errors: FormError[]): FormError[] {
  const byField = new Map<string, string[]>();
  for (const e of errors) byField.set(e.field, [...(byField.get(e.field) ?? []), e.message]);
  return [...byField].map(([field, messages]) => ({ field, message: messages.join('；') }));
}

/** 更正节假日安排: the year's lists, one date (or range) a line, checked before anything changes. */
function CorrectionForm({ ctx, year, holidays, workdays, correction }: { ctx: Ctx; year: number; holidays: string[]; workdays: string[]; correction?: CalendarCorrection | undefined }) {
  const errors = inlineErrors(correction?.errors ?? []);
  return (
    <form method="post" action={`/console/calendar/${year}/preview`} novalidate>
      <Hidden csrf={ctx.csrf} />
      <Field
        name="holidays"
        label="放假日"
        hint="每行一个日期，或一段日期（如 2025-10-01至2025-10-08）；日期后可空一格写备注"
        kind="textarea"
        prefix="cal"
        value={correction ? correction.form.holidays : holidays.join('\n')}
        errors={errors}
      />
      <Field
        name="workdays"
        label="调休上班日"
        hint="每行一个周六或周日的日期，如 2025-09-28"
        kind="textarea"
        prefix="cal"
        value={correction ? correction.form.workdays : workdays.join('\n')}
        errors={errors}
        optional
      />
      <button type="submit">预览更正</button>
    </form>
  );
}

export function CalendarPage({
  ctx,
  year,
  published,
  source,
  holidays,
  workdays,
  correction,
  notice,
  canCorrect,
}: {
  ctx: Ctx;
  year: number;
  published: boolean;
  source: string | null;
  holidays: string[];
  workdays: string[];
  correction?: CalendarCorrection | undefined;
  notice?: string | undefined;
  /** the legal office, where this console can write the calendar */
  canCorrect?: boolean | undefined;
}) {
  const byMonth = (dates: string[]) => {
    const map = new Map<string, string[]>();
    for (const d of dates) map.set(d.slice(5, 7), [...(map.get(d.slice(5, 7)) ?? []), d.slice(5)]);
    return [...map.entries()];
  };
  return (
    <Page title={`${year}年节假日`} identity={ctx.identity} csrf={ctx.csrf}>
      <ErrorSummary errors={correction?.errors ?? []} prefix="cal" title="节假日安排未能更正" />
      {notice ? <Notice>{notice}</Notice> : null}
      <h1>{year}年节假日安排</h1>
      <p class="pager">
        <a href={`/console/calendar?year=${year - 1}`}>{year - 1}年</a>
        <a href={`/console/calendar?year=${year + 1}`}>{year + 1}年</a>
      </p>
      <p>
        {published ? <Tag tone="met">国务院办公厅已公布</Tag> : <Tag tone="approaching">未公布：按全国年节及纪念日放假办法推算，期限为暂定</Tag>}
        {source ? ` 来源：${sourceLabels[source] ?? source}` : ''}
      </p>
      <h2>放假日（{holidays.length}日）</h2>
      <table>
        <tbody>
          {byMonth(holidays).map(([m, days]) => (
            <tr>
              <th scope="row">{Number(m)}月</th>
              <td>{days.join('、')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>调休上班日（{workdays.length}日）</h2>
      {workdays.length === 0 ? <p>没有。</p> : <p>{workdays.join('、')}</p>}
      {canCorrect ? (
        <>
          <h2 id="correct">更正{year}年节假日安排</h2>
          <p>国务院办公厅公布或调整放假安排后，在此录入全年的放假日和调休上班日。提交前先预览，确认后未届满的期限将按新安排重新计算。</p>
          <CorrectionForm ctx={ctx} year={year} holidays={holidays} workdays={workdays} correction={correction} />
        </>
      ) : null}
    </Page>
  );
}

/** The check before a correction: what changes, and that open deadlines will be recomputed. */
export function CalendarPreviewPage({ ctx, preview, form }: { ctx: Ctx; preview: YearPreview; form: Record<string, string> }) {
  const list = (dates: string[]) => (dates.length === 0 ? '无' : dates.join('、'));
  const unchanged = [preview.added, preview.removed].every((d) => d.holidays.length === 0 && d.workdays.length === 0);
  return (
    <Page title={`确认更正${preview.year}年节假日`} identity={ctx.identity} csrf={ctx.csrf}>
      <h1>确认更正{preview.year}年节假日安排</h1>
      {unchanged ? <p>与现行安排相同，确认后本年将记为已由本单位核定。</p> : null}
      <dl class="summary">
        <dt>新增放假日</dt>
        <dd>{list(preview.added.holidays)}</dd>
        <dt>取消放假日</dt>
        <dd>{list(preview.removed.holidays)}</dd>
        <dt>新增调休上班日</dt>
        <dd>{list(preview.added.workdays)}</dd>
        <dt>取消调休上班日</dt>
        <dd>{list(preview.removed.workdays)}</dd>
        <dt>更正后</dt>
        <dd>
          放假日 {preview.holidays.length} 日，调休上班日 {preview.workdays.length} 日
        </dd>
      </dl>
      <div class="notice" role="status">
        <p>确认后，{preview.openCases} 件案件中未届满的期限将按新安排重新计算，届满日可能提前或推后；每件案件的办理记录中会记下此次重算。</p>
      </div>
      <form method="post" action={`/console/calendar/${preview.year}`}>
        <Hidden csrf={ctx.csrf} version={preview.version} />
        <input type="hidden" name="holidays" value={preview.holidays.join('\n')} />
        <input type="hidden" name="workdays" value={preview.workdays.join('\n')} />
        <button type="submit">确认更正并重新计算期限</button>
      </form>
      <details>
        <summary>返回修改</summary>
        <div>
          <CorrectionForm ctx={ctx} year={preview.year} holidays={preview.holidays} workdays={preview.workdays} correction={{ form, errors: [] }} />
        </div>
      </details>
    </Page>
  );
}

export function MessagePage({ ctx, title, message, status }: { ctx?: Ctx | undefined; title: string; message: string; status?: number }) {
  return (
    <Page title={title} identity={ctx?.identity} csrf={ctx?.csrf}>
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <a href="/">返回首页</a>
      </p>
      {status ? <p class="hint">（{status}）</p> : null}
    </Page>
  );
}
