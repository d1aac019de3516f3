import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../shared/domain/clock';
import { verifyStatistics } from '../../shared/jobs/stats-verify';
import { createLocalApp } from '../../shared/local/local-app';
import type { Table } from '../../shared/store/table';
import { act, actAll, ensureAgency, litigationBody, reconsiderationBody, registerCase } from '../support/cases';
import { freshTable } from '../support/dynamo';
import { authHeader, call } from '../support/http';
import { aggregatorFor } from '../support/stream';

/**
 * The 重大行政复议应诉案件集体研究制度: a case the office marks major (mark-major) is studied
 * collectively (collective-review: the 行政复议委员会's advice, 行政复议法第五十二条, or a meeting of the
 * office or of the district government) before it is decided or concluded.
 */
let table: Table;
let app: ReturnType<typeof createLocalApp>;
const clock = fixedClock('2025-06-30T02:00:00Z'); // 10:00 in China

beforeAll(async () => {
  table = await freshTable('major-cases');
  app = createLocalApp({ table, clock });
  await ensureAgency(app, 'market-regulation', '区市场监督管理局');
  await ensureAgency(app, 'natural-resources', '区自然资源局');
});

const markMajor = (on: string) => ({ type: 'mark-major', on, reasonDetail: '涉及征收补偿，申请人众多，社会影响较大' });
const review = (on: string, forum = 'committee') => ({ type: 'collective-review', on, forum, conclusion: '建议确认违法并责令补救' });

async function historyOf(caseId: string) {
  const res = await call(app, 'GET', `/cases/${caseId}/history?limit=200`, { headers: await authHeader('legal-office') });
  return (res.body as { items: { action: string; on?: string; details?: Record<string, unknown>; before?: Record<string, unknown>; after?: Record<string, unknown> }[] }).items;
}

