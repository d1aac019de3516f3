import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Calendar } from '../shared/domain/calendar';
import { recordAction, registerCase } from '../shared/domain/case-actions';
import { chinaDateTime, chinaToday, systemClock } from '../shared/domain/clock';
import { confirmHearing, confirmationDeadline } from '../shared/domain/hearings';
import { caseItem, deadlineWrites, DynamoCaseRepository, historyPut, planCaseQuery, registrationItems } from '../shared/store/case-store';
import { presentCase } from '../shared/domain/case-view';
import { deadlineDelete } from '../shared/store/deadline-items';
import { COMMIT_BARRIER_KEY } from '../shared/store/transactions';
import { DynamoHearingRepository } from '../shared/store/hearing-store';
import { hearingKey } from '../shared/store/keys';
import type { Table } from '../shared/store/table';
import { SAMPLE_CASE, SAMPLE_HEARING, type Fixture } from './fixtures';
import { median, percentile, round } from './stats';

type Handler = (event: unknown, context: unknown) => Promise<{ statusCode: number; body?: string }>;
const context = { awsRequestId: 'bench', functionName: 'bench', getRemainingTimeInMillis: () => 10_000 };
const event = (file: string) => JSON.parse(readFileSync(`events/${file}`, 'utf8')) as Record<string, unknown> & { body?: string; headers: Record<string, string> };

async function load(file: string): Promise<Handler> {
  return ((await import(pathToFileURL(file).href)) as { handler: Handler }).handler;
}

interface Route {
  name: string;
  /** one call through the Lambda handler */
  handler: (i: number) => Promise<void>;
  /** the same DynamoDB operations, issued directly */
  direct: (i: number) => Promise<void>;
}

function expectOk(result: { statusCode: number; body?: string }, route: string): void {
  if (result.statusCode >= 400) throw new Error(`${route}: ${result.statusCode} ${result.body?.slice(0, 300)}`);
}

/**
 * The main routes through their Lambda handlers in this process, each next to the DynamoDB
 * operations it makes issued directly with the SDK (items built beforehand, so only the calls are
 * timed): the difference is the app's own work — routing, validation, auth, the domain, mapping.
 */
