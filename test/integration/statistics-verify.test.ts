import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../shared/domain/dates';
import { verifyStatistics } from '../../shared/jobs/stats-verify';
import { createLocalApp } from '../../shared/local/local-app';
import type { CaseRecord } from '../../shared/domain/cases';
import { recomputeFigures } from '../../shared/domain/statistics-check';
import { stripKeys } from '../../shared/store/keys';
import type { Table } from '../../shared/store/table';
import { actAll, ensureAgency, litigationBody, reconsiderationBody, registerCase } from '../support/cases';
import { movableClock } from '../support/clock';
import { freshTable } from '../support/dynamo';
import { authHeader, call } from '../support/http';
import { aggregatorFor } from '../support/stream';

const agencies = ['market-regulation', 'public-security'];
const reconsiderationSteps = [
  { type: 'accept' },
  { type: 'accept', procedure: 'simple' },
  { type: 'reject', reason: 'out-of-time' },
  { type: 'request-correction' },
  { type: 'receive-correction' },
  { type: 'correction-lapsed' },
  { type: 'send-copy' },
  { type: 'suspend', reason: 'other' },
  { type: 'resume' },
  { type: 'extend', approvedBy: '主任' },
  { type: 'decide', outcome: 'revoke' },
  { type: 'decide', outcome: 'uphold' },
  { type: 'decide', outcome: 'mediation' },
  { type: 'terminate', reason: 'withdrawn' },
  { type: 'correct-outcome', outcome: 'modify' },
  { type: 'mark-major', reasonDetail: '涉及群体性利益' },
  { type: 'collective-review', forum: 'committee', conclusion: '建议撤销' },
];
const litigationSteps = [
  { type: 'file-defense' },
  { type: 'judge', form: 'judgment', instance: 'first', outcome: 'revoke' },
  { type: 'judge', form: 'ruling', instance: 'second', outcome: 'suit-dismissed' },
  { type: 'appeal', by: 'agency' },
  { type: 'conclude', outcome: 'claims-dismissed' },
  { type: 'conclude', outcome: 'revoke' },
  { type: 'correct-outcome', outcome: 'withdrawn' },
  { type: 'mark-major', reasonDetail: '社会影响较大' },
  { type: 'collective-review', forum: 'government-meeting', conclusion: '积极应诉' },
  { type: 'hearing', headAppeared: true },
  { type: 'hearing', headAppeared: false },
];

