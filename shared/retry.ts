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
