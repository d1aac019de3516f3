import { createHash } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { IdempotencyClaim, StoredResponse } from '../domain/cases';
import { idempotencyKey } from './keys';
import type { Table } from './table';

/** Idempotency keys expire after 24 hours (the table's TTL deletes them; reads ignore expired ones). */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

const hashOf = (claim: IdempotencyClaim) => createHash('sha256').update(claim.key).digest('base64url');

export function idempotencyItem(claim: IdempotencyClaim, response: StoredResponse, nowMs: number) {
  return {
    ...idempotencyKey(hashOf(claim)),
    entity: 'idempotency',
    fingerprint: claim.fingerprint,
    response: JSON.stringify(response),
    expiresAt: Math.floor(nowMs / 1000) + IDEMPOTENCY_TTL_SECONDS,
  };
}

/** The Put of a claim, which fails if a live record for the key exists. */
export function claimPut(tableName: string, claim: IdempotencyClaim, response: StoredResponse, nowMs: number) {
  return {
    Put: {
      TableName: tableName,
      Item: idempotencyItem(claim, response, nowMs),
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
      ExpressionAttributeValues: { ':now': Math.floor(nowMs / 1000) },
    },
  };
}

/** The response recorded for a key: the same body replays it; another body is a mismatch. */
export async function findStoredResponse(
  table: Table,
  claim: IdempotencyClaim,
  nowMs: number,
): Promise<StoredResponse | 'mismatch' | undefined> {
  const result = await table.run((doc, TableName) =>
    doc.send(new GetCommand({ TableName, Key: idempotencyKey(hashOf(claim)), ConsistentRead: true })),
  );
  const item = result.Item as { fingerprint: string; response: string; expiresAt: number } | undefined;
  if (!item || item.expiresAt < Math.floor(nowMs / 1000)) return undefined;
  if (item.fingerprint !== claim.fingerprint) return 'mismatch';
  return JSON.parse(item.response) as StoredResponse;
}
