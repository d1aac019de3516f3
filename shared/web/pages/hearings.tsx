import type { Identity } from '../../auth/identity';
import type { Agency } from '../../domain/agencies';
import { addDays, weekday } from '../../domain/dates';
import { absenceReasons, attendanceChoices, headTitles, hearingKinds } from '../../domain/enums';
import type { PresentedHearing } from '../../app/hearings';
import type { FormData } from '../forms';
import { ErrorSummary, Field, Hidden, Notice, Page, Tag, type FormError } from '../ui';
import { hearingTime, label } from './labels';

interface Ctx {
  identity: Identity;
  csrf: string;
  today: string;
}

export const confirmationLabels: Record<string, string> = {
  'head.name': '出庭负责人姓名',
  'head.title': '出庭负责人职务',
  head: '出庭负责人',
  'delegate.name': '受委托人姓名',
  'delegate.position': '受委托人职务',
  delegate: '受委托人',
  reason: '不能出庭的理由',
  reasonDetail: '理由说明',
};

function Status({ hearing }: { hearing: PresentedHearing }) {
  if (hearing.status === 'cancelled') return <Tag>已取消</Tag>;
  if (hearing.confirmation) {
    const c = hearing.confirmation;
    return (
      <Tag tone="met">
        已确认：{label(attendanceChoices, c.attendance)}
        {c.head ? `（${c.head.name}，${label(headTitles, c.head.title)}）` : ''}
        {c.delegate ? `（${c.delegate.name}，${c.delegate.position}）` : ''}
      </Tag>
    );
  }
  return <Tag tone={hearing.confirmationDeadline.status === 'overdue' ? 'overdue' : 'approaching'}>未确认出庭</Tag>;
}

/** The two confirmations a head chooses between: 本人出庭 (one tap: name and title filled in) or 委托出庭. */
export function ConfirmForms({
  ctx,
  hearing,
  form,
  errors,
  sent,
}: {
  ctx: Ctx;
  hearing: PresentedHearing;
  form: FormData;
  errors: FormError[];
  sent?: 'head' | 'delegate' | undefined;
}) {
  const prefix = `h${hearing.id.slice(-6)}`;
  const headErrors = sent === 'head' ? errors : [];
  const delegateErrors = sent === 'delegate' ? errors : [];
  return (
    <>
      <form method="post" action={`/console/hearings/${hearing.id}/confirmation`} novalidate>
        <Hidden csrf={ctx.csrf} version={hearing.version} />
        <input type="hidden" name="attendance" value="head" />
        <Field name="head.name" label="出庭负责人姓名" prefix={`${prefix}-head`} value={sent === 'head' ? form['head.name'] : ctx.identity.name} errors={headErrors} />
        <Field
          name="head.title"
          label="出庭负责人职务"
          kind="select"
          options={headTitles}
          prefix={`${prefix}-head`}
          value={sent === 'head' ? form['head.title'] : 'principal'}
          errors={headErrors}
        />
        <button type="submit">本人出庭</button>
      </form>
      <details open={sent === 'delegate'}>
        <summary>不能亲自出庭？</summary>
        <div>
          <form method="post" action={`/console/hearings/${hearing.id}/confirmation`} novalidate>
            <Hidden csrf={ctx.csrf} version={hearing.version} />
            <input type="hidden" name="attendance" value="delegate" />
            <Field name="delegate.name" label="受委托人姓名" prefix={`${prefix}-delegate`} value={form['delegate.name']} errors={delegateErrors} />
            <Field name="delegate.position" label="受委托人职务" prefix={`${prefix}-delegate`} value={form['delegate.position']} errors={delegateErrors} />
            <Field
              name="reason"
              label="不能出庭的理由"
              hint="出庭规定第八条所列正当事由"
              kind="select"
              options={absenceReasons}
              prefix={`${prefix}-delegate`}
              value={form.reason}
              errors={delegateErrors}
            />
            <Field name="reasonDetail" label="理由说明" kind="textarea" prefix={`${prefix}-delegate`} value={form.reasonDetail} errors={delegateErrors} />
            <button type="submit" class="secondary">
              委托出庭
            </button>
          </form>
        </div>
      </details>
    </>
  );
}

export function HearingCard({ ctx, hearing, agencies }: { ctx: Ctx; hearing: PresentedHearing; agencies?: Agency[] }) {
  return (
    <li>
      <h3>
        <a href={`/console/hearings/${hearing.id}`}>
          {hearingTime(hearing.scheduledAt)} {label(hearingKinds, hearing.kind)}
        </a>
      </h3>
      <p>
        案号 <a href={`/console/cases/${hearing.caseId}`}>{hearing.caseNumber}</a>，{hearing.court}
        {hearing.courtroom ? ` ${hearing.courtroom}` : ''}
        {agencies ? `，${agencies.find((a) => a.id === hearing.agencyId)?.name ?? hearing.agencyId}` : ''}
      </p>
      <p>
        <Status hearing={hearing} /> 确认期限 {hearing.confirmationDeadline.dueOn ?? '—'}
      </p>
    </li>
  );
}

