import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../shared/local/dynamodb-local';

let dynamo: DynamoDbLocal | undefined;

/**
 * One in-memory DynamoDB Local for the whole run, on a free port; each test file makes its own
 * table. Java can take well over the default 30 s to answer on a loaded machine (2 shared cores).
 */
export async function setup(project: TestProject): Promise<void> {
  dynamo = await startDynamoDbLocal({ timeoutMs: 120_000 });
  project.provide('dynamoEndpoint', dynamo.endpoint);
}

export async function teardown(): Promise<void> {
  await dynamo?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}
