import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface StoreConfig {
  tableName: string;
  /** DynamoDB Local's URL; unset in AWS */
  endpoint?: string;
  region?: string;
}

export function storeConfigFromEnv(env: NodeJS.ProcessEnv = process.env): StoreConfig {
  const tableName = env.TABLE_NAME;
  if (!tableName) throw new Error('TABLE_NAME is not set');
  return {
    tableName,
    ...(env.DYNAMODB_ENDPOINT ? { endpoint: env.DYNAMODB_ENDPOINT } : {}),
    ...(env.AWS_REGION ? { region: env.AWS_REGION } : {}),
  };
}

/** The document clients made for a DynamoDB Local endpoint (see `awaitLocalCommit` in transactions.ts). */
const localClients = new WeakSet<DynamoDBDocumentClient>();

/** Whether `doc` talks to DynamoDB Local (an endpoint was given), not to DynamoDB in AWS. */
export function isLocalClient(doc: DynamoDBDocumentClient): boolean {
  return localClients.has(doc);
}

/**
 * One document client per process (module scope in a Lambda), so connections and credentials are
 * reused across invocations. Against DynamoDB Local any credentials do.
 */
export function createDocumentClient(config: Pick<StoreConfig, 'endpoint' | 'region'>): DynamoDBDocumentClient {
  const local = config.endpoint !== undefined;
  const client = new DynamoDBClient({
    ...(local
      ? {
          endpoint: config.endpoint,
          region: config.region ?? 'local',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : config.region
        ? { region: config.region }
        : {}),
  });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  if (local) localClients.add(doc);
  return doc;
}
