import { ProvisionedThroughputExceededException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../shared/domain/clock';
import { createLocalApp } from '../../shared/local/local-app';
import { createDocumentClient } from '../../shared/store/client';
import { Table } from '../../shared/store/table';
import { reconsiderationBody } from '../support/cases';
import { authHeader, call } from '../support/http';
import { WRITE_ATTEMPTS } from '../../shared/retry';

const ddb = mockClient(DynamoDBDocumentClient);
const app = createLocalApp({
  table: new Table(createDocumentClient({ endpoint: 'http://127.0.0.1:9' }), 'mocked'),
  clock: fixedClock('2025-06-30T02:00:00Z'),
});

function cancelled(...codes: string[]) {
  return new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

beforeEach(() => {
  ddb.reset();
  // No calendar overrides stored.
  ddb.on(QueryCommand, { KeyConditionExpression: 'pk = :pk' }).resolves({ Items: [] });
});

describe('case writes when DynamoDB refuses', () => {
  it('a throttled registration is a 503 with Retry-After', async () => {
    ddb.on(TransactWriteCommand).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    const res = await call(app, 'POST', '/cases', { headers: await authHeader('legal-office'), body: reconsiderationBody() });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
  });

  it('a transaction cancelled on the case-number guard is 409 CASE_NUMBER_TAKEN', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed', 'None', 'None'));
    const res = await call(app, 'POST', '/cases', { headers: await authHeader('legal-office'), body: reconsiderationBody() });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'CASE_NUMBER_TAKEN' });
  });

  it('a transaction cancelled on the agency check is 400 UNKNOWN_AGENCY', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed', 'None'));
    const res = await call(app, 'POST', '/cases', { headers: await authHeader('legal-office'), body: reconsiderationBody() });
    expect(res.body).toMatchObject({ code: 'UNKNOWN_AGENCY' });
  });

  it('a transaction that keeps colliding is tried again, then a retryable 503', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('TransactionConflict', 'None', 'None', 'None'));
    const res = await call(app, 'POST', '/cases', { headers: await authHeader('legal-office'), body: reconsiderationBody() });
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: 'WRITE_CONFLICT' });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(WRITE_ATTEMPTS);
  });

  it('a collision that clears on the next try is not the client’s problem', async () => {
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled('TransactionConflict', 'None', 'None', 'None')).resolves({});
    const res = await call(app, 'POST', '/cases', { headers: await authHeader('legal-office'), body: reconsiderationBody() });
    expect(res.status).toBe(201);
  });

  it('a throttled read of a case is a 503', async () => {
    ddb.on(QueryCommand).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    ddb.on(GetCommand).resolves({});
    const res = await call(app, 'GET', '/cases/01JBCD5G6QW0X8Y9Z1A2B3C4D5', { headers: await authHeader('legal-office') });
    expect(res.status).toBe(503);
  });
});
