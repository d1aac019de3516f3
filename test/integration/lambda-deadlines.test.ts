import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../shared/domain/clock';
import { runSweep } from '../../shared/jobs/sweep';
import { sweepDeps } from '../../shared/jobs/sweep-deps';
import { createLocalApp } from '../../shared/local/local-app';
import { eventBusPublisher } from '../../shared/store/event-bus';
import type { Table } from '../../shared/store/table';
import { ensureAgency, litigationBody, registerCase } from '../support/cases';
import { freshTable } from '../support/dynamo';
import { lambdaContext, loadHandler, sampleEvent, type ApiHandler } from '../support/lambda';

let table: Table;
let deadlines: ApiHandler;

beforeAll(async () => {
  table = await freshTable('lambda-deadlines');
  const app = createLocalApp({ table, clock: fixedClock('2025-03-05T02:00:00Z') });
  await ensureAgency(app, 'market-regulation');
  await registerCase(app, litigationBody({ receivedOn: '2025-01-13', filedOn: '2025-01-08' }));
  deadlines = await loadHandler('api-deadlines', table);
});

describe('api-deadlines Lambda with the sample events', () => {
  it('serves the board of overdue deadlines', async () => {
    const result = await deadlines(await sampleEvent('api-deadlines-board.json'), lambdaContext);
    expect(result.statusCode).toBe(200);
    const items = JSON.parse(result.body ?? '').items as { type: string; dueOn: string; status: string }[];
    expect(items).toContainEqual(expect.objectContaining({ type: 'defense', dueOn: '2025-02-05', status: 'overdue' }));
  });

  it('serves a year of the calendar', async () => {
    const result = await deadlines(await sampleEvent('api-deadlines-calendar.json'), lambdaContext);
    expect(JSON.parse(result.body ?? '')).toMatchObject({ year: 2025, published: true, source: 'official' });
  });

  it('serves the alerts', async () => {
    const result = await deadlines(await sampleEvent('api-deadlines-alerts.json'), lambdaContext);
    expect(result.statusCode).toBe(200);
  });
});

describe('the sweep Lambda', () => {
  it('runs on the scheduled event', async () => {
    const local = await freshTable('lambda-sweep');
    delete process.env.EVENT_BUS_NAME;
    const handler = (await loadHandler('sweep', local)) as unknown as (event: unknown) => Promise<{ today: string; read: number }>;
    const event = JSON.parse(await readFile(new URL('../../events/sweep-schedule.json', import.meta.url), 'utf8')) as unknown;
    const report = await handler(event);
    expect(report.read).toBe(0);
    expect(report.today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('puts what it raised onto the EventBridge bus, ten to a call', async () => {
    const eventBridge = mockClient(EventBridgeClient);
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [] });
    const local = await freshTable('sweep-bus');
    const app = createLocalApp({ table: local, clock: fixedClock('2025-03-03T02:00:00Z') });
    await ensureAgency(app, 'market-regulation');
    for (let i = 0; i < 11; i++) await registerCase(app, litigationBody({ receivedOn: '2025-02-20', filedOn: '2025-02-18' }));
    const publish = eventBusPublisher('case-tracker-events', new EventBridgeClient({ region: 'cn-north-1' }));
    const report = await runSweep(sweepDeps(local, { clock: fixedClock('2025-03-05T00:00:00Z'), publish }));
    expect(report.raised).toHaveLength(11);
    const calls = eventBridge.commandCalls(PutEventsCommand);
    // The alerts, ten to a call, then the day's digest request for the notifier.
    expect(calls.map((c) => c.args[0].input.Entries?.length)).toEqual([10, 1, 1]);
    expect(calls[2]?.args[0].input.Entries?.[0]).toMatchObject({ DetailType: 'notification-digest', Detail: JSON.stringify({ date: '2025-03-05' }) });
    const entry = calls[0]?.args[0].input.Entries?.[0];
    expect(entry).toMatchObject({ EventBusName: 'case-tracker-events', Source: 'case-tracker', DetailType: 'alert' });
    expect(JSON.parse(entry?.Detail ?? '{}')).toMatchObject({ type: 'deadline-approaching', deadline: { type: 'defense', dueOn: '2025-03-07' } });
    eventBridge.restore();
  });
});
