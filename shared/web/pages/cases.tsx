import type { Identity } from '../../auth/identity';
import type { Agency } from '../../domain/agencies';
import type { PresentedCase } from '../../domain/case-view';
import type { HistoryEntry } from '../../domain/cases';
import { addDays } from '../../domain/dates';
import { actTypes, attendanceChoices, enforcementFields, headTitles, hearingKinds, partyRoles, procedures } from '../../domain/enums';
import type { FormData } from '../forms';
import { actionFields } from '../forms';
import { ErrorSummary, Field, Hidden, Notice, Page, Tag, fieldId, type FormError } from '../ui';
import { actionLabelsOf, allActionLabels, caseKinds, deadlineText, deadlineTone, deadlineTypes, hearingTime, label, outcomeLabels, statusLabels } from './labels';

interface Ctx {
  identity: Identity;
  csrf: string;
  today: string;
}

const agencyOptions = (agencies: Agency[]) => Object.fromEntries(agencies.map((a) => [a.id, a.name]));
const agencyName = (agencies: Agency[], id: string) => agencies.find((a) => a.id === id)?.name ?? id;

export const registrationLabels: Record<string, string> = {
  kind: '案件类型',
  caseNumber: '案号',
  agencyId: '机关',
  receivedOn: '收到日期',
  'parties.0.name': '当事人',
  'parties.0.idNumber': '当事人身份证号',
  procedure: '程序',
  court: '法院',
  filedOn: '立案日期',
  title: '案由',
  field: '执法领域',
  actType: '行为类别',
};

export function RegisterPage({ ctx, agencies, form, errors, idempotencyKey }: { ctx: Ctx; agencies: Agency[]; form: FormData; errors: FormError[]; idempotencyKey: string }) {
  const kind = form.kind;
  const kindError = errors.find((e) => e.field === 'kind');
  return (
    <Page title="登记案件" identity={ctx.identity} csrf={ctx.csrf}>
      <ErrorSummary errors={errors} />
      <h1>登记案件</h1>
      <form method="post" action="/console/cases" novalidate>
        <Hidden csrf={ctx.csrf} idempotencyKey={idempotencyKey} />
        <div class={kindError ? 'field field-error' : 'field'}>
          <fieldset aria-describedby={kindError ? `${fieldId('kind')}-error` : undefined}>
            <legend>案件类型</legend>
            {kindError ? (
              <span class="error-message" id={`${fieldId('kind')}-error`}>
                {kindError.message}
              </span>
            ) : null}
            <div class="radios">
              {Object.entries(caseKinds).map(([code, text], i) => (
                <label>
                  <input type="radio" name="kind" value={code} id={i === 0 ? fieldId('kind') : `${fieldId('kind')}-${code}`} checked={kind === code} /> {text}
                </label>
              ))}
            </div>
          </fieldset>
        </div>
        <Field name="caseNumber" label="案号" hint="如 潞复〔2024〕12号、(2024)晋0403行初15号" value={form.caseNumber} errors={errors} />
        <Field name="agencyId" label="机关" hint="被申请人或被告" kind="select" options={agencyOptions(agencies)} value={form.agencyId} errors={errors} />
        <Field
          name="receivedOn"
          label="收到日期"
          hint="行政复议：收到申请之日；行政应诉：起诉状副本送达之日。格式：2024-09-27"
          value={form.receivedOn}
          errors={errors}
        />
        <Field name="parties.0.name" label="当事人" hint="行政复议为申请人，行政应诉为原告" value={form['parties.0.name']} errors={errors} />
        <Field name="parties.0.idNumber" label="当事人身份证号" hint="保存后只显示部分号码" value={form['parties.0.idNumber']} errors={errors} optional />
        <Field name="procedure" label="程序" hint="仅行政复议" kind="select" options={procedures} value={form.procedure} errors={errors} optional />
        <Field name="court" label="法院" hint="仅行政应诉" value={form.court} errors={errors} optional />
        <Field name="field" label="执法领域" kind="select" options={enforcementFields} value={form.field} errors={errors} optional />
        <Field name="actType" label="行为类别" kind="select" options={actTypes} value={form.actType} errors={errors} optional />
        <Field name="title" label="案由" value={form.title} errors={errors} optional />
        <button type="submit">登记</button>
      </form>
    </Page>
  );
}

