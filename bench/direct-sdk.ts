// The SDK as the functions carry it: bundled by bench/bundles.ts like every Lambda entry, so the
// warm bench's direct calls run the same SDK build as the handlers they are compared with.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';

export { GetCommand, QueryCommand, TransactWriteCommand };

/** A document client configured as `createDocumentClient` configures the functions' one. */
export function directClient(endpoint: string): DynamoDBDocumentClient {
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
