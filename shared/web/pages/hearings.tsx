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
        <Field name="head.name" label="出庭负责人姓名" prefix={`${prefix}-head`} value={sent === 'head' ? form['head.name'] : ctx.identity.roles.includes('agency-head') ? ctx.identity.name : ''} errors={headErrors} />
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

export const rescheduleLabels: Record<string, string> = { date: '日期', time: '时间', court: '法院', courtroom: '法庭' };
export const cancelLabels: Record<string, string> = { cancelReason: '取消原因' };

/** A hearing's change the legal office sent back with its errors: 改期 or 取消开庭. */
export interface HearingChangeState {
  kind: 'reschedule' | 'cancel';
  form: FormData;
  errors: FormError[];
}

/** 改期 and 取消开庭 (legal office): version-checked, each with its own idempotency key. */
function ChangeForms({ ctx, hearing, change, keys }: { ctx: Ctx; hearing: PresentedHearing; change?: HearingChangeState | undefined; keys: { reschedule: string; cancel: string } }) {
  const again = change?.kind === 'reschedule' ? change : undefined;
  const cancel = change?.kind === 'cancel' ? change : undefined;
  const at = hearing.scheduledAt;
  return (
    <>
      <h2 id="reschedule">改期</h2>
      <form method="post" action={`/console/hearings/${hearing.id}/reschedule`} novalidate>
        <Hidden csrf={ctx.csrf} idempotencyKey={keys.reschedule} version={hearing.version} />
        <p class="hint">改期后，原有的出庭确认作废，需重新确认。</p>
        <Field name="date" label="日期" hint="格式：2024-10-18" prefix="chg" value={again ? again.form.date : at.slice(0, 10)} errors={again?.errors} />
        <Field name="time" label="时间" hint="时:分，如 09:30" prefix="chg" value={again ? again.form.time : at.slice(11, 16)} errors={again?.errors} />
        <Field name="court" label="法院" prefix="chg" value={again ? again.form.court : hearing.court} errors={again?.errors} />
        <Field name="courtroom" label="法庭" prefix="chg" value={again ? again.form.courtroom : hearing.courtroom} errors={again?.errors} optional />
        <button type="submit">改期</button>
      </form>
      <h2 id="cancel">取消开庭</h2>
      <form method="post" action={`/console/hearings/${hearing.id}/cancel`} novalidate>
        <Hidden csrf={ctx.csrf} idempotencyKey={keys.cancel} version={hearing.version} />
        <Field
          name="cancelReason"
          label="取消原因"
          hint="如：法院通知延期审理；取消后不能恢复，需重新安排庭审"
          kind="textarea"
          prefix="cnl"
          value={cancel?.form.cancelReason}
          errors={cancel?.errors}
          optional
        />
        <button type="submit" class="warning">
          取消开庭
        </button>
      </form>
    </>
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
  change,
  keys,
}: {
  ctx: Ctx;
  hearing: PresentedHearing;
  form: FormData;
  errors: FormError[];
  sent?: 'head' | 'delegate' | undefined;
  notice?: string | undefined;
  /** the clock's instant: a hearing that has begun is no longer confirmed */
  now: Date;
  /** a refused 改期 or 取消开庭 */
  change?: HearingChangeState | undefined;
  /** the idempotency keys of the legal office's change forms */
  keys?: { reschedule: string; cancel: string } | undefined;
}) {
  const prefix = `h${hearing.id.slice(-6)}-${sent ?? 'head'}`;
  const canConfirm = hearing.status !== 'cancelled' && new Date(hearing.scheduledAt).getTime() > now.getTime();
  const canChange = keys !== undefined && ctx.identity.roles.includes('legal-office') && hearing.status !== 'cancelled' && !hearing.attendance;
  return (
    <Page title={`庭审 ${hearing.caseNumber}`} identity={ctx.identity} csrf={ctx.csrf}>
      {change ? (
        <ErrorSummary errors={change.errors} prefix={change.kind === 'reschedule' ? 'chg' : 'cnl'} title={change.kind === 'reschedule' ? '改期未能保存' : '未能取消开庭'} />
      ) : (
        <ErrorSummary errors={errors} prefix={prefix} title="出庭确认未能保存" />
      )}
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
      {hearing.status === 'cancelled' ? <p>该庭审已取消{hearing.cancelReason ? `：${hearing.cancelReason}` : '。'}</p> : null}
      {canChange && keys ? <ChangeForms ctx={ctx} hearing={hearing} change={change} keys={keys} /> : null}
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
  /** the link just generated (shown this once), with its webcal:// twin for phones */
  feedUrl?: string | undefined;
  notice?: string | undefined;
}) {
  const agencyId = agency?.id ?? ctx.identity.agencyId ?? '';
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
      <h2 id="feed">日历订阅</h2>
      {feedUrl ? (
        <Notice>
          <p>本机关的庭审日历订阅链接（只显示这一次，请现在复制或添加到日历）：</p>
          <p>
            <code class="feed-url" id="feed-url">
              {feedUrl}
            </code>
          </p>
          <p>
            <a href={feedUrl.replace(/^https?:/, 'webcal:')}>在本机日历中打开此订阅</a>
          </p>
          <p>旧的订阅链接已失效；已用旧链接订阅的日历需要换成这个新链接。</p>
        </Notice>
      ) : null}
      <p>本机关的庭审可订阅到手机或电脑日历，开庭时间变动或取消时日历自动更新。订阅链接含密钥，请勿转发给他人。</p>
      <ul>
        <li>手机日历（iPhone）：设置 → 日历 → 账户 → 添加账户 → 其他 → 添加已订阅的日历，粘贴链接。</li>
        <li>手机日历（安卓）：在日历应用中选择“添加订阅”或“导入网络日历”，粘贴链接。</li>
        <li>Outlook：日历 → 添加日历 → 从 Internet 订阅，粘贴链接。</li>
      </ul>
      <form method="post" action={`/console/agencies/${agencyId}/feed-token`}>
        <Hidden csrf={ctx.csrf} />
        <p class="hint">生成新的订阅链接后，原来的链接立即失效。</p>
        <button type="submit" class="secondary">
          生成订阅链接
        </button>
      </form>
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
