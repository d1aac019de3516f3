// The floor plus the stack the product card fixes (Hono, zod): one route whose path parameter is
// validated with zod before the same GetItem. No domain, no store, no adapter of ours: what any
// function of this stack carries before its first line of case-tracker code.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { Hono } from 'hono/tiny';
import * as z from 'zod/mini';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const Params = z.object({ id: z.string().check(z.minLength(1)) });

const app = new Hono();
app.get('/health/:id', async (c) => {
  const { id } = Params.parse(c.req.param());
  const result = await doc.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: 'HEALTH', sk: id } }));
  return c.json(result.Item ?? null);
});

export const handler = async (event: { rawPath?: string }) => {
  const response = await app.fetch(new Request(`https://lambda${event.rawPath ?? '/health/HEALTH'}`));
  return { statusCode: response.status, body: await response.text() };
};
