/**
 * `npm run invoke -- <function> <event-file>`: runs a Lambda entry point from functions/ on a
 * sample event, against the DynamoDB Local of a running `npm start` (DYNAMODB_PORT) or, when none
 * is up, a throwaway in-memory one. Prints the handler's result.
 */
import './quiet-sdk';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable } from './bootstrap';
import { isDynamoDbUp, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';

const [name, eventFile] = process.argv.slice(2);
if (!name || !eventFile) {
  process.stderr.write('usage: npm run invoke -- <function> <event-file>   e.g. npm run invoke -- api-agencies events/api-agencies-list.json\n');
  process.exit(2);
}
const entry = resolve('functions', name, 'index.ts');
if (!existsSync(entry)) {
  process.stderr.write(`no function ${name} (looked for ${entry})\n`);
  process.exit(2);
}

const tableName = process.env.TABLE_NAME ?? 'case-tracker';
let endpoint = process.env.DYNAMODB_ENDPOINT ?? `http://127.0.0.1:${process.env.DYNAMODB_PORT ?? 8000}`;
let ephemeral: DynamoDbLocal | undefined;
if (!(await isDynamoDbUp(endpoint, 10_000))) {
  process.stderr.write(`no DynamoDB Local at ${endpoint}; starting an in-memory one for this invocation\n`);
  ephemeral = await startDynamoDbLocal();
  endpoint = ephemeral.endpoint;
}
const raw = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
await ensureTable(raw, tableName);
raw.destroy();
Object.assign(process.env, { TABLE_NAME: tableName, DYNAMODB_ENDPOINT: endpoint });

try {
  const event = JSON.parse(await readFile(eventFile, 'utf8')) as unknown;
  const module = (await import(pathToFileURL(entry).href)) as { handler: (event: unknown, context: unknown) => Promise<unknown> };
  const context = { awsRequestId: 'local-invoke', functionName: name, getRemainingTimeInMillis: () => 30_000 };
  const result = await module.handler(event, context);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  await ephemeral?.stop();
}
process.exit(0);
