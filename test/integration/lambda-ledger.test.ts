import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DeleteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { importLedger, importStatus } from '../../shared/app/import-ledger';
import { ledgerDepsFor } from '../../shared/app/ledger-deps';
import { AppError } from '../../shared/domain/errors';
import { backfillCaseSearch } from '../../shared/store/case-search';
import { caseNumberKey } from '../../shared/store/keys';
import { DynamoLedgerStore } from '../../shared/store/ledger-store';
import { createLocalApp } from '../../shared/local/local-app';
import type { Table } from '../../shared/store/table';
import { ensureAgency, reconsiderationBody, registerCase } from '../support/cases';
import { freshTable } from '../support/dynamo';
import { authHeader, call } from '../support/http';
import { lambdaContext, loadHandler, sampleEvent, type ApiHandler } from '../support/lambda';
import { ledgerXlsx, type LedgerCells } from '../support/ledger';

let table: Table;
let handler: ApiHandler;
let app: ReturnType<typeof createLocalApp>;

const row = (n: number): LedgerCells => ({
  案件类型: '行政复议',
  案号: `潞复〔2024〕${n}号`,
  机关: 'market-regulation',
  当事人: `申请人${n}`,
  收到日期: '2024-03-04',
  受理日期: '2024-03-05',
  审结日期: '2024-04-20',
  结果: '撤销',
});

beforeAll(async () => {
  delete process.env.EVENT_BUS_NAME;
  table = await freshTable('lambda-ledger');
  app = createLocalApp({ table });
  await ensureAgency(app, 'market-regulation', '区市场监督管理局');
  handler = await loadHandler('api-ledger', table);
});

async function event(method: string, path: string, query: string, body?: Uint8Array): Promise<APIGatewayProxyEventV2> {
  const sample = await sampleEvent('api-cases-list.json');
  return {
    ...sample,
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: query,
    queryStringParameters: Object.fromEntries(new URLSearchParams(query)),
    headers: { ...sample.headers, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'content-length': String(body?.byteLength ?? 0) },
    requestContext: { ...sample.requestContext, routeKey: `${method} ${path}`, http: { ...sample.requestContext.http, method, path } },
    ...(body ? { body: Buffer.from(body).toString('base64'), isBase64Encoded: true } : { isBase64Encoded: false }),
  };
}

