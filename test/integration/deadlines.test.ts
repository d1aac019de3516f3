import { beforeAll, describe, expect, it } from 'vitest';
import { runSweep } from '../../shared/jobs/sweep';
import { sweepDeps } from '../../shared/jobs/sweep-deps';
import { createLocalApp } from '../../shared/local/local-app';
import type { Table } from '../../shared/store/table';
import { act, ensureAgency, litigationBody, reconsiderationBody, registerCase } from '../support/cases';
import { movableClock } from '../support/clock';
import { freshTable } from '../support/dynamo';
import { authHeader, call } from '../support/http';

interface Entry {
  caseId: string;
  type: string;
  dueOn: string;
  status: string;
  agencyId: string;
  daysLeft: number;
}

let table: Table;
const clock = movableClock('2024-09-30T09:00:00+08:00');
let app: ReturnType<typeof createLocalApp>;

beforeAll(async () => {
  table = await freshTable('deadlines');
  app = createLocalApp({ table, clock });
  await ensureAgency(app, 'market-regulation');
  await ensureAgency(app, 'public-security');
});

async function board(query = '', role: 'legal-office' | 'agency-head' = 'legal-office', agency?: string): Promise<Entry[]> {
  const res = await call(app, 'GET', `/deadlines?limit=200${query}`, { headers: await authHeader(role, agency) });
  expect(res.status, res.text).toBe(200);
  return (res.body as { items: Entry[] }).items;
}

describe('deadlines on a registered case', () => {
  it('computes the acceptance review at registration, with basis and explanation', async () => {
    const created = await registerCase(app, reconsiderationBody({ receivedOn: '2024-09-27' }));
    const deadlines = created.deadlines as { type: string; dueOn: string; basis: string; explanation: string[] }[];
    expect(deadlines).toHaveLength(1);
    expect(deadlines[0]).toMatchObject({ type: 'acceptance-review', dueOn: '2024-10-10', status: 'open', provisional: false });
    expect(deadlines[0]?.explanation.join('\n')).toContain('2024-10-01至2024-10-07（国庆节假期）');
  });

  it('recomputes on every action and shows the open ones on the board, soonest first', async () => {
    clock.set('2024-03-06T10:00:00+08:00');
    const created = await registerCase(app, reconsiderationBody({ receivedOn: '2024-03-04', agencyId: 'public-security' }));
    const accepted = await act(app, created.id, { type: 'accept', on: '2024-03-06' });
    const types = (accepted.body as { deadlines: { type: string; status: string; dueOn: string }[] }).deadlines.map((d) => [d.type, d.status, d.dueOn]);
    expect(types).toEqual([
      ['acceptance-review', 'met', '2024-03-11'],
      ['copy-to-respondent', 'open', '2024-03-15'],
      ['decision', 'open', '2024-05-06'],
    ]);
    const mine = (await board()).filter((e) => e.caseId === created.id);
    expect(mine.map((e) => [e.type, e.dueOn, e.status])).toEqual([
      ['copy-to-respondent', '2024-03-15', 'open'],
      ['decision', '2024-05-06', 'open'],
    ]);
  });

  it('filters the board by status, due range, type and agency; an agency head sees its own', async () => {
    clock.set('2024-03-20T10:00:00+08:00');
    const overdue = await board('&status=overdue');
    expect(overdue.every((e) => e.dueOn < '2024-03-20' && e.status === 'overdue')).toBe(true);
    expect(overdue.some((e) => e.type === 'copy-to-respondent')).toBe(true);
    const open = await board('&status=open');
    expect(open.every((e) => e.dueOn >= '2024-03-20')).toBe(true);
    expect((await board('&type=decision')).every((e) => e.type === 'decision')).toBe(true);
    expect((await board('&dueFrom=2024-05-01&dueTo=2024-05-31')).map((e) => e.dueOn)).toEqual(['2024-05-06']);
    const head = await board('', 'agency-head', 'market-regulation');
    expect(head.length).toBeGreaterThan(0);
    expect(head.every((e) => e.agencyId === 'market-regulation')).toBe(true);
    expect(await board('&agencyId=public-security', 'agency-head', 'market-regulation')).toEqual([]);
    const sorted = (await board()).map((e) => e.dueOn);
    expect(sorted).toEqual([...sorted].sort());
  });

  it('takes a deadline off the board once it is met', async () => {
    clock.set('2024-03-06T10:00:00+08:00');
    const created = await registerCase(app, reconsiderationBody({ receivedOn: '2024-03-05' }));
    await act(app, created.id, { type: 'accept', on: '2024-03-06' });
    await act(app, created.id, { type: 'send-copy', on: '2024-03-06' });
    const types = (await board()).filter((e) => e.caseId === created.id).map((e) => e.type);
    expect(types).toEqual(['respondent-reply', 'decision']);
  });
});

