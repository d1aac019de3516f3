import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../shared/domain/errors';
import { retryOnConflict, TRY_AGAIN, WRITE_ATTEMPTS } from '../../shared/retry';

afterEach(() => {
  vi.useRealTimers();
});

/** Runs the loop with timers that jump, recording each pause asked for. */
async function withPauses<T>(run: () => Promise<T>): Promise<{ result: PromiseSettledResult<T>; pauses: number[] }> {
  vi.useFakeTimers();
  const pauses: number[] = [];
  const original = globalThis.setTimeout;
  const spy = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
    pauses.push(ms ?? 0);
    return original(fn, ms);
  }) as typeof setTimeout);
  const settled = Promise.allSettled([run()]);
  await vi.runAllTimersAsync();
  const [result] = await settled;
  spy.mockRestore();
  return { result: result!, pauses };
}

describe('retryOnConflict: one loop for every write that may collide', () => {
  it('returns the first answer that is not TRY_AGAIN, after a pause before each new try', async () => {
    const tries: number[] = [];
    const { result, pauses } = await withPauses(() =>
      retryOnConflict(async (n) => {
        tries.push(n);
        return n < 3 ? TRY_AGAIN : 'written';
      }),
    );
    expect(result).toEqual({ status: 'fulfilled', value: 'written' });
    expect(tries).toEqual([1, 2, 3]);
    // Jittered and growing: 5–10 ms before the second try, 10–20 ms before the third.
    expect(pauses).toHaveLength(2);
    expect(pauses[0]).toBeGreaterThanOrEqual(5);
    expect(pauses[0]).toBeLessThanOrEqual(10);
    expect(pauses[1]).toBeGreaterThanOrEqual(10);
    expect(pauses[1]).toBeLessThanOrEqual(20);
  });

  it('gives up after eight tries with 503 WRITE_CONFLICT and Retry-After: 1, not pausing after the last', async () => {
    let tries = 0;
    const { result, pauses } = await withPauses(() =>
      retryOnConflict(async () => {
        tries += 1;
        return TRY_AGAIN;
      }),
    );
    expect(WRITE_ATTEMPTS).toBe(8);
    expect(tries).toBe(8);
    expect(pauses).toHaveLength(7);
    // The pauses stop growing at 160–320 ms: eight tries stay well inside an API Gateway request.
    expect(Math.max(...pauses)).toBeLessThanOrEqual(320);
    expect(result.status).toBe('rejected');
    const error = (result as PromiseRejectedResult).reason as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect({ kind: error.kind, code: error.code, retryAfter: error.retryAfter }).toEqual({ kind: 'unavailable', code: 'WRITE_CONFLICT', retryAfter: 1 });
  });

  it('throws what the caller chose when the tries run out', async () => {
    const { result } = await withPauses(() => retryOnConflict(async () => TRY_AGAIN, () => new Error('case 01J… kept changing while it was recomputed')));
    expect((result as PromiseRejectedResult).reason).toEqual(new Error('case 01J… kept changing while it was recomputed'));
  });

  it('stops at once on an error an attempt throws (a refusal is not a collision)', async () => {
    let tries = 0;
    const refusal = new AppError('precondition-failed', 'PRECONDITION_FAILED', { zh: '案件在读取后已被修改', en: 'the case changed since it was read' });
    const { result, pauses } = await withPauses(() =>
      retryOnConflict(async () => {
        tries += 1;
        throw refusal;
      }),
    );
    expect(tries).toBe(1);
    expect(pauses).toEqual([]);
    expect((result as PromiseRejectedResult).reason).toBe(refusal);
  });
});
