import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../domain/errors';

/**
 * Paging cursors are opaque to clients and verifiable by the server: the store's position is
 * signed (HMAC-SHA256) together with the scope of the query it belongs to (route, filters, the
 * caller's agency), so a tampered cursor, or one lifted from another query or another agency's
 * listing, is a 400 instead of a way to read past a filter.
 */
const DEVELOPMENT_SECRET = 'local-cursor-secret';

export function cursorSecret(): string {
  return process.env.CURSOR_SECRET ?? DEVELOPMENT_SECRET;
}

function mac(secret: string, scope: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(scope).update('\n').update(payload).digest();
}

export function encodeCursor(position: Record<string, unknown>, scope: string, secret = cursorSecret()): string {
  const payload = Buffer.from(JSON.stringify(position)).toString('base64url');
  return `${payload}.${mac(secret, scope, payload).toString('base64url')}`;
}

function invalidCursor(): AppError {
  return new AppError('invalid', 'INVALID_CURSOR', 'the cursor is not one this listing issued', {
    errors: [{ in: 'query', path: 'cursor', message: 'is not a cursor issued for this query' }],
  });
}

export function decodeCursor(cursor: string, scope: string, secret = cursorSecret()): Record<string, unknown> {
  const [payload, signature, extra] = cursor.split('.');
  if (!payload || !signature || extra !== undefined) throw invalidCursor();
  const expected = mac(secret, scope, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidCursor();
  try {
    const position = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    if (typeof position !== 'object' || position === null || Array.isArray(position)) throw invalidCursor();
    return position as Record<string, unknown>;
  } catch {
    throw invalidCursor();
  }
}
