import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AppError } from '../domain/errors';

/**
 * Paging cursors are opaque to clients and verifiable by the server: the store's position is
 * signed (HMAC-SHA256) together with the scope of the query it belongs to (route, filters, the
 * caller's agency), so a tampered cursor, or one lifted from another query or another agency's
 * listing, is a 400 instead of a way to read past a filter.
 *
 * The key: in AWS it is read from Secrets Manager (CURSOR_SECRET_ARN names the secret; its value
 * is never in the environment) by `loadCursorSecret` before a listing runs. Locally it is
 * CURSOR_SECRET or a development value; in AWS a function that could not read its secret refuses
 * to page (503) rather than sign with that public development value.
 */
const DEVELOPMENT_SECRET = 'local-cursor-secret';

/** How long a read secret is used before it is read again (a new value reaches every container within this). */
export const CURSOR_SECRET_TTL_MS = 15 * 60_000;

let cached: { value: string; readAt: number } | undefined;

/** Inside Lambda (the runtime sets AWS_LAMBDA_FUNCTION_NAME; `npm run invoke` and `npm start` do not). */
export function runsInAws(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.AWS_LAMBDA_FUNCTION_NAME);
}

function unavailable(): AppError {
  return new AppError(
    'unavailable',
    'PAGING_UNAVAILABLE',
    { zh: '暂时无法分页：游标密钥无法读取', en: 'paging is unavailable: the cursor secret could not be read' },
    { retryAfter: 5 },
  );
}

export function cursorSecret(env: NodeJS.ProcessEnv = process.env): string {
  if (cached) return cached.value;
  if (env.CURSOR_SECRET) return env.CURSOR_SECRET;
  if (runsInAws(env) || env.CURSOR_SECRET_ARN) throw unavailable();
  return DEVELOPMENT_SECRET;
}

/** Reads a secret's string value; the Secrets Manager client is loaded only when a listing first needs it. */
export type SecretReader = (secretId: string) => Promise<string | undefined>;

let client: SecretsManagerClient | undefined;

const secretsManager: SecretReader = async (secretId) => {
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const sm = (client ??= new SecretsManagerClient({}));
  const answer = await sm.send(new GetSecretValueCommand({ SecretId: secretId }));
  return answer.SecretString;
};

/**
 * Makes `cursorSecret()` answer from Secrets Manager when CURSOR_SECRET_ARN is set: read once,
 * then again after CURSOR_SECRET_TTL_MS (a failed re-read keeps the value it had). A failure is
 * not thrown here: the listing that needs the key answers 503 through `cursorSecret()`.
 */
export async function loadCursorSecret(
  env: NodeJS.ProcessEnv = process.env,
  read: SecretReader = secretsManager,
  now: number = Date.now(),
): Promise<void> {
  const secretId = env.CURSOR_SECRET_ARN;
  if (!secretId) return;
  if (cached && now - cached.readAt < CURSOR_SECRET_TTL_MS) return;
  try {
    const value = await read(secretId);
    if (value) cached = { value, readAt: now };
  } catch {
    // The caller's listing reports it (503); the function's own log line comes from the error handler.
  }
}

/** Forgets the loaded secret (tests). */
export function resetCursorSecret(): void {
  cached = undefined;
  client = undefined;
}

function mac(secret: string, scope: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(scope).update('\n').update(payload).digest();
}

export function encodeCursor(position: Record<string, unknown>, scope: string, secret = cursorSecret()): string {
  const payload = Buffer.from(JSON.stringify(position)).toString('base64url');
  return `${payload}.${mac(secret, scope, payload).toString('base64url')}`;
}

function invalidCursor(): AppError {
  return new AppError(
    'invalid',
    'INVALID_CURSOR',
    { zh: '分页游标无效：不是本列表给出的游标', en: 'the cursor is not one this listing issued' },
    { errors: [{ in: 'query', path: 'cursor', message: { zh: '不是本查询给出的游标', en: 'is not a cursor issued for this query' } }] },
  );
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
