import type { AgencyRepository } from '../domain/agencies';
import type { Alert, AlertRepository } from '../domain/alerts';
import { chinaDateTime, type Clock } from '../domain/clock';
import type { Logger } from '../log/logger';
import { sendOn } from './channels';
import type { EmailSender } from './channels/email';
import type { OutgoingMessage, SendResult } from './channels/result';
import { deliveryId, type Delivery, type DeliveryDraft, type DeliveryRepository } from './deliveries';
import {
  detailTypes,
  noticeOfAlert,
  noticeOfDeemedAcceptance,
  noticeOfMonthlyReport,
  type DeemedAcceptanceDetail,
  type Notice,
} from '../domain/notifications';
import type { PostJson } from './http-post';
import { digestMessage, noticeMessage, testMessage, type MessageContext } from './message';
import type { SecretBox } from './secret-box';
import { wants, type Subscription, type SubscriptionRepository } from './subscriptions';

export interface NotifierDeps {
  subscriptions: SubscriptionRepository;
  deliveries: DeliveryRepository;
  alerts: Pick<AlertRepository, 'since'>;
  agencies: Pick<AgencyRepository, 'get'>;
  box: SecretBox;
  post: PostJson;
  email: EmailSender;
  /** business time: the records' dates */
  clock: Clock;
  /** wall time for the transport's signatures (default Date.now) */
  now?: () => number;
  log: Logger;
  /** the console's base URL for links (CONSOLE_BASE_URL) */
  consoleBaseUrl: string;
  /** per request (default 5 s) */
  timeoutMs?: number;
}

/** Which try this is; on the last one a failure is recorded as `failed` instead of retried. */
export interface Attempt {
  number: number;
  final: boolean;
}

/** One event from the bus (the sweep's detail types, see events.ts). */
export interface BusEvent {
  detailType: string;
  detail: unknown;
}

export interface RunResult {
  /** some delivery of this event should be tried again later */
  retry: boolean;
  /** some delivery ran out of retries on this last attempt (in AWS the message goes on to the DLQ) */
  exhausted: boolean;
  delivered: number;
  failed: number;
}

/** A worker that took a delivery holds it this long; after that (a crash) another may try. */
const LEASE_MS = 2 * 60_000;

/**
 * Delivers notices to subscriptions, each notice to each subscription once: a delivery record
 * keyed by both is created (or taken) before the message goes out, and a delivery already made,
 * refused for good or being sent by another worker is skipped. The same code runs in the notifier
 * Lambda (SQS redelivers what should be retried) and after the sweep locally (retried in process).
 */
export class Notifier {
  constructor(private readonly deps: NotifierDeps) {}

  /** Events of one batch: subscriptions and agency names are read once for all of them. */
  async run(events: readonly { event: BusEvent; attempt: Attempt }[]): Promise<RunResult[]> {
    const subscriptions = await this.deps.subscriptions.all();
    const names = new Map<string, string>();
    const results: RunResult[] = [];
    for (const { event, attempt } of events) {
      try {
        results.push(await this.dispatch(event, attempt, subscriptions, names));
      } catch (error) {
        // The store failing is worth another try of the whole event; what was delivered is skipped then.
        this.deps.log.error('notification event failed', { error, detailType: event.detailType });
        results.push({ retry: !attempt.final, exhausted: attempt.final, delivered: 0, failed: 0 });
      }
    }
    return results;
  }

  /** Sends a test message now (one attempt) and returns its delivery record. */
  async test(subscription: Subscription, testId: string): Promise<Delivery | undefined> {
    const noticeId = `test|${testId}`;
    const draft: DeliveryDraft = { id: deliveryId(subscription.id, noticeId), subscriptionId: subscription.id, channel: subscription.channel, noticeId, event: 'subscription-test' };
    await this.deliver(subscription, draft, (ctx) => testMessage(ctx), { number: 1, final: true }, new Map());
    return this.deps.deliveries.get(draft.id);
  }

  private async dispatch(event: BusEvent, attempt: Attempt, subscriptions: Subscription[], names: Map<string, string>): Promise<RunResult> {
    switch (event.detailType) {
      case detailTypes.alert:
        return this.notify(noticeOfAlert(event.detail as Alert), attempt, subscriptions, names);
      case detailTypes.deemedAcceptance:
        return this.notify(noticeOfDeemedAcceptance(event.detail as DeemedAcceptanceDetail), attempt, subscriptions, names);
      case detailTypes.monthly:
        return this.notify(noticeOfMonthlyReport(event.detail as { month: string; generatedOn: string }), attempt, subscriptions, names);
      case detailTypes.digest:
        return this.digest((event.detail as { date: string }).date, attempt, subscriptions, names);
      default:
        this.deps.log.warn('event of no interest to the notifier', { detailType: event.detailType });
        return { retry: false, exhausted: false, delivered: 0, failed: 0 };
    }
  }

  private async notify(notice: Notice, attempt: Attempt, subscriptions: Subscription[], names: Map<string, string>): Promise<RunResult> {
    await this.loadNames(names, [notice]);
    const targets = subscriptions.filter((s) => wants(s, notice, 'immediate'));
    const outcomes = await Promise.all(
      targets.map((subscription) => {
        const draft: DeliveryDraft = {
          id: deliveryId(subscription.id, notice.id),
          subscriptionId: subscription.id,
          channel: subscription.channel,
          noticeId: notice.id,
          event: notice.event,
          ...(notice.caseId ? { caseId: notice.caseId } : {}),
        };
        return this.deliver(subscription, draft, (ctx) => noticeMessage(notice, ctx), attempt, names);
      }),
    );
    return summarize(outcomes);
  }

