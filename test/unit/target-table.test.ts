import { describe, expect, it } from 'vitest';
import { targetTable } from '../../shared/local/target-table';

describe('the table of an operational command with --aws', () => {
  it('is the deployed table named by TABLE_NAME', async () => {
    const target = await targetTable({ aws: true }, { TABLE_NAME: 'CaseTracker-prod-DataTable1234', AWS_REGION: 'cn-north-1' });
    expect('table' in target && target.table.name).toBe('CaseTracker-prod-DataTable1234');
  });

  it('needs TABLE_NAME', async () => {
    expect(await targetTable({ aws: true }, { AWS_REGION: 'cn-north-1' })).toEqual({ error: expect.stringMatching(/TABLE_NAME/) });
  });

  it('refuses when DYNAMODB_ENDPOINT would send it to DynamoDB Local instead', async () => {
    const target = await targetTable({ aws: true }, { TABLE_NAME: 't', DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000' });
    expect(target).toEqual({ error: expect.stringMatching(/DYNAMODB_ENDPOINT/) });
  });

  it('without --aws, asks for a running npm start when no DynamoDB Local answers', async () => {
    expect(await targetTable({ aws: false }, { DYNAMODB_ENDPOINT: 'http://127.0.0.1:9' })).toEqual({ error: expect.stringMatching(/npm start/) });
  });
});
