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
import { pace, perMinute, type PaceCounter } from './pacing';
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
  /** messages per robot and minute (pacing.ts); without it nothing is paced */
  pace?: PaceCounter;
  /** jitter (default Math.random) */
  random?: () => number;
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
  /** some delivery of this event should be tried again later (failed for now, or deferred by pacing) */
  retry: boolean;
  /** some delivery ran out of retries on this last attempt (in AWS the message goes on to the DLQ) */
  exhausted: boolean;
  delivered: number;
  failed: number;
  /** deliveries not sent: their robot's budget for the minute was spent (not counted as attempts) */
  deferred: number;
  /** the most tries made so far by a delivery to retry (0: only deferred), for the backoff schedule */
  tries: number;
  /** the least wait before the next try, when a target, a robot or the pacing asked for one */
  retryHintMs?: number;
}

/** A worker that took a delivery holds it this long; after that (a crash) another may try. */
export const LEASE_MS = 2 * 60_000;

/**
 * Delivers notices to subscriptions, each notice to each subscription once: a delivery record
 * keyed by both is created (or taken) before the message goes out, and a delivery already made,
 * refused for good or being sent by another worker is skipped. A robot's messages are paced
 * (pacing.ts): one over its budget for the minute is deferred — left pending, its attempt not
 * counted — and its event comes back next minute. The same code runs in the notifier Lambda (SQS
 * redelivers what should be retried, after the backoff sqs.ts sets) and after the sweep locally
 * (retried in process).
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
        // Not before the lease of a delivery taken by this try has run out, or it would be skipped.
        results.push({ retry: !attempt.final, exhausted: attempt.final, delivered: 0, failed: 0, deferred: 0, tries: attempt.number, retryHintMs: LEASE_MS });
      }
    }
    return results;
  }

  /** Sends a test message now (one attempt) and returns its delivery record. */
  async test(subscription: Subscription, testId: string): Promise<Delivery | undefined> {
    const noticeId = `test|${testId}`;
    const draft: DeliveryDraft = { id: deliveryId(subscription.id, noticeId), subscriptionId: subscription.id, channel: subscription.channel, noticeId, event: 'subscription-test' };
    // A clerk's test is one message, sent now: it is not paced.
    await this.deliver(subscription, draft, (ctx) => testMessage(ctx), { number: 1, final: true }, new Map(), false);
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
        return summarize([]);
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
    if (daily.length === 0) return summarize([]);
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
        if (mine.length === 0) return Promise.resolve(skipped);
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
    paced = true,
  ): Promise<Outcome> {
    const { deps } = this;
    const now = deps.now ?? Date.now;
    const at = chinaDateTime(deps.clock.now());
    const delivery = await deps.deliveries.begin(draft, at, now(), LEASE_MS);
    if (!delivery) return skipped;
    const message = build({ consoleBaseUrl: deps.consoleBaseUrl, agencyName: (id) => names.get(id) ?? id, at: delivery.createdAt });
    const log = deps.log.child({ deliveryId: draft.id, subscriptionId: subscription.id, channel: subscription.channel, attempt: delivery.attempts });
    let result: SendResult | undefined;
    let target: string | undefined;
    let secret: string | undefined;
    try {
      target = await deps.box.open(subscription.targetSealed, `${subscription.id}:target`);
      secret = subscription.secretSealed ? await deps.box.open(subscription.secretSealed, `${subscription.id}:secret`) : undefined;
    } catch (error) {
      deps.log.error('subscription secrets could not be opened', { error, subscriptionId: subscription.id });
      result = { ok: false, retryable: true, reason: '无法读取订阅的地址或密钥（密钥配置错误？）' };
    }
    if (target !== undefined && paced && deps.pace) {
      const decision = await pace(deps.pace, subscription.channel, target, now(), deps.random);
      if (!decision.ok) {
        const reason = `该机器人本分钟的发送额度（每分钟${perMinute[subscription.channel] ?? ''}条）已用完，推迟到下一分钟发送`;
        if (!attempt.final) {
          // Not an attempt: the record keeps its count and the message comes back next minute.
          await deps.deliveries.defer(draft.id, reason, chinaDateTime(deps.clock.now()));
          log.info('notification deferred: the robot’s budget for this minute is spent', { waitMs: decision.waitMs });
          return { kind: 'deferred', tries: 0, hintMs: decision.waitMs };
        }
        result = { ok: false, retryable: true, reason: `${reason}；已到最后一次机会，仍未发出`, retryAfterMs: decision.waitMs };
      }
    }
    if (result === undefined && target !== undefined) {
      result = await sendOn(subscription.channel, message, {
        target,
        ...(secret ? { secret } : {}),
        deliveryId: draft.id,
        post: deps.post,
        email: deps.email,
        now,
        timeoutMs: deps.timeoutMs ?? 5000,
      });
    }
    const sent: SendResult = result ?? { ok: false, retryable: true, reason: '未知错误' };
    // A failing subscription gets one try per message: it is reported, not retried forever.
    const final = attempt.final || subscription.status === 'failing';
    const doneAt = chinaDateTime(deps.clock.now());
    if (sent.ok) {
      await deps.deliveries.finish(draft.id, sent, 'delivered', doneAt);
      if (subscription.status !== 'active' || subscription.consecutiveFailures > 0) await deps.subscriptions.recordOutcome(subscription.id, { ok: true, at: doneAt });
      log.info('notification delivered', { event: draft.event });
      return { kind: 'delivered' };
    }
    if (sent.retryable && !final) {
      await deps.deliveries.finish(draft.id, sent, 'pending', doneAt);
      log.warn('notification not delivered, will retry', { reason: sent.reason, httpStatus: sent.httpStatus, retryAfterMs: sent.retryAfterMs });
      return { kind: 'retry', tries: delivery.attempts, ...(sent.retryAfterMs !== undefined ? { hintMs: sent.retryAfterMs } : {}) };
    }
    const reason = sent.retryable ? `已尝试${delivery.attempts}次仍未送达：${sent.reason ?? ''}` : (sent.reason ?? '目标拒绝接收');
    await deps.deliveries.finish(draft.id, { ...sent, reason }, 'failed', doneAt);
    await deps.subscriptions.recordOutcome(subscription.id, { ok: false, at: doneAt, reason, permanent: !sent.retryable });
    log.warn('notification failed', { reason, httpStatus: sent.httpStatus });
    return { kind: sent.retryable && attempt.final ? 'exhausted' : 'failed' };
  }
}