export async function measureWarm(
  bundles: Map<string, string>,
  table: Table,
  directSdkBundle: string,
  endpoint: string,
  fixture: Fixture,
  calls = 300,
): Promise<Record<string, { p50Ms: number; p99Ms: number; directP50Ms: number; ratio: number }>> {
  const { directClient, GetCommand, QueryCommand, TransactWriteCommand } = (await import(pathToFileURL(directSdkBundle).href)) as typeof import('./direct-sdk');
  const doc = directClient(endpoint);
  // On DynamoDB Local the store follows each transaction with one consistent read (the commit
  // barrier, shared/store/transactions.ts); the direct side issues the same operations.
  const commitBarrier = () => doc.send(new GetCommand({ TableName, Key: COMMIT_BARRIER_KEY, ConsistentRead: true }));
  const cases = await load(bundles.get('api-cases')!);
  const hearings = await load(bundles.get('api-hearings')!);
  const statistics = await load(bundles.get('api-statistics')!);
  const calendar = new Calendar();
  const today = chinaToday(systemClock);
  const now = { at: chinaDateTime(systemClock.now()), today };
  const actor = { sub: 'bench', name: '基准测试' };
  const TableName = table.name;
  const stored = await new DynamoCaseRepository(table).get(fixture.decided[0]!);
  const decidedRecord = stored!.record;
  const hearing = (await new DynamoHearingRepository(table).get(SAMPLE_HEARING))!;

  // Events are read once: only the call through the handler is timed.
  const createEvent = event('api-cases-create.json');
  const getEvent = event('api-cases-get.json');
  const actionEvent = event('api-cases-action.json');
  const listEvent = event('api-cases-list.json');
  const statisticsEvent = event('api-statistics-get.json');
  const confirmEvent = event('api-hearings-confirm.json');
  const routes: Route[] = [
    {
      name: 'register case',
      handler: async (i) => {
        const body = JSON.parse(createEvent.body!) as Record<string, unknown>;
        body.caseNumber = `潞复〔2026〕H${i}号`;
        const result = await cases({ ...createEvent, body: JSON.stringify(body), headers: { ...createEvent.headers, 'idempotency-key': `warm-h-${i}` } }, context);
        expectOk(result, 'register case');
      },
      direct: async (i) => {
        // The same body, the same one transaction the store builds (case, guard, agency check,
        // history, idempotency claim with the response, deadline index items).
        const body = JSON.parse(createEvent.body!) as Parameters<typeof registerCase>[1];
        const { record, history } = registerCase(`01JDIRECT${String(i).padStart(17, '0')}`, { ...body, caseNumber: `潞复〔2026〕D${i}号` }, actor, now, calendar);
        const { items } = registrationItems(TableName, record, history, { claim: { key: `warm-d-${i}`, fingerprint: 'x' }, response: { status: 201, body: presentCase(record, []), headers: {} } }, Date.now());
        const started = performance.now();
        await doc.send(new TransactWriteCommand({ TransactItems: items }));
        await commitBarrier();
        timed.push(performance.now() - started);
      },
    },
    {
      name: 'get case',
      handler: async () => expectOk(await cases(getEvent, context), 'get case'),
      direct: async () => {
        const started = performance.now();
        await Promise.all([
          doc.send(new QueryCommand({ TableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :c)', ExpressionAttributeValues: { ':pk': `CASE#${SAMPLE_CASE}`, ':c': 'CASE' }, ConsistentRead: true })),
          doc.send(new QueryCommand({ TableName, IndexName: 'gsi3', KeyConditionExpression: 'gsi3pk = :pk', ExpressionAttributeValues: { ':pk': `CASE#${SAMPLE_CASE}#HEARING` } })),
        ]);
        timed.push(performance.now() - started);
      },
    },
    {
      name: 'one action',
      handler: async (i) => {
        const base = actionEvent;
        const id = fixture.decided[i % fixture.decided.length]!;
        const path = `/cases/${id}/actions`;
        const headers = { ...base.headers };
        delete headers['if-match'];
        const result = await cases(
          { ...base, rawPath: path, pathParameters: { caseId: id }, headers, requestContext: { ...(base.requestContext as object), http: { ...((base.requestContext as { http: object }).http), path } }, body: JSON.stringify({ type: 'record-performance', on: today, performed: true }) },
          context,
        );
        expectOk(result, 'one action');
      },
      direct: async (i) => {
        const { record, history } = recordAction(decidedRecord, { type: 'record-performance', on: today, performed: true }, actor, now, calendar);
        const id = `01JDIRECTACT${String(i).padStart(14, '0')}`;
        const started = performance.now();
        await doc.send(new QueryCommand({ TableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :c)', ExpressionAttributeValues: { ':pk': `CASE#${decidedRecord.id}`, ':c': 'CASE' }, ConsistentRead: true }));
        await doc.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName, Item: { ...caseItem({ ...record, id }) }, ConditionExpression: 'attribute_not_exists(version) OR version = :v', ExpressionAttributeValues: { ':v': record.version - 1 } } },
              historyPut(TableName, id, history),
              ...deadlineWrites(TableName, decidedRecord, { ...record, id }),
            ],
          }),
        );
        await commitBarrier();
        timed.push(performance.now() - started);
      },
    },
    {
      name: 'list cases',
      handler: async () => expectOk(await cases(listEvent, context), 'list cases'),
      direct: async () => {
        // The store's query for ?kind=reconsideration&open=true&limit=20, read until the page is full.
        const query = { ...planCaseQuery({ kind: 'reconsideration', open: true }), ScanIndexForward: false, TableName, Limit: 20 };
        const started = performance.now();
        let found = 0;
        let start: Record<string, unknown> | undefined;
        do {
          const result = await doc.send(new QueryCommand({ ...query, ...(start ? { ExclusiveStartKey: start } : {}) }));
          found += result.Items?.length ?? 0;
          start = result.LastEvaluatedKey;
        } while (start && found < 20);
        timed.push(performance.now() - started);
      },
    },
    {
      name: 'statistics',
      handler: async () => expectOk(await statistics(statisticsEvent, context), 'statistics'),
      direct: async () => {
        const started = performance.now();
        await Promise.all(
          ['reconsideration', 'litigation'].map((kind) =>
            doc.send(new QueryCommand({ TableName, KeyConditionExpression: 'pk = :pk AND sk BETWEEN :a AND :b', ExpressionAttributeValues: { ':pk': `STATS#${kind}#ALL`, ':a': 'Y#0000', ':b': 'Y#9999' } })),
          ),
        );
        timed.push(performance.now() - started);
      },
    },
    {
      name: 'confirm hearing',
      // A new name each call: the same confirmation by the same person again is a no-op (PUT is
      // idempotent) and would measure a read instead of a write.
      handler: async (i) => {
        const base = confirmEvent;
        const body = { attendance: 'head', head: { name: `李局长${i}`, title: 'principal' } };
        expectOk(await hearings({ ...base, body: JSON.stringify(body) }, context), 'confirm hearing');
      },
      direct: async (i) => {
        const changed = confirmHearing(hearing, { attendance: 'head', head: { name: '李局长', title: 'principal' } }, actor, 'agency-head', systemClock.now(), now.at);
        const deadline = confirmationDeadline(changed.hearing, calendar, today, 3);
        const id = `01JDIRECTHRG${String(i).padStart(14, '0')}`;
        const started = performance.now();
        await doc.send(new GetCommand({ TableName, Key: hearingKey(SAMPLE_HEARING), ConsistentRead: true }));
        await doc.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName, Item: { ...hearingKey(id), ...changed.hearing, id }, ConditionExpression: 'attribute_not_exists(version) OR version = :v', ExpressionAttributeValues: { ':v': changed.hearing.version - 1 } } },
              historyPut(TableName, hearing.caseId, changed.history),
              deadlineDelete(TableName, hearingKey(id).pk, deadline.key),
            ],
          }),
        );
        await commitBarrier();
        timed.push(performance.now() - started);
      },
    },
  ];

  let timed: number[] = [];
  const results: Record<string, { p50Ms: number; p99Ms: number; directP50Ms: number; ratio: number }> = {};
  // Request logs go to stdout as in Lambda; here they are written and thrown away.
  const write = process.stdout.write.bind(process.stdout);
  for (const route of routes) {
    const handlerTimes: number[] = [];
    const directTimes: number[] = [];
    process.stdout.write = (() => true) as typeof process.stdout.write;
    try {
      // Each bundle carries its own copy of the SDK, whose code V8 optimizes on its own: warm it well.
      for (let i = 0; i < 150; i++) {
        await route.handler(100_000 + i);
        timed = [];
        await route.direct(100_000 + i);
      }
      for (let i = 0; i < calls; i++) {
        const started = performance.now();
        await route.handler(i);
        handlerTimes.push(performance.now() - started);
        timed = [];
        await route.direct(i);
        directTimes.push(timed[0]!);
      }
    } finally {
      process.stdout.write = write;
    }
    const p50 = median(handlerTimes);
    const direct = median(directTimes);
    results[route.name] = { p50Ms: round(p50), p99Ms: round(percentile(handlerTimes, 99)), directP50Ms: round(direct), ratio: round(p50 / direct) };
  }
  return results;
}
