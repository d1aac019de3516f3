import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { runSweep } from '../../shared/jobs/sweep';
import { sweepDeps } from '../../shared/jobs/sweep-deps';
import { createLocalApp } from '../../shared/local/local-app';
import type { Table } from '../../shared/store/table';
import { ensureAgency, litigationBody, reconsiderationBody, registerCase } from '../support/cases';
import { movableClock } from '../support/clock';
import { freshTable } from '../support/dynamo';
import { authHeader, call } from '../support/http';

interface HearingBody {
  id: string;
  version: number;
  scheduledAt: string;
  status: string;
  confirmation: { attendance: string; onBehalf: boolean; confirmedBy: { role: string; name: string } } | null;
  attendance: { held: boolean; headAppeared: boolean } | null;
  confirmationDeadline: { dueOn: string; status: string; basis: string };
}

let table: Table;
const clock = movableClock('2025-03-03T09:00:00+08:00');
let app: ReturnType<typeof createLocalApp>;
let caseId: string;

beforeAll(async () => {
  table = await freshTable('hearings');
  app = createLocalApp({ table, clock });
  await ensureAgency(app, 'market-regulation', '区市场监督管理局');
  await ensureAgency(app, 'public-security', '区公安分局');
  caseId = (await registerCase(app, litigationBody({ receivedOn: '2025-02-20', filedOn: '2025-02-18' }))).id;
});

async function schedule(at = '2025-03-14T09:30:00+08:00', target = caseId, extra: Record<string, unknown> = {}): Promise<HearingBody> {
  const res = await call(app, 'POST', `/cases/${target}/hearings`, {
    headers: await authHeader('legal-office'),
    body: { scheduledAt: at, court: '潞州区人民法院', courtroom: '第三法庭', kind: 'court', ...extra },
  });
  expect(res.status, res.text).toBe(201);
  return res.body as HearingBody;
}

const head = { attendance: 'head', head: { name: '李局长', title: 'principal' } };

async function confirm(hearingId: string, body: unknown, role: 'agency-head' | 'legal-office' = 'agency-head', agency = 'market-regulation') {
  return call(app, 'PUT', `/hearings/${hearingId}/confirmation`, {
    headers: await authHeader(role, role === 'agency-head' ? agency : undefined, role === 'agency-head' ? '李局长' : '王芳'),
    body,
  });
}

async function historyActions(id = caseId): Promise<{ action: string; details?: Record<string, unknown>; before?: Record<string, unknown>; after?: Record<string, unknown> }[]> {
  const res = await call(app, 'GET', `/cases/${id}/history?limit=200`, { headers: await authHeader('legal-office') });
  return (res.body as { items: [] }).items;
}

