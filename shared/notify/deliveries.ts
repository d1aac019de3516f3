import { createHash } from 'node:crypto';
import type { PageRequest, StorePage } from '../domain/paging';
import type { SendResult } from './channels/result';
import type { Channel, DeliveryStatus, NotificationEvent } from '../domain/notifications';

/** One notice to one subscription: the delivery log's entry and the guard that sends it once. */
export interface Delivery {
  /** from the subscription and the notice, so a second sweep or a retry finds the same record */
  id: string;
  subscriptionId: string;
  channel: Channel;
  noticeId: string;
  event: NotificationEvent | 'notification-digest' | 'subscription-test';
  caseId?: string;
  status: DeliveryStatus;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  deliveredAt?: string;
  failedAt?: string;
  httpStatus?: number;
  /** why the last attempt failed (Chinese) */
  reason?: string;
  note?: string;
}

export type DeliveryDraft = Pick<Delivery, 'id' | 'subscriptionId' | 'channel' | 'noticeId' | 'event' | 'caseId'>;

export interface DeliveryRepository {
  /**
   * Takes the next attempt of a delivery: creates the record (pending) unless it exists, else
   * takes it if it is still pending (or failed after all retries, when redriven) and no other
   * worker holds it. undefined: delivered, failed for good, or being sent by someone else.
   */
  begin(draft: DeliveryDraft, at: string, nowMs: number, leaseMs: number): Promise<Delivery | undefined>;
  /**
   * Gives back a delivery taken by `begin` but not sent (its robot's budget for the minute is
   * spent): the attempt is not counted, the lease is dropped, it stays pending with the reason.
   */
  defer(id: string, reason: string, at: string): Promise<void>;
  /** Records the attempt's result: delivered, pending again (to be retried) or failed. */
  finish(id: string, result: SendResult, status: DeliveryStatus, at: string): Promise<void>;
  get(id: string): Promise<Delivery | undefined>;
  list(filter: { subscriptionId?: string; status?: DeliveryStatus }, page: PageRequest): Promise<StorePage<Delivery>>;
}

/** `msg_…`: the Standard Webhooks message id, stable for a notice × subscription. */
export function deliveryId(subscriptionId: string, noticeId: string): string {
  return `msg_${createHash('sha256').update(`${subscriptionId}\n${noticeId}`).digest('base64url').slice(0, 32)}`;
}