describe('time zone', () => {
  it('at 2024-10-07T17:00Z it is already 2024-10-08 in China: a deadline due on the 7th is overdue', async () => {
    clock.set('2024-10-07T09:00:00+08:00');
    const created = await registerCase(app, litigationBody({ receivedOn: '2024-09-20', filedOn: '2024-09-18' }));
    // 15 days from 2024-09-20 end on 2024-10-05 in the National Day holiday: due 2024-10-08.
    expect((created.deadlines as { dueOn: string }[])[0]?.dueOn).toBe('2024-10-08');
    clock.set('2024-10-08T17:00:00Z');
    const entry = (await board()).find((e) => e.caseId === created.id);
    expect(entry).toMatchObject({ status: 'overdue', daysLeft: -1 });
    clock.set('2024-10-08T15:59:00Z');
    expect((await board()).find((e) => e.caseId === created.id)).toMatchObject({ status: 'open', daysLeft: 0 });
  });
});

describe('PUT /calendar/{year}', () => {
  it('turns a provisional deadline final and writes the move into the case history', async () => {
    const local = await freshTable('calendar');
    const localClock = movableClock('2026-12-01T10:00:00+08:00');
    const calendarApp = createLocalApp({ table: local, clock: localClock });
    await ensureAgency(calendarApp, 'market-regulation');
    const created = await registerCase(calendarApp, reconsiderationBody({ receivedOn: '2026-11-30' }));
    const accepted = await act(calendarApp, created.id, { type: 'accept', on: '2026-12-01' });
    const decision = (accepted.body as { deadlines: { type: string; dueOn: string; provisional: boolean }[] }).deadlines.find((d) => d.type === 'decision');
    expect(decision).toMatchObject({ dueOn: '2027-02-01', provisional: true });

    const before = await call(calendarApp, 'GET', '/calendar/2027', { headers: await authHeader('legal-office') });
    // Not published: counted with the statutory holidays of the 全国年节及纪念日放假办法 (第二条, 第六条), no 调休.
    expect(before.body).toMatchObject({ year: 2027, published: false, source: 'statutory', workdays: [] });
    expect((before.body as { holidays: string[] }).holidays).toEqual(expect.arrayContaining(['2027-01-01', '2027-02-05', '2027-10-04', '2027-10-05']));

    const put = await call(calendarApp, 'PUT', '/calendar/2027', {
      headers: await authHeader('legal-office', undefined, '刘主任'),
      body: { holidays: ['2027-01-01', '2027-02-01', '2027-02-02'], workdays: ['2027-01-30'] },
    });
    expect(put.status, put.text).toBe(200);
    expect(put.body).toMatchObject({ year: 2027, published: true, source: 'override', recomputed: { cases: 1, deadlinesMoved: 1 } });

    const after = await call(calendarApp, 'GET', `/cases/${created.id}`, { headers: await authHeader('legal-office') });
    // Saturday 2027-01-30 is now a working day: the period ends on it.
    expect((after.body as { deadlines: { type: string; dueOn: string; provisional: boolean }[] }).deadlines.find((d) => d.type === 'decision')).toMatchObject({
      dueOn: '2027-01-30',
      provisional: false,
    });
    const history = await call(calendarApp, 'GET', `/cases/${created.id}/history`, { headers: await authHeader('legal-office') });
    const entry = (history.body as { items: { action: string; actor: { name: string }; before: unknown; after: unknown }[] }).items.at(-1);
    expect(entry).toMatchObject({
      action: 'calendar-updated',
      actor: { name: '刘主任' },
      before: { deadlines: { 'decision#1': '2027-02-01' } },
      after: { deadlines: { 'decision#1': '2027-01-30' } },
    });
  });

  it('refuses make-up working days that are not weekend days, and days of another year', async () => {
    const res = await call(app, 'PUT', '/calendar/2028', {
      headers: await authHeader('legal-office'),
      body: { holidays: ['2027-12-31'], workdays: ['2028-01-03'] },
    });
    expect(res.status).toBe(400);
    expect((res.body as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['holidays.0', 'workdays.0']);
  });

  it('is for the legal office only', async () => {
    const res = await call(app, 'PUT', '/calendar/2028', { headers: await authHeader('agency-head', 'market-regulation'), body: { holidays: [], workdays: [] } });
    expect(res.status).toBe(403);
  });

  it('serves the official schedule of a published year', async () => {
    const res = await call(app, 'GET', '/calendar/2025', { headers: await authHeader('legal-office') });
    expect(res.body).toMatchObject({ year: 2025, published: true, source: 'official' });
    expect((res.body as { workdays: string[] }).workdays).toContain('2025-02-08');
  });
});

describe('the daily sweep', () => {
  it('raises approaching and overdue alerts once, and stores deemed acceptances', async () => {
    const local = await freshTable('sweep');
    const sweepClock = movableClock('2024-09-30T09:00:00+08:00');
    const sweepApp = createLocalApp({ table: local, clock: sweepClock });
    await ensureAgency(sweepApp, 'market-regulation');
    const lapsing = await registerCase(sweepApp, reconsiderationBody({ receivedOn: '2024-09-27' }));
    const litigation = await registerCase(sweepApp, litigationBody({ receivedOn: '2024-09-20', filedOn: '2024-09-18' }));
    const deps = sweepDeps(local, { clock: sweepClock });

    // 2024-10-08: the defense (due 10-08) is due today, the review (due 10-10) within three working days.
    sweepClock.set('2024-10-08T08:00:00+08:00');
    const first = await runSweep(deps);
    expect(first.raised.map((a) => [a.type, a.deadline?.type]).sort()).toEqual([
      ['deadline-approaching', 'acceptance-review'],
      ['deadline-approaching', 'defense'],
    ]);
    const again = await runSweep(deps);
    expect(again.raised).toEqual([]);

    // 2024-10-11: the defense is overdue; the review lapsed, so the case is deemed accepted.
    sweepClock.set('2024-10-11T08:00:00+08:00');
    const later = await runSweep(deps);
    expect(later.raised.map((a) => [a.type, a.caseId])).toContainEqual(['deadline-overdue', litigation.id]);
    expect(later.raised.some((a) => a.caseId === lapsing.id && a.type === 'deadline-overdue')).toBe(false);
    expect(later.deemedAccepted).toEqual([lapsing.id]);

    const stored = await call(sweepApp, 'GET', `/cases/${lapsing.id}/history`, { headers: await authHeader('legal-office') });
    expect((stored.body as { items: { action: string; after: Record<string, unknown> }[] }).items.at(-1)).toMatchObject({
      action: 'deemed-acceptance',
      after: { status: 'accepted', acceptedOn: '2024-10-10', deemedAccepted: true },
    });
    const alerts = await call(sweepApp, 'GET', '/alerts?since=2024-10-01', { headers: await authHeader('legal-office') });
    expect((alerts.body as { items: unknown[] }).items).toHaveLength(3);
    expect((await call(sweepApp, 'GET', '/alerts', { headers: await authHeader('agency-head', 'market-regulation') })).status).toBe(403);
  });

  it('reports a deadline entered late, already past due, on its next run, and reads it no more after', async () => {
    const local = await freshTable('sweep-late');
    const lateClock = movableClock('2025-03-05T09:00:00+08:00');
    const lateApp = createLocalApp({ table: local, clock: lateClock });
    await ensureAgency(lateApp, 'market-regulation');
    const deps = sweepDeps(local, { clock: lateClock });
    expect((await runSweep(deps)).read).toBe(0);
    // Entered after that day's sweep: the defense was due on 2025-02-05.
    const late = await registerCase(lateApp, litigationBody({ receivedOn: '2025-01-13', filedOn: '2025-01-08' }));
    lateClock.set('2025-03-06T08:00:00+08:00');
    const next = await runSweep(deps);
    expect(next.raised.map((a) => [a.type, a.caseId, a.deadline?.dueOn])).toEqual([['deadline-overdue', late.id, '2025-02-05']]);
    lateClock.set('2025-03-07T08:00:00+08:00');
    const after = await runSweep(deps);
    expect(after.read).toBe(0);
    // Still on the board as overdue.
    const board = await call(lateApp, 'GET', '/deadlines?status=overdue', { headers: await authHeader('legal-office') });
    expect((board.body as { items: { caseId: string }[] }).items.map((e) => e.caseId)).toEqual([late.id]);
  });

  it('reads only the deadlines due in its window through the index', async () => {
    const local = await freshTable('sweep-cost');
    const costClock = movableClock('2025-03-03T09:00:00+08:00');
    const costApp = createLocalApp({ table: local, clock: costClock });
    await ensureAgency(costApp, 'market-regulation');
    for (let i = 0; i < 6; i++) await registerCase(costApp, litigationBody({ receivedOn: '2025-03-03', filedOn: '2025-02-28' }));
    await registerCase(costApp, litigationBody({ receivedOn: '2025-02-20', filedOn: '2025-02-18' }));
    costClock.set('2025-03-05T08:00:00+08:00');
    const report = await runSweep(sweepDeps(local, { clock: costClock }));
    // Only the case served on 2025-02-20 (defense due 2025-03-07) is due within three working days.
    expect(report.read).toBe(1);
    expect(report.raised).toHaveLength(1);
  });
});
