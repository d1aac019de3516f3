import { AppError } from '../domain/errors';

const throttled = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'ThrottledException',
]);
const unavailable = new Set([
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
  'ECONNREFUSED',
  'ECONNRESET',
]);

function nameOf(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const { name, code } = error as { name?: unknown; code?: unknown };
  return typeof code === 'string' && unavailable.has(code) ? code : typeof name === 'string' ? name : '';
}

/**
 * The SDK has already retried with backoff when an error reaches us; what is left is passed on as a
 * retryable 503 with Retry-After, so a client knows to send the same request again shortly.
 */
export function toStoreError(error: unknown): unknown {
  const name = nameOf(error);
  if (throttled.has(name)) {
    return new AppError('unavailable', 'STORE_THROTTLED', { zh: '数据库繁忙，请稍后重试', en: 'the database is busy; retry shortly' }, { retryAfter: 1 });
  }
  if (unavailable.has(name)) {
    return new AppError('unavailable', 'STORE_UNAVAILABLE', { zh: '数据库暂不可用，请稍后重试', en: 'the database is unavailable; retry shortly' }, {
      retryAfter: 2,
    });
  }
  return error;
}