export function HearingPage({
  ctx,
  hearing,
  form,
  errors,
  sent,
  notice,
  now,
}: {
  ctx: Ctx;
  hearing: PresentedHearing;
  form: FormData;
  errors: FormError[];
  sent?: 'head' | 'delegate' | undefined;
  notice?: string | undefined;
  /** the clock's instant: a hearing that has begun is no longer confirmed */
  now: Date;
}) {
  const prefix = `h${hearing.id.slice(-6)}-${sent ?? 'head'}`;
  const canConfirm = hearing.status !== 'cancelled' && new Date(hearing.scheduledAt).getTime() > now.getTime();
  return (
    <Page title={`庭审 ${hearing.caseNumber}`} identity={ctx.identity} csrf={ctx.csrf}>
      <ErrorSummary errors={errors} prefix={prefix} title="出庭确认未能保存" />
      {notice ? <Notice>{notice}</Notice> : null}
      <h1>
        {label(hearingKinds, hearing.kind)} {hearingTime(hearing.scheduledAt)}
      </h1>
      <p>
        案号 <a href={`/console/cases/${hearing.caseId}`}>{hearing.caseNumber}</a>，{hearing.court}
        {hearing.courtroom ? ` ${hearing.courtroom}` : ''}
      </p>
      <p>
        <Status hearing={hearing} />
      </p>
      <p>
        确认期限：{hearing.confirmationDeadline.dueOn ?? '—'}（{hearing.confirmationDeadline.basis}）
      </p>
      {canConfirm ? (
        <>
          <h2>{hearing.confirmation ? '更改出庭确认' : '确认出庭'}</h2>
          <ConfirmForms ctx={ctx} hearing={hearing} form={form} errors={errors} sent={sent} />
        </>
      ) : null}
    </Page>
  );
}

/** The head's home: the own agency's hearings awaiting confirmation, each confirmed with one tap. */
export function HeadHome({
  ctx,
  pending,
  agency,
  feedUrl,
  notice,
}: {
  ctx: Ctx;
  pending: PresentedHearing[];
  agency: Agency | undefined;
  feedUrl: string;
  notice?: string | undefined;
}) {
  return (
    <Page title="待确认出庭" identity={ctx.identity} csrf={ctx.csrf}>
      {notice ? <Notice>{notice}</Notice> : null}
      <h1>待确认出庭</h1>
      <p>{agency?.name ?? ctx.identity.agencyId}</p>
      {pending.length === 0 ? <p>没有待确认的庭审。</p> : null}
      <ul class="cards">
        {pending.map((hearing) => (
          <li>
            <h2>
              {hearingTime(hearing.scheduledAt)} {label(hearingKinds, hearing.kind)}
            </h2>
            <p>
              案号 <a href={`/console/cases/${hearing.caseId}`}>{hearing.caseNumber}</a>，{hearing.court}
            </p>
            <p>
              <Status hearing={hearing} /> 请于 {hearing.confirmationDeadline.dueOn ?? '—'} 前确认
            </p>
            <ConfirmForms ctx={ctx} hearing={hearing} form={{}} errors={[]} />
          </li>
        ))}
      </ul>
      <h2>日历订阅</h2>
      <p>本机关的庭审可订阅到手机或电脑日历。订阅链接含密钥，由司法局生成后交给您，格式如下：</p>
      <p>
        <code>{feedUrl}</code>
      </p>
    </Page>
  );
}

/** Hearings of a month as a calendar (Monday first). */
export function MonthPage({ ctx, month, hearings }: { ctx: Ctx; month: string; hearings: PresentedHearing[] }) {
  const first = `${month}-01`;
  const [y, m] = month.split('-').map(Number) as [number, number];
  const nextMonth = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  const prevMonth = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  const start = addDays(first, -((weekday(first) + 6) % 7));
  const last = addDays(`${nextMonth}-01`, -1);
  const end = addDays(last, 6 - ((weekday(last) + 6) % 7));
  const weeks: string[][] = [];
  for (let day = start; day <= end; day = addDays(day, 1)) {
    if ((weekday(day) + 6) % 7 === 0) weeks.push([]);
    weeks.at(-1)?.push(day);
  }
  const byDay = new Map<string, PresentedHearing[]>();
  for (const h of hearings) byDay.set(h.scheduledAt.slice(0, 10), [...(byDay.get(h.scheduledAt.slice(0, 10)) ?? []), h]);
  return (
    <Page title={`庭审日历 ${month}`} identity={ctx.identity} csrf={ctx.csrf}>
      <h1>
        庭审日历：{y}年{m}月
      </h1>
      <p class="pager">
        <a href={`/console/hearings?month=${prevMonth}`}>上个月</a>
        <a href={`/console/hearings?month=${nextMonth}`}>下个月</a>
      </p>
      <table class="month">
        <caption class="skip">{`${y}年${m}月的庭审`}</caption>
        <thead>
          <tr>
            {['周一', '周二', '周三', '周四', '周五', '周六', '周日'].map((d) => (
              <th scope="col">{d}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr>
              {week.map((day) => (
                <td class={day.startsWith(month) ? undefined : 'other'}>
                  <span>{Number(day.slice(8))}</span>
                  {(byDay.get(day) ?? []).map((h) => (
                    <div>
                      <a href={`/console/hearings/${h.id}`}>
                        {h.scheduledAt.slice(11, 16)} {h.caseNumber}
                      </a>
                      {h.status === 'cancelled' ? ' （已取消）' : h.confirmation ? '' : <Tag tone="approaching">未确认</Tag>}
                    </div>
                  ))}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </Page>
  );
}