  /** The day's alerts in one message to each `daily` subscription (the sweep asks at 08:00 China time). */
  private async digest(date: string, attempt: Attempt, subscriptions: Subscription[], names: Map<string, string>): Promise<RunResult> {
    const daily = subscriptions.filter((s) => s.digest === 'daily');
    if (daily.length === 0) return { retry: false, exhausted: false, delivered: 0, failed: 0 };
    const notices: Notice[] = [];
    let after: Record<string, unknown> | undefined;
    do {
      const page = await this.deps.alerts.since(date, { limit: 200, ...(after ? { after } : {}) });
      notices.push(...page.items.filter((a) => a.raisedOn === date).map(noticeOfAlert));
      after = page.last;
    } while (after);
    await this.loadNames(names, notices);
    const noticeId = `digest|${date}`;
    const outcomes = await Promise.all(
      daily.map((subscription) => {
        const mine = notices.filter((n) => wants(subscription, n, 'daily'));
        if (mine.length === 0) return Promise.resolve('skipped' as const);
        const draft: DeliveryDraft = { id: deliveryId(subscription.id, noticeId), subscriptionId: subscription.id, channel: subscription.channel, noticeId, event: 'notification-digest' };
        return this.deliver(subscription, draft, (ctx) => digestMessage(date, mine, ctx), attempt, names);
      }),
    );
    return summarize(outcomes);
  }

  private async loadNames(names: Map<string, string>, notices: readonly Notice[]): Promise<void> {
    const missing = [...new Set(notices.map((n) => n.agencyId).filter((id): id is string => id !== undefined && !names.has(id)))];
    await Promise.all(
      missing.map(async (id) => {
        names.set(id, (await this.deps.agencies.get(id))?.name ?? id);
      }),
    );
  }

  private async deliver(
    subscription: Subscription,
    draft: DeliveryDraft,
    build: (ctx: MessageContext) => OutgoingMessage,
    attempt: Attempt,
    names: Map<string, string>,
  ): Promise<Outcome> {
    const { deps } = this;
    const now = deps.now ?? Date.now;
    const at = chinaDateTime(deps.clock.now());
    const delivery = await deps.deliveries.begin(draft, at, now(), LEASE_MS);
    if (!delivery) return 'skipped';
    const message = build({ consoleBaseUrl: deps.consoleBaseUrl, agencyName: (id) => names.get(id) ?? id, at: delivery.createdAt });
    let result: SendResult;
    try {
      const target = await deps.box.open(subscription.targetSealed, `${subscription.id}:target`);
      const secret = subscription.secretSealed ? await deps.box.open(subscription.secretSealed, `${subscription.id}:secret`) : undefined;
      result = await sendOn(subscription.channel, message, {
        target,
        ...(secret ? { secret } : {}),
        deliveryId: draft.id,
        post: deps.post,
        email: deps.email,
        now,
        timeoutMs: deps.timeoutMs ?? 5000,
      });
    } catch (error) {
      deps.log.error('subscription secrets could not be opened', { error, subscriptionId: subscription.id });
      result = { ok: false, retryable: true, reason: '无法读取订阅的地址或密钥（密钥配置错误？）' };
    }
    // A failing subscription gets one try per message: it is reported, not retried forever.
    const final = attempt.final || subscription.status === 'failing';
    const doneAt = chinaDateTime(deps.clock.now());
    const log = deps.log.child({ deliveryId: draft.id, subscriptionId: subscription.id, channel: subscription.channel, attempt: delivery.attempts });
    if (result.ok) {
      await deps.deliveries.finish(draft.id, result, 'delivered', doneAt);
      if (subscription.status !== 'active' || subscription.consecutiveFailures > 0) await deps.subscriptions.recordOutcome(subscription.id, { ok: true, at: doneAt });
      log.info('notification delivered', { event: draft.event });
      return 'delivered';
    }
    if (result.retryable && !final) {
      await deps.deliveries.finish(draft.id, result, 'pending', doneAt);
      log.warn('notification not delivered, will retry', { reason: result.reason, httpStatus: result.httpStatus });
      return 'retry';
    }
    const reason = result.retryable ? `已尝试${delivery.attempts}次仍未送达：${result.reason ?? ''}` : (result.reason ?? '目标拒绝接收');
    await deps.deliveries.finish(draft.id, { ...result, reason }, 'failed', doneAt);
    await deps.subscriptions.recordOutcome(subscription.id, { ok: false, at: doneAt, reason, permanent: !result.retryable });
    log.warn('notification failed', { reason, httpStatus: result.httpStatus });
    return result.retryable && attempt.final ? 'exhausted' : 'failed';
  }
}

type Outcome = 'delivered' | 'failed' | 'exhausted' | 'retry' | 'skipped';

function summarize(outcomes: readonly Outcome[]): RunResult {
  return {
    retry: outcomes.includes('retry'),
    exhausted: outcomes.includes('exhausted'),
    delivered: outcomes.filter((o) => o === 'delivered').length,
    failed: outcomes.filter((o) => o === 'failed' || o === 'exhausted').length,
  };
}
