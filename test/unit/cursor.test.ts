import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/domain/errors';
import { CURSOR_SECRET_TTL_MS, cursorSecret, decodeCursor, encodeCursor, loadCursorSecret, resetCursorSecret } from '../../shared/http/cursor';
import { takesCursor, withCursorSecret } from '../../shared/http/cursor-secret';
import { agencyContracts } from '../../shared/http/contracts/agencies';

const position = { pk: 'AGENCY#tax', sk: 'AGENCY', gsi1pk: 'AGENCY', gsi1sk: 'tax' };

describe('paging cursors', () => {
  it('round-trips the store position for the same query', () => {
    expect(decodeCursor(encodeCursor(position, 'agencies'), 'agencies')).toEqual(position);
  });

  it('rejects a cursor whose position was edited', () => {
    const [, signature] = encodeCursor(position, 'agencies').split('.');
    const forged = `${Buffer.from(JSON.stringify({ ...position, gsi1sk: 'a' })).toString('base64url')}.${signature}`;
    expect(() => decodeCursor(forged, 'agencies')).toThrow(/not one this listing issued/);
  });

  it('rejects a cursor issued for another query', () => {
    expect(() => decodeCursor(encodeCursor(position, 'cases|agency=tax'), 'cases|agency=police')).toThrow();
  });

  it('rejects garbage', () => {
    expect(() => decodeCursor('garbage', 'agencies')).toThrow();
    expect(() => decodeCursor('a.b.c', 'agencies')).toThrow();
  });
});

describe('the cursor key', () => {
  const secretArn = 'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:CursorSecret-AbCdEf';
  const inLambda = { AWS_LAMBDA_FUNCTION_NAME: 'case-tracker-api-cases', CURSOR_SECRET_ARN: secretArn };
  const secretsManager = mockClient(SecretsManagerClient);

  beforeEach(() => {
    resetCursorSecret();
    secretsManager.reset();
  });
  afterAll(() => {
    resetCursorSecret();
    secretsManager.restore();
  });

  it('is CURSOR_SECRET locally, or the development value when none is set', () => {
    expect(cursorSecret({ CURSOR_SECRET: 'from-env' })).toBe('from-env');
    expect(cursorSecret({})).toBe('local-cursor-secret');
  });

  it('is never the development value in Lambda: paging answers 503 until the secret is read', () => {
    expect(() => cursorSecret(inLambda)).toThrow(expect.objectContaining({ kind: 'unavailable', code: 'PAGING_UNAVAILABLE' }));
    expect(() => cursorSecret({ AWS_LAMBDA_FUNCTION_NAME: 'f' })).toThrow(AppError);
  });

  it('is read from Secrets Manager by the ARN in the environment', async () => {
    secretsManager.on(GetSecretValueCommand, { SecretId: secretArn }).resolves({ SecretString: 'from-secrets-manager' });
    await loadCursorSecret(inLambda);
    expect(cursorSecret(inLambda)).toBe('from-secrets-manager');
  });

  it('is read once and cached, then read again after its time to live', async () => {
    secretsManager.on(GetSecretValueCommand).resolvesOnce({ SecretString: 'first' }).resolves({ SecretString: 'second' });
    await loadCursorSecret(inLambda, undefined, 0);
    await loadCursorSecret(inLambda, undefined, CURSOR_SECRET_TTL_MS - 1);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(cursorSecret(inLambda)).toBe('first');
    await loadCursorSecret(inLambda, undefined, CURSOR_SECRET_TTL_MS);
    expect(cursorSecret(inLambda)).toBe('second');
  });

  it('keeps the value it has when a re-read fails', async () => {
    secretsManager.on(GetSecretValueCommand).resolvesOnce({ SecretString: 'kept' }).rejects(new Error('throttled'));
    await loadCursorSecret(inLambda, undefined, 0);
    await loadCursorSecret(inLambda, undefined, CURSOR_SECRET_TTL_MS);
    expect(cursorSecret(inLambda)).toBe('kept');
  });

  it('refuses to page when Secrets Manager cannot be read, rather than fall back', async () => {
    secretsManager.on(GetSecretValueCommand).rejects(new Error('AccessDeniedException'));
    await loadCursorSecret(inLambda);
    expect(() => cursorSecret(inLambda)).toThrow(/cursor secret could not be read/);
  });

  it('signs cursors with the secret read, so another key cannot read them', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: 'deployed-key' });
    await loadCursorSecret(inLambda);
    const cursor = encodeCursor(position, 'agencies');
    expect(decodeCursor(cursor, 'agencies', 'deployed-key')).toEqual(position);
    expect(() => decodeCursor(cursor, 'agencies', 'local-cursor-secret')).toThrow(/not one this listing issued/);
  });

  it('is not looked up without CURSOR_SECRET_ARN', async () => {
    await loadCursorSecret({ AWS_LAMBDA_FUNCTION_NAME: 'f' });
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(0);
  });
});

describe('loading the cursor key before a listing', () => {
  const secretsManager = mockClient(SecretsManagerClient);
  const saved = { ...process.env };
  const event = (routeKey: string) => ({ routeKey }) as APIGatewayProxyEventV2;

  beforeEach(() => {
    resetCursorSecret();
    secretsManager.reset();
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: 'deployed-key' });
    Object.assign(process.env, { AWS_LAMBDA_FUNCTION_NAME: 'api-agencies', CURSOR_SECRET_ARN: 'arn:aws:secretsmanager:x' });
    delete process.env.CURSOR_SECRET;
  });
  afterAll(() => {
    process.env = saved;
    resetCursorSecret();
    secretsManager.restore();
  });

  it('reads the secret for a route that pages', async () => {
    const handler = withCursorSecret(async () => encodeCursor(position, 'agencies'), agencyContracts);
    const cursor = await handler(event('GET /agencies'));
    expect(decodeCursor(cursor, 'agencies', 'deployed-key')).toEqual(position);
  });

  it('does not touch Secrets Manager for a route that does not page', async () => {
    const handler = withCursorSecret(async () => 'ok', agencyContracts);
    await handler(event('GET /agencies/{agencyId}'));
    await handler(event('POST /agencies'));
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(0);
  });

  it('knows listings by their cursor query field', () => {
    expect(agencyContracts.filter(takesCursor).map((c) => `${c.method} ${c.path}`)).toEqual(['get /agencies']);
  });
});
