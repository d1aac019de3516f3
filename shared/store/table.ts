import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { toStoreError } from './store-errors';

/** How many items this process has read from DynamoDB (the bench's cost figures read it). */
export const readCounter = { items: 0 };

function countRead(result: unknown): void {
  if (typeof result !== 'object' || result === null) return;
  const r = result as { ScannedCount?: number; Items?: unknown[]; Item?: unknown; Responses?: unknown };
  if (typeof r.ScannedCount === 'number') readCounter.items += r.ScannedCount;
  else if (Array.isArray(r.Items)) readCounter.items += r.Items.length;
  else if (r.Item) readCounter.items += 1;
}

/** The table a repository works on: the shared client, the table's name, and one error mapping. */
export class Table {
  constructor(
    readonly doc: DynamoDBDocumentClient,
    readonly name: string,
  ) {}

  /** Runs one store call; throttling and outages become retryable AppErrors. */
  async run<T>(call: (doc: DynamoDBDocumentClient, tableName: string) => Promise<T>): Promise<T> {
    try {
      const result = await call(this.doc, this.name);
      countRead(result);
      return result;
    } catch (error) {
      throw toStoreError(error);
    }
  }

  /** Runs a conditional write: true when it was made, false when its condition did not hold. */
  async runConditional(call: (doc: DynamoDBDocumentClient, tableName: string) => Promise<unknown>): Promise<boolean> {
    try {
      await this.run(call);
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
