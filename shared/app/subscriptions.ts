import { actorOf, type Identity } from '../auth/identity';
import type { AgencyRepository } from '../domain/agencies';
import { chinaDateTime, type Clock } from '../domain/clock';
import { AppError, idempotencyKeyReused, notFound, type FieldError } from '../domain/errors';
import type { DeliveryStatus } from '../domain/notifications';
import type { Page } from '../domain/paging';
import { pageOf, pageRequest } from '../http/paging';
import type { Delivery, DeliveryRepository } from '../notify/deliveries';
import type { Notifier } from '../notify/deliver';
import type { SecretBox } from '../notify/secret-box';
import type { ResolveAll } from '../notify/target-address';
import {
  checkSubscriptionInput,
  checkTargetResolves,
  maskTarget,
  newSigningSecret,
  subscriptionView,
  type Subscription,
  type SubscriptionInput,
  type SubscriptionRepository,
  type TargetPolicy,
} from '../notify/subscriptions';
import { permit } from './access';

export interface SubscriptionDeps {
  subscriptions: SubscriptionRepository;
  deliveries: DeliveryRepository;
  agencies: Pick<AgencyRepository, 'get'>;
  /** sends the test messages */
  notifier: Pick<Notifier, 'test'>;
  secretBox: SecretBox;
  targetPolicy: TargetPolicy;
  newId: () => string;
  clock: Clock;
  /** DNS for the creation-time SSRF guard (tests answer it themselves); default the system's */
  resolve?: ResolveAll;
}

/** Notifications are the legal office's (API.md, "Notifications"). */
const office = ['legal-office'] as const;

export type SubscriptionView = ReturnType<typeof subscriptionView>;
/** A new subscription as its creator sees it once: a webhook's signing secret with it. */
export type CreatedSubscription = SubscriptionView & { signingSecret?: string };

const subscriptionNotFound = (id: string) => notFound({ zh: `订阅 ${id}`, en: `subscription ${id}` });

/** What the schema cannot say: the target per channel, who brings a secret, that the agency exists. */
async function check(deps: SubscriptionDeps, input: SubscriptionInput): Promise<void> {
  const errors: FieldError[] = checkSubscriptionInput(input, deps.targetPolicy);
  // A host name that resolves only to private or loopback addresses is no target (SSRF), judged once the form of the target is right.
  if (errors.length === 0) errors.push(...(await checkTargetResolves(input, deps.targetPolicy, ...(deps.resolve ? [deps.resolve] : []))));
  if (input.agencyId !== undefined && !(await deps.agencies.get(input.agencyId))) {
    errors.push({ in: 'body', path: 'agencyId', message: { zh: '没有这个机关', en: 'no such agency' } });
  }
  if (errors.length > 0) {
    const paths = errors.map((e) => e.path).join(', ');
    throw new AppError('invalid', 'VALIDATION_FAILED', { zh: `订阅内容有误：${paths}`, en: `the subscription is invalid: ${paths}` }, { errors });
  }
}

/** The same subscription as the input (a form sent twice): its channel, masked target, agency, events and digest. */
function sameAs(existing: Subscription, input: SubscriptionInput): boolean {
  return (
    existing.channel === input.channel &&
    existing.targetShown === maskTarget(input.channel, input.target) &&
    existing.agencyId === input.agencyId &&
    existing.digest === input.digest &&
    [...existing.events].sort().join() === [...new Set(input.events)].sort().join()
  );
}

/** The answer to a repeated creation: the subscription as first answered, its signing secret opened again for its creator. */
async function replay(deps: SubscriptionDeps, identity: Identity, existing: Subscription, input: SubscriptionInput): Promise<CreatedSubscription> {
  if (existing.createdBy.sub !== identity.sub || !sameAs(existing, input)) throw idempotencyKeyReused();
  const signingSecret =
    existing.channel === 'webhook' && existing.secretSealed ? await deps.secretBox.open(existing.secretSealed, `${existing.id}:secret`) : undefined;
  return { ...subscriptionView(existing), ...(signingSecret ? { signingSecret } : {}) };
}

/**
 * 新增订阅 (legal office). Standard Webhooks: the server makes a webhook's signing secret and
 * shows it this once. `id`: the console's form key (a ULID made when the form was shown), so a
 * form sent twice creates one subscription and answers the same both times.
 */
