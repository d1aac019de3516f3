import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../shared/domain/clock';
import { aggregateBatch } from '../../shared/jobs/aggregate-batch';
import { runSweep } from '../../shared/jobs/sweep';
import { sweepDeps } from '../../shared/jobs/sweep-deps';
import { createLocalApp } from '../../shared/local/local-app';
import { logger } from '../../shared/log/logger';
import type { Table } from '../../shared/store/table';
import { actAll, ensureAgency, litigationBody, reconsiderationBody, registerCase } from '../support/cases';
import { movableClock } from '../support/clock';
import { freshTable } from '../support/dynamo';
import { authHeader, call } from '../support/http';
import { aggregatorFor } from '../support/stream';

/**
 * A year entered after the fact (in January 2026, for 2025), as an office migrating its ledger
 * would: 35 reconsideration cases accepted and 27 concluded in the year, 57 litigation cases
 * handled and 47 concluded, every held hearing attended by a head.
 */
const agencies = ['market-regulation', 'public-security', 'natural-resources'] as const;
const clock = movableClock('2026-01-15T10:00:00+08:00');
let table: Table;
let app: ReturnType<typeof createLocalApp>;
let aggregator: ReturnType<typeof aggregatorFor>;

const day = (month: number, d: number, year = 2025) => `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const outcomes = ['uphold', 'dismiss', 'revoke', 'modify', 'confirm-illegal', 'mediation'] as const;
const litigationOutcomes = ['claims-dismissed', 'suit-dismissed', 'withdrawn', 'revoke', 'confirm-illegal'] as const;

async function hearing(caseId: string, at: string, headAppeared: boolean) {
  const headers = await authHeader('legal-office');
  const created = await call(app, 'POST', `/cases/${caseId}/hearings`, { headers, body: { scheduledAt: at, court: '潞州区人民法院', kind: 'court' } });
  const id = (created.body as { id: string }).id;
  const recorded = await call(app, 'PUT', `/hearings/${id}/attendance`, {
    headers,
    body: headAppeared ? { held: true, headAppeared: true, appearedName: '李局长', appearedTitle: 'deputy' } : { held: true, headAppeared: false },
  });
  if (recorded.status !== 200) throw new Error(recorded.text);
}

beforeAll(async () => {
  table = await freshTable('statistics');
  app = createLocalApp({ table, clock });
  aggregator = aggregatorFor(table);
  for (const id of agencies) await ensureAgency(app, id, `区${id}局`);

  // Reconsideration: 2 carried over from December 2024 and concluded in 2025.
  for (let i = 0; i < 2; i++) {
    const c = await registerCase(app, reconsiderationBody({ receivedOn: '2024-12-20', agencyId: agencies[i]! }));
    await actAll(app, c.id, [
      { type: 'accept', on: '2024-12-23' },
      { type: 'decide', on: '2025-02-10', outcome: 'revoke' },
    ]);
  }
  // 36 received in 2025: one rejected, 35 accepted; 25 of those concluded in 2025, 10 still open.
  const rejected = await registerCase(app, reconsiderationBody({ receivedOn: day(3, 3), agencyId: 'public-security' }));
  await actAll(app, rejected.id, [{ type: 'reject', on: day(3, 5), reason: 'out-of-time' }]);
  for (let i = 0; i < 35; i++) {
    const month = 1 + (i % 11);
    const received = day(month, 6);
    const c = await registerCase(app, reconsiderationBody({ receivedOn: received, agencyId: agencies[i % 3]! }));
    const steps: Record<string, unknown>[] = [{ type: 'accept', on: day(month, 7) }];
    if (i < 25) steps.push({ type: 'decide', on: day(month, 28), outcome: outcomes[i % outcomes.length] });
    await actAll(app, c.id, steps);
  }

  // Litigation: 5 carried over from November 2024, 52 received in 2025; 47 concluded in 2025.
  const litigation: string[] = [];
  for (let i = 0; i < 5; i++) {
    const c = await registerCase(app, litigationBody({ receivedOn: '2024-11-11', filedOn: '2024-11-06', agencyId: agencies[i % 3]! }));
    await actAll(app, c.id, [{ type: 'conclude', on: day(1, 20), outcome: 'withdrawn' }]);
  }
  for (let i = 0; i < 52; i++) {
    const month = 1 + (i % 10);
    const c = await registerCase(app, litigationBody({ receivedOn: day(month, 3), filedOn: day(month, 1), agencyId: agencies[i % 3]! }));
    litigation.push(c.id);
    await actAll(app, c.id, [{ type: 'file-defense', on: day(month, 10) }]);
    if (i < 25) {
      // One hearing each, a second one at the same instance for five of them; a head at every one.
      await hearing(c.id, `${day(month, 20)}T09:00:00+08:00`, true);
      if (i < 5) await hearing(c.id, `${day(month, 25)}T09:00:00+08:00`, true);
    }
    if (i < 42) {
      await actAll(app, c.id, [
        { type: 'judge', on: day(month, 26), servedOn: day(month, 27), form: 'judgment', instance: 'first', outcome: litigationOutcomes[i % litigationOutcomes.length] },
        { type: 'conclude', on: day(month + 1, 20), outcome: litigationOutcomes[i % litigationOutcomes.length] },
      ]);
    }
  }
  await aggregator.drain();
}, 300_000);

async function statistics(query: string, role: 'legal-office' | 'agency-head' | 'stats-reader' = 'legal-office', agency?: string) {
  const res = await call(app, 'GET', `/statistics?${query}`, { headers: await authHeader(role, agency) });
  expect(res.status, res.text).toBe(200);
  return res.body as { reconsideration: Record<string, unknown>; litigation: Record<string, unknown> };
}

describe('a year entered after the fact', () => {
  it('gives the district’s figures: 35 accepted, 27 concluded; 57 handled, 47 concluded; 100% head appearance', async () => {
    const figures = await statistics('from=2025-01-01&to=2025-12-31', 'stats-reader');
    expect(figures.reconsideration).toMatchObject({
      received: 36,
      accepted: 35,
      notAccepted: 1,
      concluded: 27,
      handled: 38,
      pending: 10,
      deemedAccepted: 0,
    });
    expect(figures.litigation).toMatchObject({
      received: 52,
      handled: 57,
      concluded: 47,
      pending: 10,
      hearingsHeld: 30,
      hearingsWithHead: 30,
      instancesHeard: 25,
      instancesWithHead: 25,
      headAppearanceRate: 1,
      hearingHeadAppearanceRate: 1,
    });
  });

  it('counts outcomes and rates: corrections over concluded, and over cases closed by a decision', async () => {
    const { reconsideration } = await statistics('from=2025-01-01&to=2025-12-31');
    // Of the 25 decided in 2025: outcomes cycle uphold, dismiss, revoke, modify, confirm-illegal, mediation;
    // the 2 carried over were revoked.
    expect(reconsideration.byOutcome).toEqual({ uphold: 5, dismiss: 4, revoke: 6, modify: 4, 'confirm-illegal': 4, mediation: 4 });
    expect(reconsideration.correctionRate).toBeCloseTo(14 / 27);
    expect(reconsideration.decisionCorrectionRate).toBeCloseTo(14 / 23);
    expect(reconsideration.concludedOnTime).toBe(27);
  });

  it('counts carried-over cases in handled and concluded but not in received', async () => {
    const december = await statistics('from=2024-12-01&to=2024-12-31');
    expect(december.reconsideration).toMatchObject({ received: 2, accepted: 2, pending: 2 });
    const january = await statistics('from=2025-01-01&to=2025-01-31');
    expect(january.litigation).toMatchObject({ handled: 5 + 6, received: 6, concluded: 5 });
  });

  it('adds up per agency to the total, and an agency head sees its own', async () => {
    const total = await statistics('from=2025-01-01&to=2025-12-31');
    const perAgency = await Promise.all(agencies.map((id) => statistics(`from=2025-01-01&to=2025-12-31&agencyId=${id}`)));
    for (const key of ['received', 'accepted', 'concluded', 'handled', 'pending'] as const) {
      expect(perAgency.reduce((sum, f) => sum + (f.reconsideration[key] as number), 0)).toBe(total.reconsideration[key]);
    }
    expect(perAgency.reduce((sum, f) => sum + (f.litigation.concluded as number), 0)).toBe(47);
    const own = await statistics('from=2025-01-01&to=2025-12-31', 'agency-head', 'public-security');
    expect(own).toEqual({ ...perAgency[1], agencyId: 'public-security' });
    const other = await call(app, 'GET', '/statistics?agencyId=market-regulation', { headers: await authHeader('agency-head', 'public-security') });
    expect(other.status).toBe(404);
  });

  it('serves twelve months that add up to the year', async () => {
    const res = await call(app, 'GET', '/statistics/monthly?year=2025', { headers: await authHeader('stats-reader') });
    const months = (res.body as { months: { month: string; reconsideration: { accepted: number }; litigation: { concluded: number } }[] }).months;
    expect(months.map((m) => m.month)).toEqual(Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`));
    expect(months.reduce((sum, m) => sum + m.reconsideration.accepted, 0)).toBe(35);
    expect(months.reduce((sum, m) => sum + m.litigation.concluded, 0)).toBe(47);
  });

  it('exports a CSV with a BOM, Chinese headers, a row per agency and a total row', async () => {
    const res = await app.request('/statistics.csv?from=2025-01-01&to=2025-12-31', { headers: await authHeader('stats-reader') });
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await res.arrayBuffer());
    // The UTF-8 byte order mark Excel and WPS need to read UTF-8, then CRLF-separated rows.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = text.trim().split('\r\n').map((line) => line.split(','));
    const header = rows[0]!;
    for (const name of ['行政复议收案数', '行政复议受理数', '行政复议不予受理数', '行政复议审结数', '直接纠错率', '败诉率', '负责人出庭应诉率']) {
      expect(header).toContain(name);
    }
    expect(rows).toHaveLength(1 + agencies.length + 1);
    const total = rows.at(-1)!;
    const column = (name: string) => total[header.indexOf(name)];
    expect(total[1]).toBe('合计');
    expect(column('行政复议受理数')).toBe('35');
    expect(column('行政复议审结数')).toBe('27');
    expect(column('行政应诉办理数')).toBe('57');
    expect(column('行政应诉审结数')).toBe('47');
    expect(column('负责人出庭应诉率')).toBe('100.00%');
  });

  it('carries no personal data', async () => {
    const json = await call(app, 'GET', '/statistics?from=2025-01-01&to=2025-12-31', { headers: await authHeader('stats-reader') });
    const csv = await call(app, 'GET', '/statistics.csv?from=2025-01-01&to=2025-12-31', { headers: await authHeader('stats-reader') });
    for (const text of [json.text, csv.text]) {
      expect(text).not.toContain('张三');
      expect(text).not.toContain('李局长');
      expect(text).not.toMatch(/\d{17}[\dX]/);
    }
  });
});