describe('scheduling', () => {
  it('schedules a court hearing with a confirmation deadline three working days before', async () => {
    clock.set('2025-03-03T09:00:00+08:00');
    const hearing = await schedule('2025-03-14T09:30:00+08:00');
    expect(hearing).toMatchObject({ status: 'scheduled', confirmation: null, scheduledAt: '2025-03-14T09:30:00+08:00' });
    expect(hearing.confirmationDeadline).toMatchObject({ dueOn: '2025-03-11', status: 'open' });
    expect(hearing.confirmationDeadline.basis).toContain('第六条');
    expect((await historyActions()).map((h) => h.action)).toContain('schedule-hearing');
  });

  it('normalises the time to China time and accepts a past time for a ledger entered late', async () => {
    const hearing = await schedule('2025-01-10T01:30:00Z');
    expect(hearing.scheduledAt).toBe('2025-01-10T09:30:00+08:00');
  });

  it('refuses a hearing kind that does not fit the case', async () => {
    const res = await call(app, 'POST', `/cases/${caseId}/hearings`, {
      headers: await authHeader('legal-office'),
      body: { scheduledAt: '2025-03-20T09:00:00+08:00', court: '法院', kind: 'reconsideration-hearing' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errors: [{ path: 'kind' }] });
  });

  it('replays a retried scheduling with the same Idempotency-Key', async () => {
    const headers = { ...(await authHeader('legal-office')), 'idempotency-key': `hearing-${Date.now()}` };
    const body = { scheduledAt: '2025-04-01T09:00:00+08:00', court: '潞州区人民法院', kind: 'court' };
    const [a, b] = await Promise.all([
      call(app, 'POST', `/cases/${caseId}/hearings`, { headers, body }),
      call(app, 'POST', `/cases/${caseId}/hearings`, { headers, body }),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect((a.body as HearingBody).id).toBe((b.body as HearingBody).id);
  });

  it('shows the hearings and their confirmation deadlines on the case', async () => {
    const res = await call(app, 'GET', `/cases/${caseId}`, { headers: await authHeader('legal-office') });
    const body = res.body as { hearings: { id: string }[]; deadlines: { type: string }[] };
    expect(body.hearings.length).toBeGreaterThanOrEqual(2);
    expect(body.deadlines.filter((d) => d.type === 'hearing-confirmation').length).toBe(body.hearings.length);
  });
});

describe('confirming who appears (出庭规定)', () => {
  it('the head of the case’s agency confirms the head will appear', async () => {
    clock.set('2025-03-03T09:00:00+08:00');
    const hearing = await schedule();
    const res = await confirm(hearing.id, head);
    expect(res.status, res.text).toBe(200);
    expect((res.body as HearingBody).confirmation).toMatchObject({ attendance: 'head', onBehalf: false, confirmedBy: { role: 'agency-head', name: '李局长' } });
    expect((res.body as HearingBody).confirmationDeadline).toMatchObject({ status: 'met' });
    expect((await historyActions()).at(-1)).toMatchObject({ action: 'confirm-appearance', details: { role: 'agency-head', onBehalf: false } });
  });

  it('the legal office may confirm on the agency’s behalf, recorded as such', async () => {
    const hearing = await schedule();
    const res = await confirm(hearing.id, head, 'legal-office');
    expect((res.body as HearingBody).confirmation).toMatchObject({ onBehalf: true, confirmedBy: { role: 'legal-office' } });
  });

  it('a burst of different confirmations of one hearing without If-Match all land, one version each (no 503)', async () => {
    clock.set('2025-03-03T09:00:00+08:00');
    const hearing = await schedule();
    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => confirm(hearing.id, { attendance: 'head', head: { name: `副局长${i}`, title: 'deputy' } })));
    expect(burst.map((r) => r.status)).toEqual(Array.from({ length: 12 }, () => 200));
    const versions = burst.map((r) => (r.body as HearingBody).version).sort((a, b) => a - b);
    expect(new Set(versions).size).toBe(12);
    expect(versions.at(-1)).toBe(hearing.version + 12);
  });

  it('the same confirmation by the same person again changes nothing (PUT is idempotent)', async () => {
    clock.set('2025-03-03T09:00:00+08:00');
    const hearing = await schedule();
    const first = await confirm(hearing.id, head);
    const entries = (await historyActions()).length;
    const again = await Promise.all([confirm(hearing.id, head), confirm(hearing.id, head)]);
    expect(again.map((r) => r.status)).toEqual([200, 200]);
    expect(again.map((r) => (r.body as HearingBody).version)).toEqual([(first.body as HearingBody).version, (first.body as HearingBody).version]);
    expect(again[0]!.headers.get('etag')).toBe(first.headers.get('etag'));
    expect((await historyActions()).length).toBe(entries);
    // Another person, or other content, is a change.
    const onBehalf = await confirm(hearing.id, head, 'legal-office');
    expect((onBehalf.body as HearingBody).version).toBe((first.body as HearingBody).version + 1);
    expect((onBehalf.body as HearingBody).confirmation).toMatchObject({ onBehalf: true });
  });

  it('another agency’s head gets 404, a stats reader 403', async () => {
    const hearing = await schedule();
    expect((await confirm(hearing.id, head, 'agency-head', 'public-security')).status).toBe(404);
    expect((await call(app, 'PUT', `/hearings/${hearing.id}/confirmation`, { headers: await authHeader('stats-reader'), body: head })).status).toBe(403);
  });

  it('a delegate needs a lawful reason and its detail', async () => {
    const hearing = await schedule();
    const noReason = await confirm(hearing.id, { attendance: 'delegate', delegate: { name: '赵科长', position: '法制科科长' } });
    expect(noReason.status).toBe(400);
    expect(noReason.body).toMatchObject({ errors: [{ path: 'reason' }] });
    const noDetail = await confirm(hearing.id, { attendance: 'delegate', delegate: { name: '赵科长', position: '法制科科长' }, reason: 'irreplaceable-duty' });
    expect(noDetail.body).toMatchObject({ errors: [{ path: 'reasonDetail' }] });
    const ok = await confirm(hearing.id, {
      attendance: 'delegate',
      delegate: { name: '赵科长', position: '法制科科长' },
      reason: 'irreplaceable-duty',
      reasonDetail: '当日须出席市政府常务会议汇报',
      counsel: [{ name: '钱律师', firm: '某律师事务所' }],
    });
    expect(ok.status, ok.text).toBe(200);
  });

  it('refuses a lawyer alone with LAWYER_ONLY_DELEGATION', async () => {
    const hearing = await schedule();
    const res = await confirm(hearing.id, {
      attendance: 'delegate',
      delegate: { name: '钱律师', position: '某律师事务所律师' },
      reason: 'other',
      reasonDetail: '出差',
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'LAWYER_ONLY_DELEGATION', errors: [{ path: 'delegate.position' }] });
  });

  it('refuses a head with an unknown title and a head without a name', async () => {
    const hearing = await schedule();
    expect((await confirm(hearing.id, { attendance: 'head', head: { name: '李', title: 'secretary' } })).status).toBe(400);
    expect((await confirm(hearing.id, { attendance: 'head' })).body).toMatchObject({ errors: [{ path: 'head' }] });
  });

  it('refuses a confirmation once the hearing has started (409)', async () => {
    const hearing = await schedule('2025-03-04T09:00:00+08:00');
    clock.set('2025-03-04T09:00:00+08:00');
    const res = await confirm(hearing.id, head);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'HEARING_STARTED' });
    clock.set('2025-03-03T09:00:00+08:00');
  });
});