export interface ListFilters {
  kind?: string | undefined;
  agencyId?: string | undefined;
  status?: string | undefined;
  open?: string | undefined;
  receivedFrom?: string | undefined;
  receivedTo?: string | undefined;
  q?: string | undefined;
}

export function CaseListPage({
  ctx,
  agencies,
  filters,
  items,
  next,
  errors,
}: {
  ctx: Ctx;
  agencies: Agency[];
  filters: ListFilters;
  items: PresentedCase[];
  next: string | null;
  errors: FormError[];
}) {
  const head = !ctx.identity.roles.includes('legal-office');
  const params = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => Boolean(e[1])));
  const soon = addDays(ctx.today, 7);
  return (
    <Page title="案件" identity={ctx.identity} csrf={ctx.csrf}>
      <ErrorSummary errors={errors} />
      <h1>{head ? '本机关案件' : '案件'}</h1>
      <form method="get" action="/console/cases" class="filters" aria-label="筛选案件">
        <Field name="q" label="搜索" hint="案号（可只输前几位）或当事人全名" value={filters.q} errors={errors} optional />
        <Field name="kind" label="案件类型" kind="select" options={caseKinds} value={filters.kind} errors={errors} optional />
        {head ? null : <Field name="agencyId" label="机关" kind="select" options={agencyOptions(agencies)} value={filters.agencyId} errors={errors} optional />}
        <Field name="status" label="状态" kind="select" options={statusLabels} value={filters.status} errors={errors} optional />
        <Field name="open" label="是否办结" kind="select" options={{ true: '未办结', false: '已办结' }} value={filters.open} errors={errors} optional />
        <Field name="receivedFrom" label="收到日期自" hint="如 2026-01-01" value={filters.receivedFrom} errors={errors} optional />
        <Field name="receivedTo" label="收到日期至" value={filters.receivedTo} errors={errors} optional />
        <div class="field">
          <button type="submit" class="secondary">
            筛选
          </button>
        </div>
      </form>
      {items.length === 0 ? (
        <p>没有符合条件的案件。</p>
      ) : (
        <table class="responsive">
          <thead>
            <tr>
              <th>案号</th>
              <th>类型</th>
              <th>机关</th>
              <th>收到日期</th>
              <th>状态</th>
              <th>最近期限</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => {
              const next = item.deadlines.filter((d) => d.status === 'open' || d.status === 'overdue').sort((a, b) => (a.dueOn ?? '').localeCompare(b.dueOn ?? ''))[0];
              return (
                <tr>
                  <td>
                    <a href={`/console/cases/${item.id}`}>{item.caseNumber}</a>
                  </td>
                  <td>{label(caseKinds, item.kind)}</td>
                  <td>{agencyName(agencies, item.agencyId)}</td>
                  <td>{item.receivedOn}</td>
                  <td>{label(statusLabels, item.status)}</td>
                  <td>
                    {next ? (
                      <>
                        {label(deadlineTypes, next.type)} {next.dueOn ?? ''}{' '}
                        <Tag tone={deadlineTone(next.status, next.dueOn, ctx.today, soon)}>{deadlineText(next.status, next.dueOn, ctx.today, soon)}</Tag>
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {next ? (
        <p class="pager">
          <a href={`/console/cases?${new URLSearchParams([...params, ['cursor', next]]).toString()}`}>下一页</a>
        </p>
      ) : null}
    </Page>
  );
}

export interface CasePageState {
  /** the step whose form was sent and refused, with its errors */
  action?: { type: string; form: FormData; errors: FormError[] } | undefined;
  hearing?: { form: FormData; errors: FormError[] } | undefined;
  /** the attendance form of one hearing, sent and refused */
  attendance?: { hearingId: string; form: FormData; errors: FormError[] } | undefined;
  notice?: string | undefined;
}

export const attendanceLabels: Record<string, string> = {
  held: '是否举行',
  headAppeared: '负责人是否出庭',
  appearedName: '出庭负责人姓名',
  appearedTitle: '出庭负责人职务',
};

const yesNo = { true: '是', false: '否' } as const;

function YesNo({ name, legend, prefix, value, errors }: { name: string; legend: string; prefix: string; value: string | undefined; errors: FormError[] }) {
  const error = errors.find((e) => e.field === name);
  const id = fieldId(name, prefix);
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <fieldset aria-describedby={error ? `${id}-error` : undefined}>
        <legend>{legend}</legend>
        {error ? (
          <span class="error-message" id={`${id}-error`}>
            {error.message}
          </span>
        ) : null}
        <div class="radios">
          {Object.entries(yesNo).map(([code, text], i) => (
            <label>
              <input type="radio" name={name} value={code} id={i === 0 ? id : `${id}-${code}`} checked={value === code} /> {text}
            </label>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

type CaseHearing = NonNullable<PresentedCase['hearings']>[number];

/** 登记出庭情况: after a hearing's time, what happened (what the statistics count). */
function AttendanceForm({ ctx, hearing, version, sent }: { ctx: Ctx; hearing: CaseHearing; version: number | undefined; sent: CasePageState['attendance'] }) {
  const prefix = `att-${hearing.id}`;
  const mine = sent?.hearingId === hearing.id ? sent : undefined;
  const errors = mine?.errors ?? [];
  const form = mine?.form ?? {};
  const recorded = hearing.held !== null;
  const held = form.held ?? (hearing.held === null ? undefined : String(hearing.held));
  const appeared = form.headAppeared ?? (hearing.headAppeared === null ? undefined : String(hearing.headAppeared));
  return (
    <details open={mine !== undefined}>
      <summary>{recorded ? '更正出庭情况' : '登记出庭情况'}</summary>
      <div>
        <form method="post" action={`/console/hearings/${hearing.id}/attendance`} novalidate>
          <Hidden csrf={ctx.csrf} version={version} />
          <YesNo name="held" legend="是否举行" prefix={prefix} value={held} errors={errors} />
          <YesNo name="headAppeared" legend="负责人是否出庭" prefix={prefix} value={appeared} errors={errors} />
          <Field name="appearedName" label="出庭负责人姓名" hint="负责人出庭时必填" prefix={prefix} value={form.appearedName} errors={errors} optional />
          <Field name="appearedTitle" label="出庭负责人职务" kind="select" options={headTitles} prefix={prefix} value={form.appearedTitle} errors={errors} optional />
          <button type="submit">保存出庭情况</button>
        </form>
      </div>
    </details>
  );
}

export function CasePage({
  ctx,
  item,
  version,
  agencies,
  history,
  state,
  newKey,
  now,
  hearingVersions = {},
}: {
  ctx: Ctx;
  item: PresentedCase;
  version: number;
  agencies: Agency[];
  history: HistoryEntry[];
  state: CasePageState;
  newKey: () => string;
  /** hearings from this time on have not taken place yet */
  now?: Date | undefined;
  hearingVersions?: Record<string, number> | undefined;
}) {
  const office = ctx.identity.roles.includes('legal-office');
  const soon = addDays(ctx.today, 7);
  const actionLabels = actionLabelsOf(item.kind);
  const refused = state.action;
  return (
    <Page title={item.caseNumber} identity={ctx.identity} csrf={ctx.csrf}>
      {refused ? <ErrorSummary errors={refused.errors} prefix={refused.type} title="该操作未能记录" /> : null}
      {state.hearing ? <ErrorSummary errors={state.hearing.errors} prefix="hearing" title="庭审未能安排" /> : null}
      {state.attendance ? <ErrorSummary errors={state.attendance.errors} prefix={`att-${state.attendance.hearingId}`} title="出庭情况未能保存" /> : null}
      {state.notice ? <Notice>{state.notice}</Notice> : null}
      <h1>
        {item.caseNumber} <Tag>{label(statusLabels, item.status)}</Tag>
        {item.major ? <Tag tone="overdue">重大案件</Tag> : null}
      </h1>
      <table>
        <tbody>
          <tr>
            <th scope="row">案件类型</th>
            <td>{label(caseKinds, item.kind)}</td>
          </tr>
          <tr>
            <th scope="row">{item.kind === 'litigation' ? '被告' : '被申请人'}</th>
            <td>{agencyName(agencies, item.agencyId)}</td>
          </tr>
          <tr>
            <th scope="row">收到日期</th>
            <td>{item.receivedOn}</td>
          </tr>
          {item.acceptedOn ? (
            <tr>
              <th scope="row">受理日期</th>
              <td>
                {item.acceptedOn}
                {item.deemedAccepted ? '（视为受理）' : ''}
              </td>
            </tr>
          ) : null}
          {item.court ? (
            <tr>
              <th scope="row">法院</th>
              <td>{item.court}</td>
            </tr>
          ) : null}
          {item.outcome ? (
            <tr>
              <th scope="row">结果</th>
              <td>{label(outcomeLabels, item.outcome)}</td>
            </tr>
          ) : null}
          {item.title ? (
            <tr>
              <th scope="row">案由</th>
              <td>{item.title}</td>
            </tr>
          ) : null}
        </tbody>
      </table>

      <h2>当事人</h2>
      <ul>
        {item.parties.map((p) => (
          <li>
            {label(partyRoles, p.role)}：<span class="party-name">{p.name}</span>
            {p.idNumber ? `（身份证号 ${p.idNumber}）` : ''}
          </li>
        ))}
      </ul>

      <h2>期限</h2>
      {item.deadlines.length === 0 ? (
        <p>没有期限。</p>
      ) : (
        <table class="responsive" id="deadlines">
          <thead>
            <tr>
              <th>期限</th>
              <th>届满日</th>
              <th>状态</th>
              <th>依据与计算过程</th>
            </tr>
          </thead>
          <tbody>
            {item.deadlines.map((d) => (
              <tr>
                <td>{label(deadlineTypes, d.type)}</td>
                <td>{d.dueOn ?? '（暂停计算）'}</td>
                <td>
                  <Tag tone={deadlineTone(d.status, d.dueOn, ctx.today, soon)}>{deadlineText(d.status, d.dueOn, ctx.today, soon)}</Tag>
                  {d.metOn ? ` ${d.metOn}${d.late ? '（逾期履行）' : ''}` : ''}
                  {d.provisional ? '（暂定：节假日安排未公布）' : ''}
                </td>
                <td>
                  {d.basis}
                  <details>
                    <summary>计算过程</summary>
                    <div>
                      <ol class="explanation">
                        {d.explanation.map((line) => (
                          <li>{line}</li>
                        ))}
                      </ol>
                    </div>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>办理过程</h2>
      <ol class="timeline">
        <li>
          {item.receivedOn} 收到{item.kind === 'litigation' ? '起诉状副本' : '申请'}
        </li>
        {item.steps.map((s) => (
          <li>
            {s.on} {label(allActionLabels, s.type)}
            {'outcome' in s && typeof s.outcome === 'string' ? `：${label(outcomeLabels, s.outcome)}` : ''}
            {s.type === 'extend-correction' && 'until' in s && typeof s.until === 'string' ? `：补正期限延长至${s.until}` : ''}（{s.recordedBy.name} 录入）
          </li>
        ))}
      </ol>

      {office && item.allowedActions.length > 0 ? (
        <>
          <h2>可办理的操作</h2>
          {item.allowedActions.map((type) => {
            const sent = refused?.type === type ? refused : undefined;
            const form = sent?.form ?? {};
            const errors = sent?.errors ?? [];
            return (
              <details open={sent !== undefined} id={`action-${type}`}>
                <summary>{label(actionLabels, type)}</summary>
                <div>
                  <form method="post" action={`/console/cases/${item.id}/actions`} novalidate>
                    <Hidden csrf={ctx.csrf} idempotencyKey={newKey()} version={version} />
                    <input type="hidden" name="type" value={type} />
                    <Field name="on" label="发生日期" hint="格式：2024-09-27" prefix={type} value={form.on ?? ctx.today} errors={errors} />
                    {actionFields(type, item.kind).map((f) => (
                      <Field
                        name={f.name}
                        label={f.label}
                        hint={f.hint}
                        kind={f.kind === 'date' ? 'text' : f.kind}
                        options={f.options}
                        optional={f.optional}
                        prefix={type}
                        value={form[f.name]}
                        errors={errors}
                      />
                    ))}
                    <button type="submit">记录“{label(actionLabels, type)}”</button>
                  </form>
                </div>
              </details>
            );
          })}
        </>
      ) : null}

      {item.linkedCases.length > 0 ? (
        <>
          <h2>关联案件</h2>
          <ul>
            {item.linkedCases.map((l) => (
              <li>
                <a href={`/console/cases/${l.id}`}>{l.caseNumber}</a>（{label(caseKinds, l.kind)}）
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {item.relatedCaseId ? (
        <p>
          源于行政复议案件：<a href={`/console/cases/${item.relatedCaseId}`}>查看</a>
        </p>
      ) : null}

      <h2>庭审</h2>
      {(item.hearings ?? []).length === 0 ? <p>尚未安排庭审。</p> : null}
      <ul>
        {(item.hearings ?? []).map((h) => (
          <li>
            <a href={`/console/hearings/${h.id}`}>
              {hearingTime(h.scheduledAt)} {label(hearingKinds, h.kind)}
            </a>{' '}
            {h.court}{' '}
            {h.status === 'cancelled' ? <Tag>已取消</Tag> : h.confirmation ? <Tag tone="met">{label(attendanceChoices, h.confirmation)}</Tag> : <Tag tone="approaching">未确认出庭</Tag>}
            {h.held === null ? null : (
              <>
                {' '}
                <Tag tone={h.held ? 'met' : undefined}>{h.held ? (h.headAppeared ? '已举行，负责人出庭' : '已举行，负责人未出庭') : '未举行'}</Tag>
              </>
            )}
            {office && now && h.status !== 'cancelled' && new Date(h.scheduledAt).getTime() <= now.getTime() ? (
              <AttendanceForm ctx={ctx} hearing={h} version={hearingVersions[h.id]} sent={state.attendance} />
            ) : null}
          </li>
        ))}
      </ul>
      {office ? (
        <details open={state.hearing !== undefined}>
          <summary>安排{item.kind === 'litigation' ? '庭审' : '听证'}</summary>
          <div>
            <form method="post" action={`/console/cases/${item.id}/hearings`} novalidate>
              <Hidden csrf={ctx.csrf} idempotencyKey={newKey()} />
              <Field name="date" label="日期" hint="格式：2026-12-18" prefix="hearing" value={state.hearing?.form.date} errors={state.hearing?.errors} />
              <Field name="time" label="时间" hint="北京时间，如 09:30" prefix="hearing" value={state.hearing?.form.time} errors={state.hearing?.errors} />
              <Field name="court" label={item.kind === 'litigation' ? '法院' : '地点'} prefix="hearing" value={state.hearing?.form.court ?? item.court} errors={state.hearing?.errors} />
              <Field name="courtroom" label="法庭" prefix="hearing" value={state.hearing?.form.courtroom} errors={state.hearing?.errors} optional />
              <button type="submit">安排</button>
            </form>
          </div>
        </details>
      ) : null}

      <h2>操作记录</h2>
      <table class="responsive">
        <thead>
          <tr>
            <th>时间</th>
            <th>操作人</th>
            <th>操作</th>
          </tr>
        </thead>
        <tbody>
          {history.map((h) => (
            <tr>
              <td>{h.at.replace('T', ' ').slice(0, 19)}</td>
              <td>{h.actor.name}</td>
              <td>
                {label(allActionLabels, h.action)}
                {h.on ? `（${h.on}）` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Page>
  );
}

export const hearingTitleOptions = headTitles;
