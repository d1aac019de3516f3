import type { Logger } from '../log/logger';
import type { BusEvent, Notifier } from './deliver';

export interface LocalDeliveryOptions {
  /** tries per delivery, as the queue's maxReceiveCount in AWS (default 4) */
  maxAttempts?: number;
  /** the first pause; it doubles each time (default 1 s: 1, 2, 4 s) */
  backoffMs?: number;
  log: Logger;
}

/**
 * Locally there is no bus or queue: what the sweep would put on the bus is delivered right away by
 * the same Notifier, retried in process with exponential pauses. It never throws: a failing
 * channel never makes the sweep fail.
 */
export function localPublisher(notifier: Notifier, options: LocalDeliveryOptions) {
  return async (detailType: string, details: readonly object[]): Promise<void> => {
    try {
      await deliverLocally(notifier, details.map((detail) => ({ detailType, detail })), options);
    } catch (error) {
      options.log.error('local delivery failed', { error, detailType });
    }
  };
}

export async function deliverLocally(notifier: Notifier, events: readonly BusEvent[], options: LocalDeliveryOptions): Promise<void> {
  const maxAttempts = options.maxAttempts ?? 4;
  let pending = [...events];
  for (let attempt = 1; attempt <= maxAttempts && pending.length > 0; attempt++) {
    if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, (options.backoffMs ?? 1000) * 2 ** (attempt - 2)));
    const results = await notifier.run(pending.map((event) => ({ event, attempt: { number: attempt, final: attempt === maxAttempts } })));
    pending = pending.filter((_, i) => results[i]?.retry);
  }
}