describe('rescheduling and cancelling', () => {
  it('a new time clears the confirmation and the history says so', async () => {
    clock.set('2025-03-03T09:00:00+08:00');
    const hearing = await schedule();
    await confirm(hearing.id, head);
    const res = await call(app, 'PATCH', `/hearings/${hearing.id}`, {
      headers: await authHeader('legal-office'),
      body: { scheduledAt: '2025-03-21T14:00:00+08:00' },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ scheduledAt: '2025-03-21T14:00:00+08:00', confirmation: null, confirmationDeadline: { dueOn: '2025-03-18', status: 'open' } });
    expect((await historyActions()).at(-1)).toMatchObject({
      action: 'reschedule-hearing',
      details: { hearingId: hearing.id, confirmationCleared: true },
      before: { scheduledAt: '2025-03-14T09:30:00+08:00', confirmation: 'head' },
      after: { scheduledAt: '2025-03-21T14:00:00+08:00', confirmation: null },
    });
  });

  it('a stale If-Match is 412', async () => {
    const hearing = await schedule();
    const res = await call(app, 'PATCH', `/hearings/${hearing.id}`, {
      headers: { ...(await authHeader('legal-office')), 'if-match': '"9"' },
      body: { courtroom: '第一法庭' },
    });
    expect(res.status).toBe(412);
  });

  it('a cancelled hearing can no longer be confirmed', async () => {
    const hearing = await schedule();
    const cancelled = await call(app, 'PATCH', `/hearings/${hearing.id}`, { headers: await authHeader('legal-office'), body: { status: 'cancelled', cancelReason: '原告撤诉' } });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', confirmationDeadline: { status: 'cancelled' } });
    expect((await confirm(hearing.id, head)).body).toMatchObject({ code: 'HEARING_CANCELLED' });
  });
});