describe('the api-ledger Lambda and binary bodies', () => {
  it('returns the .xlsx template base64-encoded, as API Gateway needs a binary response', async () => {
    const result = await handler(await event('GET', '/imports/template.xlsx', ''), lambdaContext);
    expect(result.statusCode).toBe(200);
    expect(result.isBase64Encoded).toBe(true);
    expect(result.headers?.['content-type']).toContain('spreadsheetml');
    const bytes = Buffer.from(String(result.body), 'base64');
    expect([...bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
  });

  it('reads an uploaded workbook that arrives base64-encoded as its bytes', async () => {
    const file = await ledgerXlsx([row(1), row(2)]);
    const result = await handler(await event('POST', '/imports', 'dryRun=true', file), lambdaContext);
    expect(result.statusCode, String(result.body)).toBe(200);
    expect(result.isBase64Encoded).toBe(false);
    expect(JSON.parse(String(result.body))).toEqual({ dryRun: true, rows: 2, created: 2, unchanged: 0, errors: [] });
  });
});

describe('a large file through the Lambda functions', () => {
  const identity = { sub: 'clerk', name: '王芳', roles: ['legal-office' as const] };
  const registered = async (from: number, count: number) =>
    (await new DynamoLedgerStore(table).caseIdsOf(Array.from({ length: count }, (_, i) => ({ kind: 'reconsideration' as const, caseNumber: `潞复〔2024〕${from + i}号` })))).filter(Boolean)
      .length;

  it('api-ledger answers a dry run of 250 rows 202 at once, and its status ends done with every error', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => row(1000 + i));
    rows[238] = { ...rows[238]!, 机关: '区不存在局' };
    const started = await handler(await event('POST', '/imports', 'dryRun=true', await ledgerXlsx(rows)), lambdaContext);
    expect(started.statusCode, String(started.body)).toBe(202);
    const body = JSON.parse(String(started.body)) as { id: string };
    expect(body).toEqual({ id: expect.stringMatching(/^[0-9A-Z]{26}$/), status: 'running', rows: 250, dryRun: true });
    expect(started.headers?.location ?? started.headers?.Location).toBe(`/imports/${body.id}`);
    // Without a bus (as here) the function runs the import in its own process.
    let status: Record<string, unknown> = {};
    for (let i = 0; i < 240; i++) {
      const polled = await handler(await event('GET', `/imports/${body.id}`, ''), lambdaContext);
      expect(polled.statusCode).toBe(200);
      status = JSON.parse(String(polled.body)) as Record<string, unknown>;
      if (status.status !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status).toMatchObject({
      status: 'done',
      dryRun: true,
      phase: 'check',
      rowsDone: 250,
      report: { dryRun: true, rows: 250, created: 249, unchanged: 0, errors: [{ row: 240, column: '机关', message: expect.stringContaining('区不存在局') }] },
    });
    expect(await registered(1000, 250)).toBe(0);
  }, 120_000);

  it('ledger-import runs a stored commit to its end from its event; the event again changes nothing', async () => {
    const deps = ledgerDepsFor(table, { startImport: async () => undefined });
    const file = await ledgerXlsx(Array.from({ length: 250 }, (_, i) => row(2000 + i)));
    const outcome = await importLedger(deps, identity, { bytes: file, dryRun: false });
    expect(outcome).toMatchObject({ kind: 'started', status: 'running', rows: 250, dryRun: false });
    const importId = outcome.kind === 'started' ? outcome.id : '';
    const worker = (await loadHandler('ledger-import', table)) as unknown as (event: { detail?: { importId?: unknown } }) => Promise<void>;
    await worker({ detail: { importId } });
    const done = await importStatus(deps, identity, importId);
    expect(done).toMatchObject({ status: 'done', phase: 'write', rowsDone: 250, report: { created: 250, unchanged: 0, errors: [] } });
    expect(await registered(2000, 250)).toBe(250);
    await worker({ detail: { importId } });
    expect(await importStatus(deps, identity, importId)).toEqual(done);
    await worker({ detail: {} });
  }, 120_000);
});

describe('a commit that fails midway', () => {
  it('takes back every case it wrote: nothing is left, and the same file imports whole afterwards', async () => {
    const file = await ledgerXlsx(Array.from({ length: 12 }, (_, i) => row(100 + i)));
    const deps = ledgerDepsFor(table, { startImport: async () => undefined });
    let writes = 0;
    const failing = {
      ...deps,
      ledger: Object.assign(Object.create(Object.getPrototypeOf(deps.ledger) as object) as typeof deps.ledger, deps.ledger, {
        writeBundle: async (bundle: Parameters<typeof deps.ledger.writeBundle>[0]) => {
          if (++writes === 7) throw new AppError('unavailable', 'STORE_THROTTLED', { zh: '存储繁忙', en: 'throttled' });
          return deps.ledger.writeBundle(bundle);
        },
      }),
    };
    const identity = { sub: 'clerk', name: '王芳', roles: ['legal-office' as const] };
    await expect(importLedger(failing, identity, { bytes: file, dryRun: false })).rejects.toMatchObject({ code: 'STORE_THROTTLED' });
    for (let i = 0; i < 12; i++) {
      const guard = await table.doc.send(new GetCommand({ TableName: table.name, Key: caseNumberKey('reconsideration', `潞复〔2024〕${100 + i}号`) }));
      expect(guard.Item).toBeUndefined();
    }
    const listed = await call(app, 'GET', `/cases?q=${encodeURIComponent('潞复〔2024〕1')}`, { headers: await authHeader('legal-office') });
    expect((listed.body as { items: unknown[] }).items).toHaveLength(0);

    const outcome = await importLedger(deps, identity, { bytes: file, dryRun: false });
    expect(outcome).toMatchObject({ kind: 'report', report: { created: 12, unchanged: 0, errors: [] } });
  });
});

describe('search keys for cases registered before search existed', () => {
  it('are written once by the backfill', async () => {
    const registered = await registerCase(app, reconsiderationBody({ caseNumber: '潞复〔2021〕7号', parties: [{ role: 'applicant', name: '周八' }] }));
    const keys = await table.doc.send(
      new QueryCommand({ TableName: table.name, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :find)', ExpressionAttributeValues: { ':pk': `CASE#${registered.id}`, ':find': 'FIND#' } }),
    );
    expect(keys.Items).toHaveLength(2);
    for (const item of keys.Items ?? []) await table.doc.send(new DeleteCommand({ TableName: table.name, Key: { pk: item.pk, sk: item.sk } }));
    const search = async () =>
      ((await call(app, 'GET', `/cases?q=${encodeURIComponent('周八')}`, { headers: await authHeader('legal-office') })).body as { items: { id: string }[] }).items.map((c) => c.id);
    expect(await search()).toEqual([]);
    expect((await backfillCaseSearch(table)).cases).toBeGreaterThan(0);
    expect(await search()).toEqual([registered.id]);
    expect(await backfillCaseSearch(table)).toEqual({ cases: 0 });
  });
});
