import { beforeAll, describe, expect, it } from 'vitest';
import type { Table } from '../../shared/store/table';
import { freshTable } from '../support/dynamo';
import { lambdaContext, loadHandler, sampleEvent, type ApiHandler } from '../support/lambda';

let table: Table;
let agencies: ApiHandler;
let meta: ApiHandler;

beforeAll(async () => {
  table = await freshTable('lambda');
  agencies = await loadHandler('api-agencies', table);
  meta = await loadHandler('api-meta', table);
});

describe('Lambda entry points with API Gateway HTTP API events', () => {
  it('api-agencies creates an agency from the sample event, identity from the JWT authorizer', async () => {
    const result = await agencies(await sampleEvent('api-agencies-create.json'), lambdaContext);
    expect(result.statusCode).toBe(201);
    expect(result.headers?.location).toBe('/agencies/market-regulation');
    expect(result.headers?.['x-request-id']).toBe('Jb4Zrj2ZSQ0EJ8Q=');
    expect(JSON.parse(result.body ?? '')).toMatchObject({ id: 'market-regulation', name: '区市场监督管理局' });
  });

  it('api-agencies lists what was stored', async () => {
    const result = await agencies(await sampleEvent('api-agencies-list.json'), lambdaContext);
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body ?? '').items.map((a: { id: string }) => a.id)).toContain('market-regulation');
  });

  it('ignores a bearer token header when no authorizer vouched for it (401)', async () => {
    const event = await sampleEvent('api-agencies-list.json');
    delete (event.requestContext as { authorizer?: unknown }).authorizer;
    const result = await agencies(event, lambdaContext);
    expect(result.statusCode).toBe(401);
  });

  it('reads groups from the authorizer string form: a stats-reader may not list agencies', async () => {
    const event = await sampleEvent('api-agencies-list.json');
    const claims = (event.requestContext as unknown as { authorizer: { jwt: { claims: Record<string, string> } } })
      .authorizer.jwt.claims;
    claims['cognito:groups'] = '[stats-reader]';
    expect((await agencies(event, lambdaContext)).statusCode).toBe(403);
  });

  it('api-meta answers health without a token and enums for a stats reader', async () => {
    const health = await meta(await sampleEvent('api-meta-health.json'), lambdaContext);
    expect(health.statusCode).toBe(200);
    const enums = await meta(await sampleEvent('api-meta-enums.json'), lambdaContext);
    expect(enums.statusCode).toBe(200);
    expect(JSON.parse(enums.body ?? '').enums.role).toHaveLength(3);
  });
});
