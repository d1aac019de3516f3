import { createDocumentClient, storeConfigFromEnv } from './client';
import { Table } from './table';

/** The table a Lambda works on, from its environment (TABLE_NAME; DYNAMODB_ENDPOINT locally). */
export function tableFromEnv(): Table {
  const config = storeConfigFromEnv();
  return new Table(createDocumentClient(config), config.tableName);
}