describe('attendance', () => {
  it('is recorded after the hearing only, with the head who appeared', async () => {
    clock.set('2025-03-03T09:00:00+08:00');
    const hearing = await schedule('2025-03-05T09:00:00+08:00');
    const early = await call(app, 'PUT', `/hearings/${hearing.id}/attendance`, { headers: await authHeader('legal-office'), body: { held: true, headAppeared: true, appearedName: '李局长', appearedTitle: 'principal' } });
    expect(early.status).toBe(409);
    clock.set('2025-03-05T12:00:00+08:00');
    const unnamed = await call(app, 'PUT', `/hearings/${hearing.id}/attendance`, { headers: await authHeader('legal-office'), body: { held: true, headAppeared: true } });
    expect(unnamed.body).toMatchObject({ errors: [{ path: 'appearedName' }] });
    const recorded = await call(app, 'PUT', `/hearings/${hearing.id}/attendance`, {
      headers: await authHeader('legal-office'),
      body: { held: true, headAppeared: true, appearedName: '李局长', appearedTitle: 'principal', others: [{ name: '赵科长', position: '法制科科长' }] },
    });
    expect(recorded.status, recorded.text).toBe(200);
    expect(recorded.body).toMatchObject({ attendance: { held: true, headAppeared: true } });
    expect((await historyActions()).at(-1)).toMatchObject({ action: 'record-attendance', after: { held: true, headAppeared: true } });
    const byHead = await call(app, 'PUT', `/hearings/${hearing.id}/attendance`, { headers: await authHeader('agency-head', 'market-regulation'), body: { held: true, headAppeared: false } });
    expect(byHead.status).toBe(403);
    clock.set('2025-03-03T09:00:00+08:00');
  });

  it('recorded again with the same content changes nothing; a correction is a new version', async () => {
    clock.set('2025-03-03T09:00:00+08:00');
    const hearing = await schedule('2025-03-05T09:00:00+08:00');
    clock.set('2025-03-05T12:00:00+08:00');
    const body = { held: true, headAppeared: true, appearedName: '李局长', appearedTitle: 'principal' };
    const put = async (b: unknown) => call(app, 'PUT', `/hearings/${hearing.id}/attendance`, { headers: await authHeader('legal-office'), body: b });
    const first = await put(body);
    const entries = (await historyActions()).length;
    const again = await put(body);
    expect([again.status, (again.body as HearingBody).version]).toEqual([200, (first.body as HearingBody).version]);
    expect((await historyActions()).length).toBe(entries);
    const corrected = await put({ held: true, headAppeared: false });
    expect((corrected.body as HearingBody).version).toBe((first.body as HearingBody).version + 1);
    expect((await historyActions()).at(-1)).toMatchObject({ action: 'record-attendance', before: { headAppeared: true }, after: { headAppeared: false } });
    clock.set('2025-03-03T09:00:00+08:00');
  });
});

describe('GET /hearings', () => {
  it('lists by time with from, to, agency and confirmation filters, scoped for agency heads', async () => {
    const local = await freshTable('hearing-list');
    const listClock = movableClock('2025-05-01T09:00:00+08:00');
    const listApp = createLocalApp({ table: local, clock: listClock });
    await ensureAgency(listApp, 'market-regulation');
    await ensureAgency(listApp, 'public-security');
    const own = (await registerCase(listApp, litigationBody({ receivedOn: '2025-04-20', filedOn: '2025-04-18' }))).id;
    const other = (await registerCase(listApp, litigationBody({ receivedOn: '2025-04-20', filedOn: '2025-04-18', agencyId: 'public-security' }))).id;
    const recon = (await registerCase(listApp, reconsiderationBody({ receivedOn: '2025-04-25' }))).id;
    const legal = await authHeader('legal-office');
    const at = async (id: string, when: string, kind = 'court') =>
      ((await call(listApp, 'POST', `/cases/${id}/hearings`, { headers: legal, body: { scheduledAt: when, court: '法院', kind } })).body as HearingBody).id;
    const h1 = await at(own, '2025-05-20T14:00:00+08:00');
    const h2 = await at(other, '2025-05-12T09:00:00+08:00');
    const h3 = await at(recon, '2025-05-15T09:00:00+08:00', 'reconsideration-hearing');
    await call(listApp, 'PUT', `/hearings/${h3}/confirmation`, { headers: legal, body: head });
    const ids = async (query: string, headers = legal) =>
      ((await call(listApp, 'GET', `/hearings?${query}`, { headers })).body as { items: { id: string }[] }).items.map((h) => h.id);
    expect(await ids('')).toEqual([h2, h3, h1]);
    expect(await ids('from=2025-05-13&to=2025-05-20')).toEqual([h3, h1]);
    expect(await ids('agencyId=market-regulation')).toEqual([h3, h1]);
    expect(await ids('confirmation=pending')).toEqual([h2, h1]);
    expect(await ids('confirmation=confirmed')).toEqual([h3]);
    expect(await ids('', await authHeader('agency-head', 'public-security'))).toEqual([h2]);
  });
});

