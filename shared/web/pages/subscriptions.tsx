import type { CreatedSubscription, SubscriptionView } from '../../app/subscriptions';
import type { Identity } from '../../auth/identity';
import type { Agency } from '../../domain/agencies';
import { digestModes, notificationChannels, notificationEvents } from '../../domain/notifications';
import type { Delivery } from '../../notify/deliveries';
import type { FormData } from '../forms';
import { ErrorSummary, Field, fieldId, Hidden, Notice, Page, Tag, type FormError } from '../ui';

interface Ctx {
  identity: Identity;
  csrf: string;
  today: string;
}

/** The channels as the form offers them. */
export const channelChoices: Readonly<Record<string, string>> = {
  wecom: '企业微信',
  dingtalk: '钉钉',
  webhook: 'Webhook',
  email: '邮件',
};

export const subscriptionLabels: Record<string, string> = {
  channel: '渠道',
  target: '接收地址',
  secret: '加签密钥',
  events: '提醒事项',
  digest: '推送方式',
  agencyId: '机关',
};

const deliveryStatusLabels: Record<string, { text: string; tone: string | undefined }> = {
  delivered: { text: '已送达', tone: 'met' },
  failed: { text: '失败', tone: 'overdue' },
  pending: { text: '待发送', tone: 'approaching' },
};

const eventLabel = (event: string) =>
  (notificationEvents as Record<string, string>)[event] ?? (event === 'subscription-test' ? '测试消息' : event === 'notification-digest' ? '每日汇总' : event);

const digestLabel = (digest: string) => (digest === 'daily' ? '每日汇总' : '即时');

export function DeliveryStatus({ delivery }: { delivery: Delivery }) {
  const status = deliveryStatusLabels[delivery.status] ?? { text: delivery.status, tone: undefined };
  return <Tag tone={status.tone}>{status.text}</Tag>;
}

/** The result of 发送测试消息, as the notice at the top says it. */
export function TestResult({ delivery, target }: { delivery: Delivery; target: string }) {
  return (
    <Notice>
      <p>
        发往 <code>{target}</code> 的测试消息：<DeliveryStatus delivery={delivery} />
        {delivery.httpStatus ? `（HTTP ${delivery.httpStatus}）` : ''}
      </p>
      {delivery.reason ? <p>原因：{delivery.reason}</p> : null}
    </Notice>
  );
}