describe('the monthly report (月通报)', () => {
  it('is emitted once by the sweep on the first day of a month, and listed at /reports', async () => {
    const published: { type: string; details: readonly object[] }[] = [];
    const deps = sweepDeps(table, {
      clock: fixedClock('2025-04-01T00:30:00Z'),
      publish: async (type, details) => {
        published.push({ type, details });
      },
    });
    const report = await runSweep(deps);
    expect(report.reported).toBe('2025-03');
    const monthly = published.find((p) => p.type === 'statistics-monthly')?.details[0] as { month: string; total: { reconsideration: unknown }; agencies: unknown[] };
    expect(monthly.month).toBe('2025-03');
    expect(monthly.agencies).toHaveLength(agencies.length);
    const march = await statistics('from=2025-03-01&to=2025-03-31');
    expect(monthly.total.reconsideration).toEqual(march.reconsideration);

    expect((await runSweep(deps)).reported).toBeUndefined();
    const listed = await call(app, 'GET', '/reports', { headers: await authHeader('stats-reader') });
    expect((listed.body as { items: { month: string }[] }).items.map((r) => r.month)).toEqual(['2025-03']);
    expect((await call(app, 'GET', '/reports', { headers: await authHeader('agency-head', 'public-security') })).status).toBe(403);
  });
});