export async function createSubscription(
  deps: SubscriptionDeps,
  identity: Identity,
  input: SubscriptionInput,
  options: { id?: string | undefined } = {},
): Promise<CreatedSubscription> {
  permit(identity, office);
  await check(deps, input);
  const id = options.id ?? deps.newId();
  if (options.id !== undefined) {
    const existing = await deps.subscriptions.get(id);
    if (existing) return replay(deps, identity, existing, input);
  }
  const signingSecret = input.channel === 'webhook' ? newSigningSecret() : undefined;
  const secret = signingSecret ?? input.secret;
  const subscription: Subscription = {
    id,
    ...(input.agencyId !== undefined ? { agencyId: input.agencyId } : {}),
    channel: input.channel,
    targetSealed: await deps.secretBox.seal(input.target, `${id}:target`),
    targetShown: maskTarget(input.channel, input.target),
    ...(secret !== undefined ? { secretSealed: await deps.secretBox.seal(secret, `${id}:secret`) } : {}),
    events: [...new Set(input.events)],
    digest: input.digest,
    status: 'active',
    consecutiveFailures: 0,
    createdAt: chinaDateTime(deps.clock.now()),
    createdBy: actorOf(identity),
  };
  try {
    await deps.subscriptions.create(subscription);
  } catch (error) {
    // The same form's twin won the race: answer as it was answered.
    const existing = options.id !== undefined && error instanceof Error && error.name === 'ConditionalCheckFailedException' ? await deps.subscriptions.get(id) : undefined;
    if (existing) return replay(deps, identity, existing, input);
    throw error;
  }
  return { ...subscriptionView(subscription), ...(signingSecret ? { signingSecret } : {}) };
}

/** The subscriptions, oldest first (legal office). */
export async function listSubscriptions(
  deps: Pick<SubscriptionDeps, 'subscriptions'>,
  identity: Identity,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<SubscriptionView>> {
  permit(identity, office);
  const cursorScope = 'subscriptions';
  return pageOf(await deps.subscriptions.list(pageRequest(page, cursorScope)), cursorScope, subscriptionView);
}

/** One subscription as listings show it (legal office). */
export async function getSubscription(deps: Pick<SubscriptionDeps, 'subscriptions'>, identity: Identity, id: string): Promise<SubscriptionView> {
  permit(identity, office);
  const subscription = await deps.subscriptions.get(id);
  if (!subscription) throw subscriptionNotFound(id);
  return subscriptionView(subscription);
}

/** 删除订阅 (legal office); its delivery log stays. */
export async function deleteSubscription(deps: Pick<SubscriptionDeps, 'subscriptions'>, identity: Identity, id: string): Promise<void> {
  permit(identity, office);
  if (!(await deps.subscriptions.delete(id))) throw subscriptionNotFound(id);
}

/** 发送测试消息 now, one attempt (legal office): the delivery, delivered or failed with its reason. */
export async function testSubscription(deps: SubscriptionDeps, identity: Identity, id: string): Promise<Delivery> {
  permit(identity, office);
  const subscription = await deps.subscriptions.get(id);
  if (!subscription) throw subscriptionNotFound(id);
  const delivery = await deps.notifier.test(subscription, deps.newId());
  if (!delivery) {
    throw new AppError('unavailable', 'TEST_NOT_SENT', { zh: '测试消息未能发出，请稍后再试', en: 'the test message could not be sent; try again' }, { retryAfter: 1 });
  }
  return delivery;
}

/** The delivery log, newest first (legal office). */
export async function listDeliveries(
  deps: Pick<SubscriptionDeps, 'deliveries'>,
  identity: Identity,
  filter: { subscriptionId?: string | undefined; status?: DeliveryStatus | undefined },
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<Delivery>> {
  permit(identity, office);
  const cursorScope = `deliveries|${filter.subscriptionId ?? ''}|${filter.status ?? ''}`;
  const stored = await deps.deliveries.list(
    { ...(filter.subscriptionId ? { subscriptionId: filter.subscriptionId } : {}), ...(filter.status ? { status: filter.status } : {}) },
    pageRequest(page, cursorScope),
  );
  return pageOf(stored, cursorScope);
}
