/**
 * The single table's keys and indexes, defined once: the CDK stack (infra/) and the local
 * bootstrap (DynamoDB Local) both build the table from this, so they cannot drift apart.
 * Plain data on purpose: no aws-cdk-lib and no SDK import here.
 *
 * Items (pk / sk):
 *   AGENCY#<id> / AGENCY            an agency (respondent or defendant)
 * Index use:
 *   gsi1  collection by a sortable key  (e.g. AGENCY / <id>)
 *   gsi2  by agency                     (later issues: an agency's cases and hearings)
 *   gsi3  by due date / status          (later issues: the deadline board)
 */
export interface KeyAttribute {
  name: string;
  type: 'S' | 'N';
}

export interface IndexDefinition {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
}

export interface TableDefinition {
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  globalSecondaryIndexes: IndexDefinition[];
  /** epoch seconds after which DynamoDB deletes the item (idempotency records) */
  timeToLiveAttribute: string;
  streamView: 'NEW_AND_OLD_IMAGES';
}

const stringKey = (name: string): KeyAttribute => ({ name, type: 'S' });

export const tableDefinition: TableDefinition = {
  partitionKey: stringKey('pk'),
  sortKey: stringKey('sk'),
  globalSecondaryIndexes: [1, 2, 3].map((n) => ({
    indexName: `gsi${n}`,
    partitionKey: stringKey(`gsi${n}pk`),
    sortKey: stringKey(`gsi${n}sk`),
  })),
  timeToLiveAttribute: 'expiresAt',
  streamView: 'NEW_AND_OLD_IMAGES',
};

/** The CreateTable input for DynamoDB Local (on-demand, stream on), from the same definition. */
export function createTableInput(tableName: string) {
  const attributes = new Map<string, KeyAttribute>();
  for (const key of [
    tableDefinition.partitionKey,
    tableDefinition.sortKey,
    ...tableDefinition.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ]) {
    attributes.set(key.name, key);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [...attributes.values()].map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
    KeySchema: [
      { AttributeName: tableDefinition.partitionKey.name, KeyType: 'HASH' as const },
      { AttributeName: tableDefinition.sortKey.name, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: tableDefinition.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey.name, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey.name, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: tableDefinition.streamView },
  };
}
