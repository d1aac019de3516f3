import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../shared/local/local-app';
import { setLogLevel, setLogSink, type LogSink } from '../../shared/log/logger';
import { createDocumentClient } from '../../shared/store/client';
import { Table } from '../../shared/store/table';
import { authHeader, call } from '../support/http';

const ddb = mockClient(DynamoDBDocumentClient);
const table = new Table(createDocumentClient({ endpoint: 'http://127.0.0.1:9' }), 'mocked');
const app = createLocalApp({ table });
let lines: string[];
let previousSink: LogSink;

beforeEach(() => {
  ddb.reset();
  lines = [];
  previousSink = setLogSink((line) => lines.push(line));
  setLogLevel('INFO');
});
afterEach(() => {
  setLogSink(previousSink);
  setLogLevel('SILENT');
});

describe('when the store fails', () => {
  it('a throttled read is a retryable 503 with Retry-After', async () => {
    ddb.on(QueryCommand).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    const res = await call(app, 'GET', '/agencies', { headers: await authHeader('legal-office') });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.body).toMatchObject({ code: 'STORE_THROTTLED' });
  });

  it('a throttled write is a 503 too, and nothing claims it was stored', async () => {
    ddb.on(PutCommand).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    const res = await call(app, 'POST', '/agencies', {
      headers: await authHeader('legal-office'),
      body: { id: 'tax', name: '区税务局' },
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('location')).toBeNull();
  });

  it('an unexpected error is a 500 without internals, logged in full with the request id', async () => {
    ddb.on(GetCommand).rejects(new Error('socket hang up at internal/secret/path.ts:42'));
    const res = await call(app, 'GET', '/agencies/tax', {
      headers: { ...(await authHeader('legal-office')), 'x-request-id': 'req-12345678' },
    });
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ code: 'INTERNAL_ERROR', requestId: 'req-12345678' });
    expect(res.text).not.toContain('secret/path');
    expect(res.text).not.toContain('at ');
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((l) => l.message === 'unhandled error');
    expect(logged).toMatchObject({ level: 'ERROR', request_id: 'req-12345678' });
    expect(JSON.stringify(logged)).toContain('secret/path');
  });
});
