import * as z from 'zod/mini';
import { defineRoute } from '../route';
import { lazy, pageOf, pageQuery } from '../schemas/common';
import { DeliveryQuery, DeliverySchema, NewSubscription, SubscriptionId, SubscriptionSchema } from '../schemas/subscriptions';
import { problems } from './responses';

const subscriptionParams = lazy(() => z.strictObject({ subscriptionId: SubscriptionId() }));

export const createSubscription = defineRoute({
  method: 'post',
  path: '/subscriptions',
  operationId: 'createSubscription',
  summary: 'Subscribe a group robot, a webhook or a mailbox to alerts',
  description:
    'The target must be https (plain http only to a loopback address when running locally). A webhook’s `signingSecret` (whsec_…) is in this answer only; secrets are stored encrypted and never returned.',
  tags: ['notifications'],
  access: ['legal-office'],
  body: NewSubscription,
  responses: {
    201: { description: 'The subscription, with its Location', schema: SubscriptionSchema },
    ...problems(400, 401, 403, 413),
  },
});

export const listSubscriptions = defineRoute({
  method: 'get',
  path: '/subscriptions',
  operationId: 'listSubscriptions',
  summary: 'The subscriptions, with their state (failing after deliveries failed for good)',
  tags: ['notifications'],
  access: ['legal-office'],
  query: lazy(() => z.strictObject({ ...pageQuery() })),
  responses: {
    200: { description: 'One page of subscriptions, oldest first', schema: pageOf(SubscriptionSchema) },
    ...problems(400, 401, 403),
  },
});

export const deleteSubscription = defineRoute({
  method: 'delete',
  path: '/subscriptions/{subscriptionId}',
  operationId: 'deleteSubscription',
  summary: 'Stop a subscription (its delivery log stays)',
  tags: ['notifications'],
  access: ['legal-office'],
  params: subscriptionParams,
  responses: {
    204: { description: 'Deleted' },
    ...problems(400, 401, 403, 404),
  },
});

export const testSubscription = defineRoute({
  method: 'post',
  path: '/subscriptions/{subscriptionId}/test',
  operationId: 'testSubscription',
  summary: 'Send a test message now and report how it went',
  tags: ['notifications'],
  access: ['legal-office'],
  params: subscriptionParams,
  responses: {
    200: { description: 'The test delivery: delivered, or failed with the reason', schema: DeliverySchema },
    ...problems(400, 401, 403, 404),
  },
});

export const listDeliveries = defineRoute({
  method: 'get',
  path: '/deliveries',
  operationId: 'listDeliveries',
  summary: 'The delivery log, newest first',
  tags: ['notifications'],
  access: ['legal-office'],
  query: DeliveryQuery,
  responses: {
    200: { description: 'One page of deliveries', schema: pageOf(DeliverySchema) },
    ...problems(400, 401, 403),
  },
});

export const subscriptionContracts = [createSubscription, listSubscriptions, deleteSubscription, testSubscription, listDeliveries];