describe('the iCalendar feed', () => {
  it('is reached with the agency’s rotating token and parses as RFC 5545', async () => {
    const local = await freshTable('ics');
    const feedClock = movableClock('2025-05-01T09:00:00+08:00');
    const feedApp = createLocalApp({ table: local, clock: feedClock });
    await ensureAgency(feedApp, 'market-regulation', '区市场监督管理局');
    const legal = await authHeader('legal-office');
    const id = (await registerCase(feedApp, litigationBody({ receivedOn: '2025-04-20', filedOn: '2025-04-18', caseNumber: '(2025)晋0403行初88号' }))).id;
    const hearing = ((await call(feedApp, 'POST', `/cases/${id}/hearings`, { headers: legal, body: { scheduledAt: '2025-05-20T14:00:00+08:00', court: '潞州区人民法院', courtroom: '第三法庭', kind: 'court' } })).body as HearingBody).id;

    const issued = await call(feedApp, 'POST', '/agencies/market-regulation/feed-token', { headers: legal });
    expect(issued.status).toBe(201);
    const { token, feedPath } = issued.body as { token: string; feedPath: string };

    const feed = await call(feedApp, 'GET', feedPath);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const parse = (text: string) => new ICAL.Component(ICAL.parse(text));
    const calendar = parse(feed.text);
    const [event] = calendar.getAllSubcomponents('vevent');
    const first = new ICAL.Event(event!);
    expect(first.uid).toBe(`${hearing}@case-tracker`);
    expect(first.summary).toBe('庭审：(2025)晋0403行初88号');
    expect(first.location).toBe('潞州区人民法院 第三法庭');
    expect(event!.getFirstProperty('dtstart')?.getParameter('tzid')).toBe('Asia/Shanghai');
    expect(first.startDate.toString()).toBe('2025-05-20T14:00:00');
    expect(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Asia/Shanghai');

    await call(feedApp, 'PATCH', `/hearings/${hearing}`, { headers: legal, body: { scheduledAt: '2025-05-22T09:00:00+08:00' } });
    const moved = new ICAL.Event(parse((await call(feedApp, 'GET', feedPath)).text).getFirstSubcomponent('vevent')!);
    expect(moved.uid).toBe(first.uid);
    expect(moved.sequence).toBeGreaterThan(first.sequence);
    expect(moved.startDate.toString()).toBe('2025-05-22T09:00:00');

    await call(feedApp, 'PATCH', `/hearings/${hearing}`, { headers: legal, body: { status: 'cancelled' } });
    const cancelled = parse((await call(feedApp, 'GET', feedPath)).text).getFirstSubcomponent('vevent');
    expect(cancelled?.getFirstPropertyValue('status')).toBe('CANCELLED');

    expect((await call(feedApp, 'GET', `/hearings.ics?agencyId=market-regulation&token=${'x'.repeat(32)}`)).status).toBe(404);
    await call(feedApp, 'POST', '/agencies/market-regulation/feed-token', { headers: legal });
    expect((await call(feedApp, 'GET', `/hearings.ics?agencyId=market-regulation&token=${token}`)).status).toBe(404);
  });
});

describe('the sweep and unconfirmed hearings', () => {
  it('raises hearing-unconfirmed once when the confirmation deadline approaches, and not after confirmation', async () => {
    const local = await freshTable('hearing-sweep');
    const sweepClock = movableClock('2025-05-01T09:00:00+08:00');
    const sweepApp = createLocalApp({ table: local, clock: sweepClock });
    await ensureAgency(sweepApp, 'market-regulation');
    const legal = await authHeader('legal-office');
    const id = (await registerCase(sweepApp, litigationBody({ receivedOn: '2025-04-28', filedOn: '2025-04-25' }))).id;
    await call(sweepApp, 'POST', `/cases/${id}/actions`, { headers: legal, body: { type: 'file-defense', on: '2025-05-01' } });
    const hearing = ((await call(sweepApp, 'POST', `/cases/${id}/hearings`, { headers: legal, body: { scheduledAt: '2025-05-16T09:00:00+08:00', court: '法院', kind: 'court' } })).body as HearingBody);
    expect(hearing.confirmationDeadline.dueOn).toBe('2025-05-13');
    const deps = sweepDeps(local, { clock: sweepClock });
    sweepClock.set('2025-05-09T08:00:00+08:00');
    const first = await runSweep(deps);
    expect(first.raised.map((a) => [a.type, a.hearing?.id])).toEqual([['hearing-unconfirmed', hearing.id]]);
    expect((await runSweep(deps)).raised).toEqual([]);
    await call(sweepApp, 'PUT', `/hearings/${hearing.id}/confirmation`, { headers: legal, body: head });
    sweepClock.set('2025-05-12T08:00:00+08:00');
    expect((await runSweep(deps)).raised).toEqual([]);
  });
});
