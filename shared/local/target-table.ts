/**
 * The table an operational command works on: by default the DynamoDB Local of a running
 * `npm start` (DYNAMODB_ENDPOINT or DYNAMODB_PORT, TABLE_NAME); with `--aws`, a deployed table
 * named by TABLE_NAME (the stack's TableName output), read with the caller's AWS credentials and
 * AWS_REGION (a profile's too: the SDK's default chain), as SECURITY.md's restore steps need.
 */
import { createDocumentClient } from '../store/client';
import { Table } from '../store/table';
import { isDynamoDbUp } from './dynamodb-local';

export type TargetTable = { table: Table } | { error: string };

export async function targetTable(options: { aws: boolean | undefined }, env: NodeJS.ProcessEnv = process.env): Promise<TargetTable> {
  if (options.aws) {
    const tableName = env.TABLE_NAME;
    if (!tableName) return { error: 'set TABLE_NAME to the deployed table (the stack output TableName), and AWS_REGION to its region' };
    if (env.DYNAMODB_ENDPOINT) return { error: 'DYNAMODB_ENDPOINT points at DynamoDB Local: unset it to reach the deployed table' };
    return { table: new Table(createDocumentClient(env.AWS_REGION ? { region: env.AWS_REGION } : {}), tableName) };
  }
  const endpoint = env.DYNAMODB_ENDPOINT ?? `http://127.0.0.1:${env.DYNAMODB_PORT ?? 8000}`;
  if (!(await isDynamoDbUp(endpoint, 10_000))) {
    return { error: `no DynamoDB Local at ${endpoint}: start the API with \`npm start\` first (or pass --aws for a deployed table)` };
  }
  return { table: new Table(createDocumentClient({ endpoint }), env.TABLE_NAME ?? 'case-tracker') };
}