/** How one delivery went; `tries` and `hintMs` say when a retried or deferred one should come back. */
type Outcome =
  | { kind: 'delivered' | 'failed' | 'exhausted' | 'skipped' }
  | { kind: 'retry' | 'deferred'; tries: number; hintMs?: number };

const skipped: Outcome = { kind: 'skipped' };

function summarize(outcomes: readonly Outcome[]): RunResult {
  let tries = 0;
  let hint: number | undefined;
  for (const o of outcomes) {
    if (o.kind !== 'retry' && o.kind !== 'deferred') continue;
    tries = Math.max(tries, o.tries);
    if (o.hintMs !== undefined) hint = Math.max(hint ?? 0, o.hintMs);
  }
  // One message carries the event for all its deliveries: it comes back when the latest of them
  // is due, so none is tried sooner than its own backoff (an earlier one merely waits longer).
  return {
    retry: outcomes.some((o) => o.kind === 'retry' || o.kind === 'deferred'),
    exhausted: outcomes.some((o) => o.kind === 'exhausted'),
    delivered: outcomes.filter((o) => o.kind === 'delivered').length,
    failed: outcomes.filter((o) => o.kind === 'failed' || o.kind === 'exhausted').length,
    deferred: outcomes.filter((o) => o.kind === 'deferred').length,
    tries,
    ...(hint !== undefined ? { retryHintMs: hint } : {}),
  };
}