export function SubscriptionsPage({
  ctx,
  subscriptions,
  deliveries,
  agencies,
  form,
  errors,
  idempotencyKey,
  created,
  tested,
  notice,
  unavailable,
}: {
  ctx: Ctx;
  subscriptions: SubscriptionView[];
  deliveries: Delivery[];
  agencies: Agency[];
  form: FormData;
  errors: FormError[];
  idempotencyKey: string;
  created?: CreatedSubscription | undefined;
  tested?: { delivery: Delivery; target: string } | undefined;
  notice?: string | undefined;
  unavailable?: boolean | undefined;
}) {
  const agencyName = (id: string | undefined) => (id === undefined ? '全局' : (agencies.find((a) => a.id === id)?.name ?? id));
  const targetOf = (id: string) => subscriptions.find((s) => s.id === id)?.target ?? id;
  const eventsError = errors.find((e) => e.field === 'events');
  const sent = Object.keys(form).length > 0;
  return (
    <Page title="通知订阅" identity={ctx.identity} csrf={ctx.csrf}>
      <ErrorSummary errors={errors} prefix="sub" title="订阅未能添加" />
      {notice ? <Notice>{notice}</Notice> : null}
      {tested ? <TestResult delivery={tested.delivery} target={tested.target} /> : null}
      {created ? (
        <Notice>
          <p>
            已添加订阅：{notificationChannels[created.channel]} <code>{created.target}</code>。
          </p>
          {created.signingSecret ? (
            <>
              <p>签名密钥（只显示这一次，请立即复制到接收系统中用于验证签名；以后无法再查看）：</p>
              <p>
                <code class="feed-url" id="signing-secret">
                  {created.signingSecret}
                </code>
              </p>
            </>
          ) : null}
        </Notice>
      ) : null}
      <h1>通知订阅</h1>
      <p>期限临近、逾期、出庭人员未确认等提醒，按订阅推送到企业微信群、钉钉群、其他系统（Webhook）或电子邮箱。消息中不含当事人姓名和身份证号。</p>
      {unavailable ? <p>此环境未开通通知订阅，请使用接口 POST /subscriptions。</p> : null}
      <h2>现有订阅（{subscriptions.length}）</h2>
      {subscriptions.length === 0 ? <p>还没有订阅。</p> : null}
      {subscriptions.length > 0 ? (
        <table class="responsive subscriptions">
          <thead>
            <tr>
              <th>渠道</th>
              <th>接收地址</th>
              <th>机关</th>
              <th>提醒事项</th>
              <th>推送方式</th>
              <th>添加时间</th>
              <th>操作</th>
            </tr>
          </thead>
          <tbody>
            {subscriptions.map((s) => (
              <tr>
                <td>
                  {channelChoices[s.channel] ?? s.channel}
                  {s.status === 'failing' ? (
                    <>
                      {' '}
                      <Tag tone="overdue">发送异常</Tag>
                    </>
                  ) : null}
                </td>
                <td>
                  <code class="target">{s.target}</code>
                  {s.lastError ? <span class="hint">最近失败：{s.lastError.reason}</span> : null}
                </td>
                <td>{agencyName(s.agencyId)}</td>
                <td>{s.events.map(eventLabel).join('、')}</td>
                <td>{digestLabel(s.digest)}</td>
                <td>{s.createdAt.slice(0, 16).replace('T', ' ')}</td>
                <td class="actions">
                  <form method="post" action={`/console/subscriptions/${s.id}/test`}>
                    <Hidden csrf={ctx.csrf} />
                    <button type="submit" class="secondary" aria-label={`向 ${s.target} 发送测试消息`}>
                      发送测试消息
                    </button>
                  </form>
                  <a href={`/console/subscriptions/${s.id}/delete`} aria-label={`删除发往 ${s.target} 的订阅`}>
                    删除
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h2>添加订阅</h2>
      <form method="post" action="/console/subscriptions" novalidate>
        <Hidden csrf={ctx.csrf} idempotencyKey={idempotencyKey} />
        <Field name="channel" label="渠道" kind="select" options={channelChoices} prefix="sub" value={form.channel} errors={errors} />
        <Field
          name="target"
          label="接收地址"
          hint="企业微信、钉钉：群机器人的 Webhook 地址（https://…）；Webhook：接收系统的 https 地址；邮件：电子邮件地址"
          prefix="sub"
          value={form.target}
          errors={errors}
        />
        <Field name="secret" label="加签密钥" hint="仅钉钉：机器人安全设置中的“加签”密钥，以 SEC 开头" prefix="sub" value={form.secret} errors={errors} optional />
        <fieldset class={eventsError ? 'field field-error' : 'field'} id={fieldId('events', 'sub')} aria-describedby={eventsError ? `${fieldId('events', 'sub')}-error` : undefined}>
          <legend>提醒事项</legend>
          {eventsError ? (
            <span class="error-message" id={`${fieldId('events', 'sub')}-error`}>
              <span class="skip">错误：</span>
              {eventsError.message}
            </span>
          ) : null}
          {Object.entries(notificationEvents).map(([code, text]) => (
            <div class="choice">
              <input
                type="checkbox"
                id={fieldId(`events.${code}`, 'sub')}
                name={`events.${code}`}
                value="on"
                checked={sent ? form[`events.${code}`] === 'on' : code !== 'statistics-monthly'}
              />
              <label for={fieldId(`events.${code}`, 'sub')}>{text}</label>
            </div>
          ))}
        </fieldset>
        <Field name="digest" label="推送方式" kind="select" options={{ immediate: '即时推送', daily: digestModes.daily }} prefix="sub" value={form.digest ?? 'immediate'} errors={errors} />
        <Field
          name="agencyId"
          label="机关"
          hint="只推送该机关的提醒；不选则为全局（全部机关）"
          kind="select"
          options={Object.fromEntries(agencies.map((a) => [a.id, a.name]))}
          prefix="sub"
          value={form.agencyId}
          errors={errors}
          optional
        />
        <button type="submit">添加订阅</button>
      </form>
      <h2>最近的发送记录</h2>
      {deliveries.length === 0 ? <p>还没有发送记录。</p> : null}
      {deliveries.length > 0 ? (
        <table class="responsive">
          <thead>
            <tr>
              <th>时间</th>
              <th>接收地址</th>
              <th>内容</th>
              <th>状态</th>
              <th>原因</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((d) => (
              <tr>
                <td>{(d.deliveredAt ?? d.failedAt ?? d.updatedAt).slice(0, 16).replace('T', ' ')}</td>
                <td>
                  <code class="target">{targetOf(d.subscriptionId)}</code>
                </td>
                <td>{eventLabel(d.event)}</td>
                <td>
                  <DeliveryStatus delivery={d} />
                  {d.attempts > 1 ? ` （第 ${d.attempts} 次）` : ''}
                </td>
                <td>{d.reason ?? (d.httpStatus ? `HTTP ${d.httpStatus}` : '')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Page>
  );
}

/** 删除订阅: the check before an irreversible step. */
export function DeleteSubscriptionPage({ ctx, subscription, agencyName }: { ctx: Ctx; subscription: SubscriptionView; agencyName: string }) {
  return (
    <Page title="删除订阅" identity={ctx.identity} csrf={ctx.csrf}>
      <h1>删除这个订阅？</h1>
      <dl class="summary">
        <dt>渠道</dt>
        <dd>{channelChoices[subscription.channel] ?? subscription.channel}</dd>
        <dt>接收地址</dt>
        <dd>
          <code class="target">{subscription.target}</code>
        </dd>
        <dt>机关</dt>
        <dd>{agencyName}</dd>
        <dt>提醒事项</dt>
        <dd>{subscription.events.map(eventLabel).join('、')}</dd>
      </dl>
      <p>删除后不再向该地址推送提醒；已有的发送记录保留。</p>
      <form method="post" action={`/console/subscriptions/${subscription.id}/delete`}>
        <Hidden csrf={ctx.csrf} />
        <button type="submit" class="warning">
          确认删除
        </button>
      </form>
      <p>
        <a href="/console/subscriptions">返回，不删除</a>
      </p>
    </Page>
  );
}
