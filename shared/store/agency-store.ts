import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Agency, AgencyRepository } from '../domain/agencies';
import type { PageRequest, StorePage } from '../domain/paging';
import { AppError } from '../domain/errors';
import { agencyKey } from './keys';
import type { Table } from './table';

const key = agencyKey;

interface AgencyItem extends Agency {
  pk: string;
  sk: string;
  gsi1pk: string;
  gsi1sk: string;
}

function toAgency(item: Record<string, unknown>): Agency {
  const { id, name, version, createdAt, updatedAt } = item as unknown as AgencyItem;
  return { id, name, version, createdAt, updatedAt };
}

export class DynamoAgencyRepository implements AgencyRepository {
  constructor(private readonly table: Table) {}

  async create(agency: Agency): Promise<Agency> {
    const item: AgencyItem = { ...key(agency.id), gsi1pk: 'AGENCY', gsi1sk: agency.id, ...agency };
    const made = await this.table.runConditional((doc, TableName) =>
      doc.send(new PutCommand({ TableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' })),
    );
    if (!made) throw new AppError('conflict', 'AGENCY_EXISTS', {
        zh: `简称为 ${agency.id} 的机关已经存在`,
        en: `an agency with id ${agency.id} already exists`,
      });
    return agency;
  }

  async get(id: string): Promise<Agency | undefined> {
    const result = await this.table.run((doc, TableName) => doc.send(new GetCommand({ TableName, Key: key(id) })));
    return result.Item ? toAgency(result.Item) : undefined;
  }

  /** Every agency's id, page after page: for operators' jobs over all agencies, not for requests. */
  async allIds(): Promise<string[]> {
    const ids: string[] = [];
    let after: Record<string, unknown> | undefined;
    do {
      const page = await this.list({ limit: 200, ...(after ? { after } : {}) });
      ids.push(...page.items.map((a) => a.id));
      after = page.last;
    } while (after);
    return ids;
  }

  async list(page: PageRequest): Promise<StorePage<Agency>> {
    const result = await this.table.run((doc, TableName) =>
      doc.send(
        new QueryCommand({
          TableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': 'AGENCY' },
          Limit: page.limit,
          ...(page.after ? { ExclusiveStartKey: page.after } : {}),
        }),
      ),
    );
    return {
      items: (result.Items ?? []).map(toAgency),
      ...(result.LastEvaluatedKey ? { last: result.LastEvaluatedKey } : {}),
    };
  }

  setFeedTokenHash(id: string, hash: string, at: string): Promise<boolean> {
    return this.table.runConditional((doc, TableName) =>
      doc.send(
        new UpdateCommand({
          TableName,
          Key: key(id),
          UpdateExpression: 'SET feedTokenHash = :hash, feedTokenIssuedAt = :at',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':hash': hash, ':at': at },
        }),
      ),
    );
  }

  async feedTokenHash(id: string): Promise<string | undefined> {
    const result = await this.table.run((doc, TableName) =>
      doc.send(new GetCommand({ TableName, Key: key(id), ProjectionExpression: 'feedTokenHash', ConsistentRead: true })),
    );
    return result.Item?.feedTokenHash as string | undefined;
  }
}
