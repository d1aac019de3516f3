/**
 * How long a delivery waits before its next try. One function for both transports: the notifier
 * Lambda sets the SQS message's visibility to it (ChangeMessageVisibility), the local runner sleeps
 * it. The pause grows with the tries already made (`firstMs × factor^(tries−1)`, capped), spread by
 * a random jitter so that deliveries failing together do not come back together, and is never
 * shorter than what the target asked for (`Retry-After`, a robot's rate-limit answer, the pacing
 * window).
 */
export interface BackoffSchedule {
  /** the pause after the first failed try */
  firstMs: number;
  /** each further failure multiplies it */
  factor: number;
  /** the longest scheduled pause (a target's own hint may ask for longer, up to MAX_DELAY_MS) */
  capMs: number;
  /** ± this fraction of the pause, at random (0: none) */
  jitter: number;
}

/**
 * In AWS: 30 s, 2 min, 8 min, 32 min, then 2 h each (± 20 %). With the queue's 8 receives
 * (infra/constructs/notifications.ts) a target that keeps failing is tried 8 times, the last about
 * 6 h 45 min after the first: an alert of the 08:00 sweep reaches the DLQ, and its alarm, within
 * the same working day, and a robot down for a morning still gets it.
 */
export const AWS_BACKOFF: BackoffSchedule = { firstMs: 30_000, factor: 4, capMs: 2 * 3_600_000, jitter: 0.2 };

/** Locally (`npm start`, `npm run sweep`): pauses of 1, 2, 4 s, as before; no jitter. */
export const LOCAL_BACKOFF: BackoffSchedule = { firstMs: 1000, factor: 2, capMs: 60_000, jitter: 0 };

/**
 * SQS refuses a visibility beyond 12 hours from the message's receipt (ChangeMessageVisibility,
 * "Maximum: 12 hours"); an hour less leaves room for the time the batch has already taken.
 */
export const MAX_DELAY_MS = 11 * 3_600_000;

/**
 * The pause before the next try. `tries`: tries already made and failed (0: none failed, e.g. a
 * delivery only deferred by pacing, which waits for `hintMs` alone). `hintMs`: the least the
 * target or the pacing asked for.
 */
export function retryDelayMs(tries: number, schedule: BackoffSchedule, options: { hintMs?: number; random?: () => number } = {}): number {
  const scheduled = tries >= 1 ? Math.min(schedule.capMs, schedule.firstMs * schedule.factor ** (tries - 1)) : 0;
  const spread = schedule.jitter > 0 ? 1 - schedule.jitter + 2 * schedule.jitter * (options.random ?? Math.random)() : 1;
  const delay = Math.max(Math.round(scheduled * spread), options.hintMs ?? 0);
  return Math.min(Math.max(0, delay), MAX_DELAY_MS);
}

/**
 * `Retry-After` as seconds or an HTTP date (RFC 9110 §10.2.3), in milliseconds from `nowMs`;
 * undefined when absent or unreadable.
 */
export function retryAfterMs(header: string | string[] | undefined, nowMs: number): number | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
