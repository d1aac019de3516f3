import {
  createSubscription as create,
  deleteSubscription as remove,
  listDeliveries as deliveries,
  listSubscriptions as list,
  testSubscription as test,
  type SubscriptionDeps,
} from '../../app/subscriptions';
import { createSubscription, deleteSubscription, listDeliveries, listSubscriptions, testSubscription } from '../contracts/subscriptions';
import { json } from '../respond';
import { routesFor } from '../route';

export type { SubscriptionDeps } from '../../app/subscriptions';

const route = routesFor<SubscriptionDeps>();

/** The subscription routes: HTTP in and out; who may, checking, sealing and test-sending are the use cases' (shared/app/subscriptions.ts), which the console calls too. */
export const subscriptionRoutes = [
  route(createSubscription, async ({ c, body, identity, deps }) => {
    const created = await create(deps, identity, body);
    return json(c, created, 201, { Location: `/subscriptions/${created.id}`, 'Cache-Control': 'no-store' });
  }),

  route(listSubscriptions, async ({ c, query, identity, deps }) => json(c, await list(deps, identity, query))),

  route(deleteSubscription, async ({ c, params, identity, deps }) => {
    await remove(deps, identity, params.subscriptionId);
    return c.body(null, 204);
  }),

  route(testSubscription, async ({ c, params, identity, deps }) => json(c, await test(deps, identity, params.subscriptionId))),

  route(listDeliveries, async ({ c, query, identity, deps }) => {
    const { limit, cursor, ...filter } = query;
    return json(c, await deliveries(deps, identity, filter, { limit, cursor }));
  }),
];
