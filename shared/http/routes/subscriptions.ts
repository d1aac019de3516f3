import { actorOf } from '../../auth/identity';
import type { AgencyRepository } from '../../domain/agencies';
import { chinaDateTime, type Clock } from '../../domain/clock';
import { AppError, notFound, type FieldError } from '../../domain/errors';
import type { DeliveryRepository } from '../../notify/deliveries';
import type { Notifier } from '../../notify/deliver';
import type { SecretBox } from '../../notify/secret-box';
import {
  checkSubscriptionInput,
  maskTarget,
  newSigningSecret,
  subscriptionView,
  type Subscription,
  type SubscriptionRepository,
  type TargetPolicy,
} from '../../notify/subscriptions';
import { createSubscription, deleteSubscription, listDeliveries, listSubscriptions, testSubscription } from '../contracts/subscriptions';
import { pageOf, pageRequest } from '../paging';
import { json } from '../respond';
import { routesFor } from '../route';

export interface SubscriptionDeps {
  subscriptions: SubscriptionRepository;
  deliveries: DeliveryRepository;
  agencies: AgencyRepository;
  /** sends the test messages */
  notifier: Notifier;
  secretBox: SecretBox;
  targetPolicy: TargetPolicy;
  newId: () => string;
  clock: Clock;
}

const route = routesFor<SubscriptionDeps>();

export const subscriptionRoutes = [
  route(createSubscription, async ({ c, body, identity, deps }) => {
    const errors: FieldError[] = checkSubscriptionInput(body, deps.targetPolicy);
    if (body.agencyId !== undefined && !(await deps.agencies.get(body.agencyId))) {
      errors.push({ in: 'body', path: 'agencyId', message: { zh: '没有这个机关', en: 'no such agency' } });
    }
    if (errors.length > 0) {
      const paths = errors.map((e) => e.path).join(', ');
      throw new AppError('invalid', 'VALIDATION_FAILED', { zh: `订阅内容有误：${paths}`, en: `the subscription is invalid: ${paths}` }, { errors });
    }
    const id = deps.newId();
    // Standard Webhooks: the server makes the signing secret and shows it this once.
    const signingSecret = body.channel === 'webhook' ? newSigningSecret() : undefined;
    const secret = signingSecret ?? body.secret;
    const subscription: Subscription = {
      id,
      ...(body.agencyId !== undefined ? { agencyId: body.agencyId } : {}),
      channel: body.channel,
      targetSealed: await deps.secretBox.seal(body.target, `${id}:target`),
      targetShown: maskTarget(body.channel, body.target),
      ...(secret !== undefined ? { secretSealed: await deps.secretBox.seal(secret, `${id}:secret`) } : {}),
      events: [...new Set(body.events)],
      digest: body.digest,
      status: 'active',
      consecutiveFailures: 0,
      createdAt: chinaDateTime(deps.clock.now()),
      createdBy: actorOf(identity),
    };
    await deps.subscriptions.create(subscription);
    return json(c, { ...subscriptionView(subscription), ...(signingSecret ? { signingSecret } : {}) }, 201, {
      Location: `/subscriptions/${id}`,
      'Cache-Control': 'no-store',
    });
  }),

  route(listSubscriptions, async ({ c, query, deps }) => {
    const cursorScope = 'subscriptions';
    const page = await deps.subscriptions.list(pageRequest(query, cursorScope));
    return json(c, pageOf(page, cursorScope, subscriptionView));
  }),

  route(deleteSubscription, async ({ c, params, deps }) => {
    if (!(await deps.subscriptions.delete(params.subscriptionId))) throw notFound({ zh: `订阅 ${params.subscriptionId}`, en: `subscription ${params.subscriptionId}` });
    return c.body(null, 204);
  }),

  route(testSubscription, async ({ c, params, deps }) => {
    const subscription = await deps.subscriptions.get(params.subscriptionId);
    if (!subscription) throw notFound({ zh: `订阅 ${params.subscriptionId}`, en: `subscription ${params.subscriptionId}` });
    const delivery = await deps.notifier.test(subscription, deps.newId());
    if (!delivery) throw new AppError('unavailable', 'TEST_NOT_SENT', { zh: '测试消息未能发出，请稍后再试', en: 'the test message could not be sent; try again' }, { retryAfter: 1 });
    return json(c, delivery);
  }),

  route(listDeliveries, async ({ c, query, deps }) => {
    const { limit, cursor, ...filter } = query;
    const cursorScope = `deliveries|${filter.subscriptionId ?? ''}|${filter.status ?? ''}`;
    const page = await deps.deliveries.list(
      { ...(filter.subscriptionId ? { subscriptionId: filter.subscriptionId } : {}), ...(filter.status ? { status: filter.status } : {}) },
      pageRequest({ limit, ...(cursor ? { cursor } : {}) }, cursorScope),
    );
    return json(c, pageOf(page, cursorScope));
  }),
];