describe('the aggregator', () => {
  it('changes nothing when the same stream batch is delivered again', async () => {
    const before = await statistics('from=2024-01-01&to=2025-12-31');
    await aggregateBatch(table, aggregator.seen, logger);
    expect(await statistics('from=2024-01-01&to=2025-12-31')).toEqual(before);
  });

  it('moves the count when an outcome is corrected after conclusion', async () => {
    const c = await registerCase(app, reconsiderationBody({ receivedOn: day(6, 2), agencyId: 'natural-resources' }));
    await actAll(app, c.id, [
      { type: 'accept', on: day(6, 3) },
      { type: 'decide', on: day(6, 30), outcome: 'uphold' },
    ]);
    await aggregator.drain();
    const before = (await statistics('from=2025-06-01&to=2025-06-30')).reconsideration;
    await actAll(app, c.id, [{ type: 'correct-outcome', on: day(7, 2), outcome: 'revoke', reason: '录入错误' }]);
    await aggregator.drain();
    const after = (await statistics('from=2025-06-01&to=2025-06-30')).reconsideration;
    const outcomes = (f: Record<string, unknown>) => f.byOutcome as Record<string, number>;
    expect(after.concluded).toBe(before.concluded);
    expect(outcomes(after).uphold ?? 0).toBe((outcomes(before).uphold ?? 0) - 1);
    expect(outcomes(after).revoke ?? 0).toBe((outcomes(before).revoke ?? 0) + 1);
  });
});

