import type { Logger } from '../log/logger';
import { LOCAL_BACKOFF, retryDelayMs } from './backoff';
import type { BusEvent, Notifier } from './deliver';

export interface LocalDeliveryOptions {
  /** tries per delivery, as the queue's maxReceiveCount in AWS (default 4) */
  maxAttempts?: number;
  /** the first pause; it doubles each time (default 1 s: 1, 2, 4 s) */
  backoffMs?: number;
  /** waits that long (default a timer; tests move a clock instead) */
  sleep?: (ms: number) => Promise<void>;
  log: Logger;
}

/** A burst deferred by pacing is delivered over the next minutes; this bounds how many (an hour's worth). */
const MAX_DEFERRED_ROUNDS = 60;

const timer = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Locally there is no bus or queue: what the sweep would put on the bus is delivered right away by
 * the same Notifier, retried in process on the backoff schedule (backoff.ts, here 1, 2, 4 s),
 * never sooner than a target or the pacing asked. A round in which an event's deliveries were only
 * deferred (its robots' budget for the minute was spent) does not count as one of its tries: the
 * rest of a burst goes out in the following minutes. It never throws: a failing channel never
 * makes the sweep fail.
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
  const schedule = { ...LOCAL_BACKOFF, firstMs: options.backoffMs ?? LOCAL_BACKOFF.firstMs };
  const sleep = options.sleep ?? timer;
  let pending = events.map((event) => ({ event, attempt: 1 }));
  for (let round = 1; pending.length > 0 && round <= maxAttempts + MAX_DEFERRED_ROUNDS; round++) {
    const results = await notifier.run(pending.map(({ event, attempt }) => ({ event, attempt: { number: attempt, final: attempt >= maxAttempts } })));
    const next: typeof pending = [];
    let wait = 0;
    pending.forEach((p, i) => {
      const result = results[i];
      if (!result?.retry) return;
      next.push({ event: p.event, attempt: result.tries > 0 ? p.attempt + 1 : p.attempt });
      wait = Math.max(wait, retryDelayMs(result.tries, schedule, result.retryHintMs !== undefined ? { hintMs: result.retryHintMs } : {}));
    });
    pending = next;
    if (pending.length > 0) await sleep(wait);
  }
  if (pending.length > 0) options.log.warn('deliveries left pending after the local rounds', { events: pending.length });
}
