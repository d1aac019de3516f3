import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { ensureTable } from '../../shared/local/bootstrap';
import { createDocumentClient } from '../../shared/store/client';
import { Table } from '../../shared/store/table';

export function dynamoEndpoint(): string {
  return inject('dynamoEndpoint');
}

/** A fresh table on the run's DynamoDB Local, built from the same definition as the stack's. */
export async function freshTable(prefix = 'test'): Promise<Table> {
  const endpoint = dynamoEndpoint();
  const name = `${prefix}-${randomUUID().slice(0, 8)}`;
  const raw = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await ensureTable(raw, name);
  raw.destroy();
  return new Table(createDocumentClient({ endpoint }), name);
}