async function casesOf(table: Table): Promise<CaseRecord[]> {
  const page = await table.doc.send(new QueryCommand({ TableName: table.name, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': 'CASE' } }));
  return (page.Items ?? []).map((item) => stripKeys<CaseRecord>(item));
}

const command = fc.record({
  kind: fc.constantFrom('reconsideration', 'litigation'),
  agency: fc.constantFrom(...agencies),
  receivedOffset: fc.integer({ min: 0, max: 500 }),
  steps: fc.array(fc.record({ pick: fc.nat(), gap: fc.integer({ min: 0, max: 45 }) }), { maxLength: 6 }),
});

describe('npm run stats:verify', () => {
  it('reports a counter that disagrees with the case items', async () => {
    const table = await freshTable('verify-drift');
    const app = createLocalApp({ table, clock: movableClock('2025-06-30T10:00:00+08:00') });
    const aggregator = aggregatorFor(table);
    await ensureAgency(app, 'market-regulation');
    await registerCase(app, reconsiderationBody({ receivedOn: '2025-03-03' }));
    await aggregator.drain();
    aggregator.stop();
    expect(await verifyStatistics(table, [{ from: '2025-01-01', to: '2025-12-31' }])).toEqual([]);
    await table.doc.send(
      new UpdateCommand({ TableName: table.name, Key: { pk: 'STATS#reconsideration#ALL', sk: 'Y#2025' }, UpdateExpression: 'ADD received :one', ExpressionAttributeValues: { ':one': 1 } }),
    );
    const found = await verifyStatistics(table, [{ from: '2025-01-01', to: '2025-12-31' }]);
    expect(found).toContainEqual({ scope: 'ALL', from: '2025-01-01', to: '2025-12-31', field: 'reconsideration.received', counters: 2, recomputed: 1 });
  });

  it('recomputes an abandoned application as the counters count it: abandoned, closed, not pending (行政复议法第三十一条第二款)', async () => {
    const table = await freshTable('verify-abandoned');
    const app = createLocalApp({ table, clock: movableClock('2025-06-30T10:00:00+08:00') });
    const aggregator = aggregatorFor(table);
    await ensureAgency(app, 'market-regulation');
    // Received Monday 2025-03-03; the notice received 2025-03-06: the ten working days end on 2025-03-20.
    const c = await registerCase(app, reconsiderationBody({ receivedOn: '2025-03-03' }));
    await actAll(app, c.id, [
      { type: 'request-correction', on: '2025-03-04', servedOn: '2025-03-06' },
      { type: 'correction-lapsed', on: '2025-03-21' },
    ]);
    await aggregator.drain();
    aggregator.stop();
    const window = { from: '2025-03-01', to: '2025-03-31' };
    expect(recomputeFigures(await casesOf(table), [], window.from, window.to).reconsideration).toMatchObject({ abandoned: 1, pending: 0, notAccepted: 0, concluded: 0 });
    expect(await verifyStatistics(table, [window])).toEqual([]);
  });

  it('finds no difference between the counters and the case items after random ledgers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 3, maxLength: 8 }), async (commands) => {
        const table = await freshTable('verify');
        const clock = movableClock('2026-06-30T10:00:00+08:00');
        const app = createLocalApp({ table, clock });
        const aggregator = aggregatorFor(table);
        const legal = await authHeader('legal-office');
        for (const id of agencies) await ensureAgency(app, id);
        for (const c of commands) {
          const receivedOn = addDays('2024-09-01', c.receivedOffset);
          const body = c.kind === 'reconsideration' ? reconsiderationBody({ receivedOn, agencyId: c.agency }) : litigationBody({ receivedOn, filedOn: receivedOn, agencyId: c.agency });
          const created = await registerCase(app, body);
          let on = receivedOn;
          for (const step of c.steps) {
            on = addDays(on, step.gap);
            if (on > '2026-06-30') break;
            const list = c.kind === 'reconsideration' ? reconsiderationSteps : litigationSteps;
            const chosen: Record<string, unknown> & { type: string } = list[step.pick % list.length]!;
            if (chosen.type === 'hearing') {
              const hearing = await call(app, 'POST', `/cases/${created.id}/hearings`, { headers: legal, body: { scheduledAt: `${on}T09:00:00+08:00`, court: '法院', kind: 'court' } });
              const id = (hearing.body as { id: string }).id;
              await call(app, 'PUT', `/hearings/${id}/attendance`, {
                headers: legal,
                body: chosen.headAppeared ? { held: true, headAppeared: true, appearedName: '王', appearedTitle: 'principal' } : { held: true, headAppeared: false },
              });
              continue;
            }
            // Steps the case does not allow are refused by the API and simply skipped here.
            const extra = chosen.type === 'judge' ? { servedOn: on } : {};
            await call(app, 'POST', `/cases/${created.id}/actions`, { headers: legal, body: { ...chosen, ...extra, on } });
          }
        }
        await aggregator.drain();
        aggregator.stop();
        const found = await verifyStatistics(table, [
          { from: '2024-01-01', to: '2024-12-31' },
          { from: '2025-01-01', to: '2025-12-31' },
          { from: '2025-03-15', to: '2026-02-10' },
          { from: '2026-01-01', to: '2026-06-30' },
        ]);
        expect(found).toEqual([]);
      }),
      { numRuns: 6 },
    );
  }, 240_000);
});
