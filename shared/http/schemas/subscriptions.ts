import * as z from 'zod/mini';
import { deliveryStatuses, digestModes, notificationChannels, notificationEvents } from '../../domain/notifications';
import { AgencyId } from './agencies';
import type { Localized } from '../../domain/errors';
import { localized } from '../validation';
import { enumOf, lazy, named, pageQuery } from './common';

const Ulid = (what: Localized) =>
  z.string().check(
    z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, localized({ zh: `应为${what.zh}编号（26位）`, en: `must be ${what.en} id (26-character ULID)` })),
  );

export const SubscriptionId = lazy(() => Ulid({ zh: '订阅', en: 'a subscription' }));

export const NewSubscription = named(
  'NewSubscription',
  () =>
    z.strictObject({
      agencyId: z.optional(AgencyId()),
      channel: enumOf(notificationChannels),
      target: z.string().check(z.trim(), z.minLength(3), z.maxLength(2048)),
      secret: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
      events: z.array(enumOf(notificationEvents)).check(z.minLength(1), z.maxLength(5)),
      digest: z._default(enumOf(digestModes), 'immediate'),
    }),
  'Where to send alerts: a 企业微信 or 钉钉 group robot, a signed webhook (https) or an email address. No agencyId: the whole office. ' +
    '钉钉 needs its 加签 secret (SEC…); a webhook’s signing secret is generated and shown once.',
);

export const SubscriptionSchema = named(
  'Subscription',
  () =>
    z.object({
      id: z.string(),
      agencyId: z.optional(z.string()),
      channel: enumOf(notificationChannels),
      target: z.string(),
      events: z.array(enumOf(notificationEvents)),
      digest: enumOf(digestModes),
      status: z.enum(['active', 'failing']),
      hasSecret: z.boolean(),
      consecutiveFailures: z.int(),
      lastError: z.optional(z.object({ at: z.string(), reason: z.string() })),
      lastDeliveredAt: z.optional(z.string()),
      createdAt: z.string(),
      createdBy: z.object({ sub: z.string(), name: z.string() }),
      signingSecret: z.optional(z.string()),
    }),
  'A subscription; `target` shows a URL’s origin and path with query values masked. `signingSecret` (webhook) appears once, in the answer to its creation',
);

export const DeliverySchema = named(
  'Delivery',
  () =>
    z.object({
      id: z.string(),
      subscriptionId: z.string(),
      channel: enumOf(notificationChannels),
      noticeId: z.string(),
      event: z.string(),
      caseId: z.optional(z.string()),
      status: enumOf(deliveryStatuses),
      attempts: z.int(),
      createdAt: z.string(),
      updatedAt: z.string(),
      deliveredAt: z.optional(z.string()),
      failedAt: z.optional(z.string()),
      httpStatus: z.optional(z.int()),
      reason: z.optional(z.string()),
      note: z.optional(z.string()),
    }),
  'One notice to one subscription; `id` is the Standard Webhooks webhook-id',
);

export const DeliveryQuery = lazy(() =>
  z.strictObject({
    subscriptionId: z.optional(SubscriptionId()),
    status: z.optional(enumOf(deliveryStatuses)),
    ...pageQuery(),
  }),
);
