import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import type { Identity } from '../auth/identity';
import type { IdempotencyClaim, StoredResponse } from '../domain/cases';
import { AppError } from '../domain/errors';
import { json } from './respond';

/**
 * The claim of an `Idempotency-Key` header: the key is scoped to the caller and the operation (so
 * two clients' keys never meet), the fingerprint is the validated body (so the same key with
 * another body is refused with 422).
 */
export function idempotencyClaim(c: Context, operation: string, identity: Identity, body: unknown): IdempotencyClaim | undefined {
  const key = c.req.header('idempotency-key');
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new AppError(
      'invalid',
      'VALIDATION_FAILED',
      { zh: 'Idempotency-Key 应为1–255个可见 ASCII 字符', en: 'Idempotency-Key must be 1–255 visible ASCII characters' },
      {
        errors: [
          { in: 'header', path: 'Idempotency-Key', message: { zh: '应为1–255个可见 ASCII 字符', en: 'must be 1–255 visible ASCII characters' } },
        ],
      },
    );
  }
  return {
    key: `${operation}\n${identity.sub}\n${key}`,
    fingerprint: createHash('sha256').update(JSON.stringify(body)).digest('base64url'),
  };
}

export const idempotencyHeader = {
  name: 'Idempotency-Key',
  description: 'Retries with the same key and body replay the first response for 24 hours; another body is 422',
};

export const ifMatchHeader = {
  name: 'If-Match',
  description: 'The ETag (version) the change is based on; 412 if the case changed meanwhile',
};

/** The stored first response of a retried request, marked as a replay. */
export function replayed(c: Context, response: StoredResponse): Response {
  return json(c, response.body, response.status, { ...response.headers, 'Idempotent-Replayed': 'true' });
}
