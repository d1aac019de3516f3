import { AppError, type Message } from './domain/errors';

/**
 * Writes that collide with another writer are tried again. The pause before attempt
 * `attempt + 1` is exponential with jitter (5–10, 10–20, 20–40 … ms, capped at 160–320 ms), so
 * writers racing for one item spread out instead of colliding again in step.
 */
export function pauseBeforeRetry(attempt: number): Promise<void> {
  const ceiling = Math.min(320, 10 * 2 ** (attempt - 1));
  return new Promise((resolve) => setTimeout(resolve, ceiling / 2 + (Math.random() * ceiling) / 2));
}

/**
 * How many times a write, or a read-judge-write loop, is tried before the caller gets 503
 * WRITE_CONFLICT with Retry-After. Eight attempts span about 0.5–1 s of pauses: enough for a
 * burst of confirmations of one hearing, short of API Gateway's 29 s timeout.
 */
export const WRITE_ATTEMPTS = 8;

/** What an attempt returns when its write collided with another one and it should be tried again. */
export const TRY_AGAIN: unique symbol = Symbol('try again');

/** 503 WRITE_CONFLICT with `Retry-After: 1`: the client may send the same request again shortly. */
export function writeConflict(detail: Message = { zh: '写入与其他修改冲突，请稍后重试', en: 'the write collided with another; retry' }): AppError {
  return new AppError('unavailable', 'WRITE_CONFLICT', detail, { retryAfter: 1 });
}

/**
 * Runs `attempt` (1, 2, … WRITE_ATTEMPTS) until it returns something other than TRY_AGAIN, with a
 * jittered pause between attempts; after the last one throws `exhausted()` (503 WRITE_CONFLICT
 * unless the caller says otherwise). An error an attempt throws ends the loop at once.
 */
export async function retryOnConflict<T>(
  attempt: (n: number) => Promise<T | typeof TRY_AGAIN>,
  exhausted: () => Error = () => writeConflict(),
): Promise<T> {
  for (let n = 1; n <= WRITE_ATTEMPTS; n++) {
    const result = await attempt(n);
    if (result !== TRY_AGAIN) return result;
    if (n < WRITE_ATTEMPTS) await pauseBeforeRetry(n);
  }
  throw exhausted();
}
