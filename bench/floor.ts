// The floor every Lambda is measured against: a document client and one GetItem, nothing else.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async () => {
  const result = await doc.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: 'HEALTH', sk: 'HEALTH' } }));
  return { statusCode: 200, body: JSON.stringify(result.Item ?? null) };
};
