import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from './table';

/** One cheap read that needs only the read grant every API function has. */
export function tableHealth(table: Table): () => Promise<boolean> {
  return async () => {
    await table.run((doc, TableName) => doc.send(new GetCommand({ TableName, Key: { pk: 'HEALTH', sk: 'HEALTH' } })));
    return true;
  };
}