describe('legal additions of the second round', () => {
  it('counts an application received 2023-12-28 and accepted on 2024-01-03 as accepted in 2023 (行政复议法（2017）第十七条第二款)', async () => {
    const c = await registerCase(app, reconsiderationBody({ receivedOn: '2023-12-28', agencyId: 'natural-resources' }));
    await actAll(app, c.id, [{ type: 'accept', on: '2024-01-03' }]);
    await aggregator.drain();
    expect((await statistics('from=2023-12-01&to=2023-12-31')).reconsideration).toMatchObject({ received: 1, accepted: 1 });
    expect((await statistics('from=2024-01-01&to=2024-01-31')).reconsideration).toMatchObject({ accepted: 0 });
  });

  it('counts an application abandoned for want of correction as abandoned, neither 不予受理 nor 审结 (行政复议法第三十一条第二款)', async () => {
    // Received Monday 2024-03-04; the notice received 2024-03-07: the applicant's ten working days end on 2024-03-21.
    const c = await registerCase(app, reconsiderationBody({ receivedOn: '2024-03-04', agencyId: 'market-regulation' }));
    await actAll(app, c.id, [
      { type: 'request-correction', on: '2024-03-05', servedOn: '2024-03-07' },
      { type: 'correction-lapsed', on: '2024-03-22' },
    ]);
    await aggregator.drain();
    // The agency's only case before 2024-11 (pending counts every case still open, whenever received).
    expect((await statistics('from=2024-03-01&to=2024-03-31&agencyId=market-regulation')).reconsideration).toMatchObject({
      received: 1,
      abandoned: 1,
      notAccepted: 0,
      concluded: 0,
      pending: 0,
    });
  });
});
