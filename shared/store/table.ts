import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { toStoreError } from './store-errors';

/** The table a repository works on: the shared client, the table's name, and one error mapping. */
export class Table {
  constructor(
    readonly doc: DynamoDBDocumentClient,
    readonly name: string,
  ) {}

  /** Runs one store call; throttling and outages become retryable AppErrors. */
  async run<T>(call: (doc: DynamoDBDocumentClient, tableName: string) => Promise<T>): Promise<T> {
    try {
      return await call(this.doc, this.name);
    } catch (error) {
      throw toStoreError(error);
    }
  }
}
