import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoAgencyRepository } from '../../shared/store/agency-store';
import type { Table } from '../../shared/store/table';
import { freshTable } from '../support/dynamo';
import { forCase, lambdaContext, loadHandler, sampleEvent, type ApiHandler } from '../support/lambda';

let table: Table;
let cases: ApiHandler;

beforeAll(async () => {
  table = await freshTable('lambda-cases');
  await new DynamoAgencyRepository(table).create({
    id: 'market-regulation',
    name: '区市场监督管理局',
    version: 1,
    createdAt: '2024-01-01T09:00:00+08:00',
    updatedAt: '2024-01-01T09:00:00+08:00',
  });
  cases = await loadHandler('api-cases', table);
});

describe('api-cases Lambda with the sample events', () => {
  it('registers, replays the same Idempotency-Key, reads, acts, lists and shows history', async () => {
    const created = await cases(await sampleEvent('api-cases-create.json'), lambdaContext);
    expect(created.statusCode).toBe(201);
    const body = JSON.parse(created.body ?? '') as { id: string; parties: { idNumber: string }[] };
    expect(body.parties[0]?.idNumber).toBe('1101**********002X');

    const replay = await cases(await sampleEvent('api-cases-create.json'), lambdaContext);
    expect(replay.statusCode).toBe(201);
    expect(JSON.parse(replay.body ?? '').id).toBe(body.id);

    const got = await cases(forCase(await sampleEvent('api-cases-get.json'), body.id), lambdaContext);
    expect(got.statusCode).toBe(200);
    expect(got.headers?.etag).toBe('"1"');

    const acted = await cases(forCase(await sampleEvent('api-cases-action.json'), body.id), lambdaContext);
    expect(acted.statusCode).toBe(200);
    expect(JSON.parse(acted.body ?? '')).toMatchObject({ status: 'accepted', acceptedOn: '2024-09-30', version: 2 });

    const listed = await cases(await sampleEvent('api-cases-list.json'), lambdaContext);
    expect(JSON.parse(listed.body ?? '').items.map((c: { id: string }) => c.id)).toEqual([body.id]);

    const history = await cases(forCase(await sampleEvent('api-cases-history.json'), body.id), lambdaContext);
    expect(JSON.parse(history.body ?? '').items.map((h: { action: string }) => h.action)).toEqual(['register', 'accept']);
  });

  it('answers the stale If-Match of the sample action with 412 once the case moved on', async () => {
    const created = await cases(
      { ...(await sampleEvent('api-cases-create.json')), headers: { ...(await sampleEvent('api-cases-create.json')).headers, 'idempotency-key': 'another-key' }, body: (await sampleEvent('api-cases-create.json')).body?.replace('12号', '13号') },
      lambdaContext,
    );
    const id = JSON.parse(created.body ?? '').id as string;
    const event = forCase(await sampleEvent('api-cases-action.json'), id);
    expect((await cases(event, lambdaContext)).statusCode).toBe(200);
    expect((await cases(event, lambdaContext)).statusCode).toBe(412);
  });
});