describe('a major reconsideration case (行政复议法第五十二条)', () => {
  it('is marked major, studied by the 行政复议委员会, then decided; the history records each step', async () => {
    const created = await registerCase(app, reconsiderationBody({ receivedOn: '2025-03-03' }));
    expect(created).toMatchObject({ major: false, markedMajorOn: null, collectivelyReviewedOn: null });
    await act(app, created.id, { type: 'accept', on: '2025-03-05' });

    const marked = await act(app, created.id, markMajor('2025-03-10'));
    expect(marked.status, marked.text).toBe(200);
    expect(marked.body).toMatchObject({ status: 'accepted', major: true, markedMajorOn: '2025-03-10', collectivelyReviewedOn: null });
    expect((marked.body as { allowedActions: string[] }).allowedActions).toContain('collective-review');

    const reviewed = await act(app, created.id, review('2025-04-08'));
    expect(reviewed.body).toMatchObject({ major: true, collectivelyReviewedOn: '2025-04-08' });
    const decided = await act(app, created.id, { type: 'decide', on: '2025-04-20', outcome: 'confirm-illegal' });
    expect(decided.status, decided.text).toBe(200);
    expect(decided.body).toMatchObject({ status: 'decided', concluded: true, major: true });

    const history = await historyOf(created.id);
    expect(history.find((h) => h.action === 'mark-major')).toMatchObject({
      on: '2025-03-10',
      details: { reasonDetail: '涉及征收补偿，申请人众多，社会影响较大' },
      before: { major: false, markedMajorOn: null },
      after: { major: true, markedMajorOn: '2025-03-10' },
    });
    expect(history.find((h) => h.action === 'collective-review')).toMatchObject({
      on: '2025-04-08',
      details: { forum: 'committee', conclusion: '建议确认违法并责令补救' },
      after: { collectivelyReviewedOn: '2025-04-08' },
    });
  });

  it('may not be decided before its collective review: 409 COLLECTIVE_REVIEW_REQUIRED', async () => {
    const created = await registerCase(app, reconsiderationBody({ receivedOn: '2025-05-06' }));
    await actAll(app, created.id, [{ type: 'accept', on: '2025-05-07' }, markMajor('2025-05-12')]);
    const refused = await act(app, created.id, { type: 'decide', on: '2025-06-20', outcome: 'revoke' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'COLLECTIVE_REVIEW_REQUIRED', markedMajorOn: '2025-05-12' });
    const stored = await call(app, 'GET', `/cases/${created.id}`, { headers: await authHeader('legal-office') });
    expect(stored.body).toMatchObject({ status: 'accepted', concluded: false });
    // A case not marked major is decided without one.
    const ordinary = await registerCase(app, reconsiderationBody({ receivedOn: '2025-05-06' }));
    await act(app, ordinary.id, { type: 'accept', on: '2025-05-07' });
    expect((await act(app, ordinary.id, { type: 'decide', on: '2025-06-20', outcome: 'revoke' })).status).toBe(200);
  });

  it('is reviewed only after it is marked, and marked only once (409 ILLEGAL_TRANSITION)', async () => {
    const created = await registerCase(app, reconsiderationBody({ receivedOn: '2025-06-02' }));
    const early = await act(app, created.id, review('2025-06-03'));
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
    // Still in its acceptance review: an open case may be marked at any stage.
    expect((await act(app, created.id, markMajor('2025-06-03'))).status).toBe(200);
    const twice = await act(app, created.id, markMajor('2025-06-04'));
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
  });

  it('offers the collective review only once the case is marked, and the mark only once', async () => {
    const created = (await registerCase(app, reconsiderationBody({ receivedOn: '2025-06-02' }))) as unknown as { id: string; allowedActions: string[] };
    expect(created.allowedActions).toContain('mark-major');
    expect(created.allowedActions).not.toContain('collective-review');
    const marked = await act(app, created.id, markMajor('2025-06-03'));
    const offered = (marked.body as { allowedActions: string[] }).allowedActions;
    expect(offered).toContain('collective-review');
    expect(offered).not.toContain('mark-major');
  });

  it('is not marked once closed', async () => {
    const created = await registerCase(app, reconsiderationBody({ receivedOn: '2025-06-02' }));
    await act(app, created.id, { type: 'reject', on: '2025-06-04', reason: 'out-of-time' });
    const res = await act(app, created.id, markMajor('2025-06-05'));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
  });

  it('needs the reason for marking, and a forum and conclusion for a review (400)', async () => {
    const created = await registerCase(app, reconsiderationBody({ receivedOn: '2025-06-02' }));
    const noReason = await act(app, created.id, { type: 'mark-major', on: '2025-06-03' });
    expect(noReason.status).toBe(400);
    expect(noReason.body).toMatchObject({ errors: [{ path: 'reasonDetail' }] });
    await act(app, created.id, markMajor('2025-06-03'));
    const badForum = await act(app, created.id, { type: 'collective-review', on: '2025-06-04', forum: 'party-committee', conclusion: '同意' });
    expect(badForum.status).toBe(400);
    expect((badForum.body as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain('forum');
  });
});

describe('a major litigation case', () => {
  it('is not concluded before its collective review (409 COLLECTIVE_REVIEW_REQUIRED), then is', async () => {
    const created = await registerCase(app, litigationBody({ receivedOn: '2025-02-10', filedOn: '2025-02-05' }));
    await actAll(app, created.id, [
      markMajor('2025-02-12'),
      { type: 'file-defense', on: '2025-02-20' },
      { type: 'judge', on: '2025-05-08', servedOn: '2025-05-09', form: 'judgment', instance: 'first', outcome: 'claims-dismissed' },
    ]);
    const refused = await act(app, created.id, { type: 'conclude', on: '2025-05-30', outcome: 'claims-dismissed' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'COLLECTIVE_REVIEW_REQUIRED' });
    // Collective review while judged (the appeal decision is the office's to take).
    expect((await act(app, created.id, review('2025-05-20', 'government-meeting'))).status).toBe(200);
    const concluded = await act(app, created.id, { type: 'conclude', on: '2025-05-30', outcome: 'claims-dismissed' });
    expect(concluded.status, concluded.text).toBe(200);
    expect(concluded.body).toMatchObject({ status: 'concluded', major: true, collectivelyReviewedOn: '2025-05-20' });
  });
});

describe('the deadline board', () => {
  it('shows whether the case of each deadline is major', async () => {
    const major = await registerCase(app, reconsiderationBody({ receivedOn: '2025-06-23' }));
    await actAll(app, major.id, [{ type: 'accept', on: '2025-06-24' }, markMajor('2025-06-25')]);
    const ordinary = await registerCase(app, reconsiderationBody({ receivedOn: '2025-06-23' }));
    await act(app, ordinary.id, { type: 'accept', on: '2025-06-24' });
    const res = await call(app, 'GET', '/deadlines?status=open&limit=200', { headers: await authHeader('legal-office') });
    const items = (res.body as { items: { caseId: string; type: string; major?: boolean }[] }).items;
    expect(items.find((e) => e.caseId === major.id && e.type === 'decision')).toMatchObject({ major: true });
    expect(items.find((e) => e.caseId === ordinary.id && e.type === 'decision')).toMatchObject({ major: false });
  });
});

describe('statistics', () => {
  it('count major cases by the day they were marked, and reviewed ones by the day of the first review, for both kinds', async () => {
    const aggregator = aggregatorFor(table);
    const agencyId = 'natural-resources';
    // Marked in March, reviewed in April (twice: counted once), decided.
    const a = await registerCase(app, reconsiderationBody({ receivedOn: '2025-03-03', agencyId }));
    await actAll(app, a.id, [
      { type: 'accept', on: '2025-03-04' },
      markMajor('2025-03-10'),
      review('2025-04-08'),
      review('2025-04-15', 'government-meeting'),
      { type: 'decide', on: '2025-04-20', outcome: 'revoke' },
    ]);
    // Marked in May, not reviewed yet.
    const b = await registerCase(app, reconsiderationBody({ receivedOn: '2025-05-06', agencyId }));
    await actAll(app, b.id, [{ type: 'accept', on: '2025-05-07' }, markMajor('2025-05-12')]);
    // Not major.
    await registerCase(app, reconsiderationBody({ receivedOn: '2025-05-06', agencyId }));
    // A litigation case marked and reviewed in June.
    const c = await registerCase(app, litigationBody({ receivedOn: '2025-06-02', filedOn: '2025-05-28', agencyId }));
    await actAll(app, c.id, [markMajor('2025-06-03'), review('2025-06-10', 'office-meeting')]);
    await aggregator.drain();
    aggregator.stop();

    const figures = async (from: string, to: string) => {
      const res = await call(app, 'GET', `/statistics?from=${from}&to=${to}&agencyId=${agencyId}`, { headers: await authHeader('stats-reader') });
      expect(res.status, res.text).toBe(200);
      return res.body as { reconsideration: Record<string, unknown>; litigation: Record<string, unknown> };
    };
    const year = await figures('2025-01-01', '2025-12-31');
    expect(year.reconsideration).toMatchObject({ majorCases: 2, majorCasesReviewed: 1 });
    expect(year.litigation).toMatchObject({ majorCases: 1, majorCasesReviewed: 1 });
    // April: case a was marked in March, reviewed in April.
    const april = await figures('2025-04-01', '2025-04-30');
    expect(april.reconsideration).toMatchObject({ majorCases: 0, majorCasesReviewed: 1 });
    // The recompute check (npm run stats:verify) agrees with the stream-kept counters.
    expect(await verifyStatistics(table, [{ from: '2025-01-01', to: '2025-12-31' }, { from: '2025-04-01', to: '2025-04-30' }])).toEqual([]);
  });
});

describe('GET /meta/enums', () => {
  it('labels the new actions and forums in Chinese', async () => {
    const res = await call(app, 'GET', '/meta/enums', { headers: await authHeader('stats-reader') });
    const { enums } = res.body as { enums: Record<string, { code: string; zh: string }[]> };
    expect(enums.collectiveReviewForum).toEqual([
      { code: 'committee', zh: '行政复议委员会' },
      { code: 'office-meeting', zh: '司法局局务会议' },
      { code: 'government-meeting', zh: '区政府常务会议' },
    ]);
    for (const table of [enums.reconsiderationAction, enums.litigationAction]) {
      expect(table).toEqual(expect.arrayContaining([{ code: 'mark-major', zh: '列为重大案件' }, { code: 'collective-review', zh: '集体研究' }]));
    }
  });
});
