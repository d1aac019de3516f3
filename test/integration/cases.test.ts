import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../shared/domain/clock';
import { createLocalApp } from '../../shared/local/local-app';
import { DynamoCaseRepository } from '../../shared/store/case-store';
import type { Table } from '../../shared/store/table';
import { act, actAll, ensureAgency, litigationBody, reconsiderationBody, registerCase, uniqueNumber, validIdNumber, type CaseBody } from '../support/cases';
import { freshTable } from '../support/dynamo';
import { authHeader, call } from '../support/http';

let table: Table;
let app: ReturnType<typeof createLocalApp>;
const clock = fixedClock('2025-06-30T02:00:00Z'); // 10:00 in China

beforeAll(async () => {
  table = await freshTable('cases');
  app = createLocalApp({ table, clock });
  await ensureAgency(app, 'market-regulation', '区市场监督管理局');
  await ensureAgency(app, 'public-security', '区公安分局');
});

async function historyOf(caseId: string) {
  const res = await call(app, 'GET', `/cases/${caseId}/history?limit=200`, { headers: await authHeader('legal-office') });
  return (res.body as { items: { action: string; actor: { name: string }; before?: Record<string, unknown>; after?: Record<string, unknown> }[] }).items;
}

describe('registering a case', () => {
  it('answers 201 with Location, ETag and the case, ID numbers masked', async () => {
    const idNumber = validIdNumber('19800101', '123');
    const res = await call(app, 'POST', '/cases', {
      headers: await authHeader('legal-office'),
      body: reconsiderationBody({ receivedOn: '2025-06-27', parties: [{ role: 'applicant', name: '张三', idNumber }] }),
    });
    expect(res.status).toBe(201);
    const body = res.body as CaseBody & { parties: { idNumber: string }[] };
    expect(res.headers.get('location')).toBe(`/cases/${body.id}`);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(body).toMatchObject({ kind: 'reconsideration', status: 'received', concluded: false, version: 1, procedure: 'ordinary' });
    expect(body.parties[0]?.idNumber).toBe(`1404**********${idNumber.slice(-4)}`);
    expect(res.text).not.toContain(idNumber);
  });

  it('keeps case numbers unique per kind, comparing full-width and half-width forms', async () => {
    const caseNumber = uniqueNumber('(2024)晋0403行初');
    await registerCase(app, litigationBody({ caseNumber }));
    const fullWidth = caseNumber.replace('(', '（').replace(')', '）');
    const res = await call(app, 'POST', '/cases', { headers: await authHeader('legal-office'), body: litigationBody({ caseNumber: fullWidth }) });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'CASE_NUMBER_TAKEN', errors: [{ path: 'caseNumber' }] });
    // The same number may exist once per kind.
    const other = await call(app, 'POST', '/cases', { headers: await authHeader('legal-office'), body: reconsiderationBody({ caseNumber }) });
    expect(other.status).toBe(201);
  });

  it('lets exactly one of ten racing registrations of one number win', async () => {
    const caseNumber = uniqueNumber();
    const headers = await authHeader('legal-office');
    const results = await Promise.all(
      Array.from({ length: 10 }, () => call(app, 'POST', '/cases', { headers, body: reconsiderationBody({ caseNumber }) })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(9);
  });

  it('refuses an unknown agency naming agencyId', async () => {
    const res = await call(app, 'POST', '/cases', { headers: await authHeader('legal-office'), body: reconsiderationBody({ agencyId: 'no-such-agency' }) });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'UNKNOWN_AGENCY', errors: [{ path: 'agencyId' }] });
  });

  it('refuses an ID number with a wrong check character', async () => {
    const good = validIdNumber();
    const bad = `${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}`;
    const res = await call(app, 'POST', '/cases', {
      headers: await authHeader('legal-office'),
      body: reconsiderationBody({ parties: [{ role: 'applicant', name: '李四', idNumber: bad }] }),
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errors: [{ path: 'parties.0.idNumber' }] });
    expect(res.text).not.toContain(bad);
  });

  it('refuses impossible dates, received dates in the future and litigation fields on a reconsideration', async () => {
    const headers = await authHeader('legal-office');
    const impossible = await call(app, 'POST', '/cases', { headers, body: reconsiderationBody({ receivedOn: '2025-02-30' }) });
    expect(impossible.body).toMatchObject({ errors: [{ path: 'receivedOn' }] });
    const future = await call(app, 'POST', '/cases', { headers, body: reconsiderationBody({ receivedOn: '2025-07-01' }) });
    expect(future.status).toBe(400);
    expect(future.body).toMatchObject({ errors: [{ path: 'receivedOn' }] });
    const mixed = await call(app, 'POST', '/cases', { headers, body: reconsiderationBody({ court: '某法院' }) });
    expect(mixed.body).toMatchObject({ errors: [{ path: 'court', message: '未知字段' }] });
  });

  it('links a litigation case to the reconsideration it arose from, and the reconsideration lists it', async () => {
    const reconsideration = await registerCase(app, reconsiderationBody());
    const litigation = await registerCase(app, litigationBody({ relatedCaseId: reconsideration.id }));
    const res = await call(app, 'GET', `/cases/${reconsideration.id}`, { headers: await authHeader('legal-office') });
    expect((res.body as { linkedCases: unknown[] }).linkedCases).toEqual([
      { id: litigation.id, kind: 'litigation', caseNumber: litigation.caseNumber },
    ]);
  });

  it('refuses a link to a case that is not a reconsideration', async () => {
    const litigation = await registerCase(app, litigationBody());
    const res = await call(app, 'POST', '/cases', { headers: await authHeader('legal-office'), body: litigationBody({ relatedCaseId: litigation.id }) });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'UNKNOWN_RELATED_CASE', errors: [{ path: 'relatedCaseId' }] });
  });
});

describe('Idempotency-Key', () => {
  it('replays the first response for ten concurrent retries and creates one case', async () => {
    const body = reconsiderationBody();
    const headers = { ...(await authHeader('legal-office')), 'idempotency-key': `key-${Date.now()}-${Math.random()}` };
    const results = await Promise.all(Array.from({ length: 10 }, () => call(app, 'POST', '/cases', { headers, body })));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
    const ids = new Set(results.map((r) => (r.body as CaseBody).id));
    expect(ids.size).toBe(1);
    const listed = await call(app, 'GET', '/cases?limit=200', { headers: await authHeader('legal-office') });
    const numbers = (listed.body as { items: { caseNumber: string }[] }).items.filter((c) => c.caseNumber === body.caseNumber);
    expect(numbers).toHaveLength(1);
  });

  it('refuses the same key with another body with 422', async () => {
    const headers = { ...(await authHeader('legal-office')), 'idempotency-key': 'reused-key-1' };
    expect((await call(app, 'POST', '/cases', { headers, body: reconsiderationBody() })).status).toBe(201);
    const second = await call(app, 'POST', '/cases', { headers, body: reconsiderationBody() });
    expect(second.status).toBe(422);
    expect(second.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('replays an action retried with the same key instead of refusing it as a second accept', async () => {
    const registered = await registerCase(app, reconsiderationBody());
    const key = { 'idempotency-key': `accept-${registered.id}` };
    const first = await act(app, registered.id, { type: 'accept', on: '2024-09-29' }, key);
    const retry = await act(app, registered.id, { type: 'accept', on: '2024-09-29' }, key);
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect((await historyOf(registered.id)).filter((h) => h.action === 'accept')).toHaveLength(1);
  });
});

describe('recording steps', () => {
  it('runs a reconsideration through correction, acceptance, copy, reply, suspension, extension and decision', async () => {
    const registered = await registerCase(app, reconsiderationBody({ receivedOn: '2024-09-27' }));
    const decided = await actAll(app, registered.id, [
      { type: 'request-correction', on: '2024-09-29', items: '补充身份证明' },
      { type: 'receive-correction', on: '2024-10-09' },
      { type: 'accept', on: '2024-10-10' },
      { type: 'send-copy', on: '2024-10-11' },
      { type: 'receive-reply', on: '2024-10-21' },
      { type: 'suspend', on: '2024-11-01', reason: 'awaiting-other-case' },
      { type: 'resume', on: '2024-11-15' },
      { type: 'extend', on: '2024-12-01', approvedBy: '复议机构负责人' },
      { type: 'decide', on: '2024-12-20', outcome: 'revoke' },
      { type: 'record-performance', on: '2025-01-10', performed: true },
    ]);
    expect(decided).toMatchObject({
      status: 'decided',
      concluded: true,
      outcome: 'revoke',
      acceptedOn: '2024-10-10',
      concludedOn: '2024-12-20',
      version: 11,
    });
    const history = await historyOf(registered.id);
    expect(history.map((h) => h.action)).toEqual([
      'register', 'request-correction', 'receive-correction', 'accept', 'send-copy', 'receive-reply',
      'suspend', 'resume', 'extend', 'decide', 'record-performance',
    ]);
    // Registered in 2025, the case was deemed accepted until its steps were entered; the acceptance
    // dated within the review period replaces that.
    expect(history[0]).toMatchObject({ action: 'register', after: { status: 'accepted', deemedAccepted: true } });
    expect(history[3]).toMatchObject({
      actor: { name: '王科长' },
      before: { acceptedOn: '2024-10-15', deemedAccepted: true },
      after: { acceptedOn: '2024-10-10', deemedAccepted: false },
    });
  });

  it('runs a litigation through defense, judgment, appeal and conclusion', async () => {
    const registered = await registerCase(app, litigationBody());
    const concluded = await actAll(app, registered.id, [
      { type: 'file-defense', on: '2025-01-20' },
      { type: 'judge', on: '2025-03-10', servedOn: '2025-03-12', form: 'judgment', instance: 'first', outcome: 'claims-dismissed' },
      { type: 'appeal', on: '2025-03-20', by: 'plaintiff' },
      { type: 'judge', on: '2025-05-10', servedOn: '2025-05-12', form: 'judgment', instance: 'second', outcome: 'claims-dismissed' },
      { type: 'conclude', on: '2025-05-12', outcome: 'claims-dismissed' },
    ]);
    expect(concluded).toMatchObject({ status: 'concluded', concluded: true, outcome: 'claims-dismissed', instance: 'second' });
  });

  it('refuses an action the status does not allow with 409 naming the status', async () => {
    const registered = await registerCase(app, reconsiderationBody());
    const res = await act(app, registered.id, { type: 'decide', on: '2024-10-01', outcome: 'uphold' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ status: 409, code: 'ILLEGAL_TRANSITION', currentStatus: 'received' });
  });

  it('refuses an action of the other kind naming type', async () => {
    const registered = await registerCase(app, reconsiderationBody());
    const res = await act(app, registered.id, { type: 'file-defense', on: '2024-10-01' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errors: [{ path: 'type' }] });
  });

  it('refuses dates before receipt, before an earlier step, or after today (China) naming on', async () => {
    const registered = await registerCase(app, reconsiderationBody({ receivedOn: '2024-09-27' }));
    const beforeReceipt = await act(app, registered.id, { type: 'accept', on: '2024-09-26' });
    expect(beforeReceipt.status).toBe(400);
    expect(beforeReceipt.body).toMatchObject({ errors: [{ path: 'on' }] });
    await actAll(app, registered.id, [{ type: 'accept', on: '2024-10-08' }]);
    const beforeStep = await act(app, registered.id, { type: 'send-copy', on: '2024-10-07' });
    expect(beforeStep.body).toMatchObject({ errors: [{ path: 'on' }] });
    const future = await act(app, registered.id, { type: 'send-copy', on: '2025-07-01' });
    expect(future.status).toBe(400);
    expect(future.body).toMatchObject({ errors: [{ path: 'on' }] });
  });

  it('applies twenty concurrent accepts exactly once', async () => {
    const registered = await registerCase(app, reconsiderationBody());
    const results = await Promise.all(Array.from({ length: 20 }, () => act(app, registered.id, { type: 'accept', on: '2024-09-30' })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409 || s === 412)).toHaveLength(19);
    expect((await historyOf(registered.id)).filter((h) => h.action === 'accept')).toHaveLength(1);
  });

  it('answers a stale If-Match with 412 and a current one with 200', async () => {
    const registered = await registerCase(app, reconsiderationBody());
    const stale = await act(app, registered.id, { type: 'accept', on: '2024-09-30' }, { 'if-match': '"7"' });
    expect(stale.status).toBe(412);
    const current = await act(app, registered.id, { type: 'accept', on: '2024-09-30' }, { 'if-match': '"1"' });
    expect(current.status).toBe(200);
    expect(current.headers.get('etag')).toBe('"2"');
  });

  it('writes no history when a write is refused (the entry goes in the same transaction as the change)', async () => {
    const registered = await registerCase(app, reconsiderationBody());
    const repository = new DynamoCaseRepository(table);
    const stored = await repository.get(registered.id);
    const result = await repository.update(
      { ...stored!.record, status: 'accepted', version: 99, deadlines: [] },
      { ...stored!.record, version: 5 },
      { at: '2025-06-30T10:00:00+08:00', actor: { sub: 's', name: 'n' }, action: 'accept' },
      undefined,
    );
    expect(result.kind).toBe('stale');
    expect((await historyOf(registered.id)).map((h) => h.action)).toEqual(['register']);
  });
});

describe('who sees what', () => {
  it('shows an agency head its own agency’s cases and hides the others with 404', async () => {
    const own = await registerCase(app, reconsiderationBody({ agencyId: 'market-regulation' }));
    const other = await registerCase(app, reconsiderationBody({ agencyId: 'public-security' }));
    const head = await authHeader('agency-head', 'market-regulation');
    expect((await call(app, 'GET', `/cases/${own.id}`, { headers: head })).status).toBe(200);
    expect((await call(app, 'GET', `/cases/${other.id}`, { headers: head })).status).toBe(404);
    expect((await call(app, 'GET', `/cases/${other.id}/history`, { headers: head })).status).toBe(404);
    const listed = await call(app, 'GET', '/cases?limit=200', { headers: head });
    const agencies = new Set((listed.body as { items: { agencyId: string }[] }).items.map((c) => c.agencyId));
    expect([...agencies]).toEqual(['market-regulation']);
    const asked = await call(app, 'GET', '/cases?agencyId=public-security', { headers: head });
    expect((asked.body as { items: unknown[] }).items).toEqual([]);
  });

  it('lets an agency head read but not act or register', async () => {
    const own = await registerCase(app, reconsiderationBody());
    const head = await authHeader('agency-head', 'market-regulation');
    expect((await call(app, 'POST', `/cases/${own.id}/actions`, { headers: head, body: { type: 'accept', on: '2024-09-30' } })).status).toBe(403);
    expect((await call(app, 'POST', '/cases', { headers: head, body: reconsiderationBody() })).status).toBe(403);
  });

  it('forbids a stats reader every case route', async () => {
    const own = await registerCase(app, reconsiderationBody());
    const reader = await authHeader('stats-reader');
    for (const [method, path] of [
      ['GET', '/cases'],
      ['GET', `/cases/${own.id}`],
      ['GET', `/cases/${own.id}/history`],
    ] as const) {
      expect((await call(app, method, path, { headers: reader })).status).toBe(403);
    }
  });

  it('answers a malformed case id with 400 and an unknown one with 404', async () => {
    const headers = await authHeader('legal-office');
    expect((await call(app, 'GET', '/cases/not-an-id', { headers })).status).toBe(400);
    expect((await call(app, 'GET', '/cases/01JAAAAAAAAAAAAAAAAAAAAAAA', { headers })).status).toBe(404);
  });
});

describe('listing cases', () => {
  let listTable: Table;
  let listApp: ReturnType<typeof createLocalApp>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    listTable = await freshTable('case-list');
    listApp = createLocalApp({ table: listTable, clock });
    await ensureAgency(listApp, 'market-regulation');
    await ensureAgency(listApp, 'public-security');
    const plan: [string, Record<string, unknown>][] = [
      ['r1', reconsiderationBody({ receivedOn: '2024-03-01', agencyId: 'market-regulation' })],
      ['r2', reconsiderationBody({ receivedOn: '2024-05-01', agencyId: 'public-security' })],
      ['r3', reconsiderationBody({ receivedOn: '2024-07-01', agencyId: 'market-regulation' })],
      ['l1', litigationBody({ receivedOn: '2024-04-01', filedOn: '2024-03-28', agencyId: 'public-security' })],
      ['l2', litigationBody({ receivedOn: '2024-06-01', filedOn: '2024-05-28', agencyId: 'market-regulation' })],
    ];
    for (const [name, body] of plan) ids[name] = (await registerCase(listApp, body)).id;
    await actAll(listApp, ids.r1!, [
      { type: 'accept', on: '2024-03-04' },
      { type: 'decide', on: '2024-04-20', outcome: 'uphold' },
    ]);
  });

  async function list(query: string): Promise<string[]> {
    const res = await call(listApp, 'GET', `/cases?${query}`, { headers: await authHeader('legal-office') });
    expect(res.status).toBe(200);
    const names = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
    return (res.body as { items: { id: string }[] }).items.map((c) => names[c.id] ?? c.id);
  }

  it('lists newest received first', async () => {
    expect(await list('limit=50')).toEqual(['r3', 'l2', 'r2', 'l1', 'r1']);
  });

  it('filters by kind, agency, status, open and received range', async () => {
    expect(await list('kind=litigation')).toEqual(['l2', 'l1']);
    expect(await list('agencyId=market-regulation')).toEqual(['r3', 'l2', 'r1']);
    expect(await list('status=decided')).toEqual(['r1']);
    expect(await list('open=false')).toEqual(['r1']);
    expect(await list('open=true&kind=reconsideration')).toEqual(['r3', 'r2']);
    expect(await list('receivedFrom=2024-04-01&receivedTo=2024-06-01')).toEqual(['l2', 'r2', 'l1']);
    expect(await list('agencyId=market-regulation&kind=reconsideration&open=true')).toEqual(['r3']);
  });

  it('pages with a cursor that only its own query accepts', async () => {
    const headers = await authHeader('legal-office');
    const first = await call(listApp, 'GET', '/cases?kind=reconsideration&limit=2', { headers });
    const page = first.body as { items: { id: string }[]; nextCursor: string };
    expect(page.items).toHaveLength(2);
    const second = await call(listApp, 'GET', `/cases?kind=reconsideration&limit=2&cursor=${page.nextCursor}`, { headers });
    const rest = second.body as { items: { id: string }[]; nextCursor: string | null };
    expect(rest.items.map((c) => c.id)).toEqual([ids.r1]);
    expect(rest.nextCursor).toBeNull();
    const foreign = await call(listApp, 'GET', `/cases?kind=litigation&limit=2&cursor=${page.nextCursor}`, { headers });
    expect(foreign.status).toBe(400);
    expect(foreign.body).toMatchObject({ code: 'INVALID_CURSOR' });
  });
});

describe('legal additions of the second round', () => {
  it('closes an application whose correction never came as abandoned, only after the applicant\'s period (行政复议法第三十一条第二款)', async () => {
    // Received Monday 2025-03-03; the notice sent 2025-03-04, received 2025-03-06: ten working days end on 2025-03-20.
    const c = await registerCase(app, reconsiderationBody({ receivedOn: '2025-03-03' }));
    const requested = await actAll(app, c.id, [{ type: 'request-correction', on: '2025-03-04', servedOn: '2025-03-06' }]);
    const deadlines = requested.deadlines as { type: string; dueOn: string; status: string }[];
    expect(deadlines.find((d) => d.type === 'correction-submission')).toMatchObject({ dueOn: '2025-03-20', status: 'overdue' });
    const early = await act(app, c.id, { type: 'correction-lapsed', on: '2025-03-20' });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'CORRECTION_PERIOD_RUNNING', correctionDueOn: '2025-03-20' });
    const lapsed = await act(app, c.id, { type: 'correction-lapsed', on: '2025-03-21' });
    expect(lapsed.status, lapsed.text).toBe(200);
    expect(lapsed.body).toMatchObject({ status: 'abandoned', abandonedOn: '2025-03-21', rejectedOn: null, concluded: false, allowedActions: [] });
  });

  it('runs the reply period from the respondent\'s receipt recorded on send-copy (行政复议法第四十八条)', async () => {
    const c = await registerCase(app, reconsiderationBody({ receivedOn: '2025-03-03' }));
    const body = await actAll(app, c.id, [
      { type: 'accept', on: '2025-03-05' },
      { type: 'send-copy', on: '2025-03-07', servedOn: '2025-03-10' },
    ]);
    const reply = (body.deadlines as { type: string; dueOn: string; explanation: string[] }[]).find((d) => d.type === 'respondent-reply');
    // Ten working days from Monday 2025-03-10.
    expect(reply?.dueOn).toBe('2025-03-24');
    expect(reply?.explanation[1]).toBe('被申请人于2025-03-10收到申请书副本，答复期限自收到之日起计算（行政复议法第四十八条）');
  });

  it('refuses an extension after the decision period ran out with 409 DECISION_PERIOD_LAPSED (行政复议法第六十二条)', async () => {
    // Accepted 2025-03-05: 60 days end on Sunday 2025-05-04 (Labour Day), moved to Tuesday 2025-05-06.
    const c = await registerCase(app, reconsiderationBody({ receivedOn: '2025-03-03' }));
    await actAll(app, c.id, [{ type: 'accept', on: '2025-03-05' }]);
    const res = await act(app, c.id, { type: 'extend', on: '2025-05-07', approvedBy: '复议机构负责人' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'DECISION_PERIOD_LAPSED', decisionDueOn: '2025-05-06' });
  });

  it('lengthens the applicant\'s correction period with extend-correction (行政复议法第三十一条第二款)', async () => {
    // Served Wednesday 2025-06-25: ten working days end on Wednesday 2025-07-09.
    const c = await registerCase(app, reconsiderationBody({ receivedOn: '2025-06-23' }));
    const requested = await actAll(app, c.id, [{ type: 'request-correction', on: '2025-06-24', servedOn: '2025-06-25' }]);
    expect(requested.allowedActions).toEqual(expect.arrayContaining(['receive-correction', 'extend-correction', 'correction-lapsed']));
    type Due = { type: string; dueOn: string; status: string; explanation: string[] };
    expect((requested.deadlines as Due[]).find((d) => d.type === 'correction-submission')?.dueOn).toBe('2025-07-09');

    const notLater = await act(app, c.id, { type: 'extend-correction', on: '2025-06-30', until: '2025-07-09', reason: '申请人住院治疗' });
    expect(notLater.status).toBe(400);
    expect(notLater.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ in: 'body', path: 'until', message: '应晚于当前补正期限的最后一日2025-07-09' }] });
    const noReason = await act(app, c.id, { type: 'extend-correction', on: '2025-06-30', until: '2025-07-31' });
    expect(noReason.status).toBe(400);
    expect((noReason.body as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['reason']);

    const res = await act(app, c.id, { type: 'extend-correction', on: '2025-06-30', until: '2025-07-31', reason: '申请人住院治疗' });
    expect(res.status, res.text).toBe(200);
    const got = await call(app, 'GET', `/cases/${c.id}`, { headers: await authHeader('legal-office') });
    const body = got.body as CaseBody & { steps: { type: string; until?: string; reason?: string }[] };
    expect(body.status).toBe('awaiting-correction');
    expect(body.allowedActions).toContain('extend-correction');
    const due = (body.deadlines as Due[]).find((d) => d.type === 'correction-submission');
    expect(due).toMatchObject({ dueOn: '2025-07-31', status: 'open' });
    expect(due?.explanation.at(-1)).toBe('行政复议机关于2025-06-30决定延长补正期限至2025-07-31（行政复议法第三十一条第二款）');
    expect(body.steps.at(-1)).toMatchObject({ type: 'extend-correction', on: '2025-06-30', until: '2025-07-31', reason: '申请人住院治疗' });
    expect((await historyOf(c.id)).at(-1)).toMatchObject({
      action: 'extend-correction',
      details: { until: '2025-07-31', reason: '申请人住院治疗' },
      before: { deadlines: { 'correction-submission#1': '2025-07-09' } },
      after: { deadlines: { 'correction-submission#1': '2025-07-31' } },
    });
    // The deadline board follows the new last day.
    const board = await call(app, 'GET', '/deadlines?limit=200&type=correction-submission', { headers: await authHeader('legal-office') });
    const items = (board.body as { items: { caseId: string; dueOn: string }[] }).items.filter((i) => i.caseId === c.id);
    expect(items.map((i) => i.dueOn)).toEqual(['2025-07-31']);
    // 视为放弃 only after the new last day.
    const early = await act(app, c.id, { type: 'correction-lapsed', on: '2025-06-30' });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'CORRECTION_PERIOD_RUNNING', correctionDueOn: '2025-07-31' });
  });

  it('labels extend-correction 延长补正期限 in GET /meta/enums', async () => {
    const res = await call(app, 'GET', '/meta/enums', { headers: await authHeader('legal-office') });
    const { enums } = res.body as { enums: Record<string, { code: string; zh: string }[]> };
    expect(enums.reconsiderationAction).toContainEqual({ code: 'extend-correction', zh: '延长补正期限' });
  });

  it('refuses extend-correction after the correction period ran out with 409 CORRECTION_PERIOD_LAPSED (行政复议法第三十一条第二款)', async () => {
    // Notice 2025-06-03, receipt not recorded: ten working days end on 2025-06-17.
    const c = await registerCase(app, reconsiderationBody({ receivedOn: '2025-06-03' }));
    await actAll(app, c.id, [{ type: 'request-correction', on: '2025-06-03' }]);
    const res = await act(app, c.id, { type: 'extend-correction', on: '2025-06-18', until: '2025-07-31', reason: '申请人住院治疗' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'CORRECTION_PERIOD_LAPSED', correctionDueOn: '2025-06-17', currentStatus: 'awaiting-correction' });
    expect((await historyOf(c.id)).map((h) => h.action)).toEqual(['register', 'request-correction']);
  });

  it('opens no appeal period on a 准予撤诉 ruling (行诉解释第一百零一条第二款)', async () => {
    const c = await registerCase(app, litigationBody({ receivedOn: '2025-03-03', filedOn: '2025-02-28' }));
    const body = await actAll(app, c.id, [
      { type: 'judge', on: '2025-04-01', servedOn: '2025-04-02', form: 'ruling', rulingType: 'withdrawal', instance: 'first', outcome: 'withdrawn' },
    ]);
    expect((body.deadlines as { type: string }[]).filter((d) => d.type === 'appeal')).toEqual([]);
    // …and offers no appeal, and refuses one.
    expect(body.allowedActions).not.toContain('appeal');
    expect(body.allowedActions).toContain('conclude');
    const appealed = await act(app, c.id, { type: 'appeal', on: '2025-04-08', by: 'plaintiff' });
    expect(appealed.status).toBe(409);
    expect(appealed.body).toMatchObject({ code: 'ILLEGAL_TRANSITION', detail: expect.stringContaining('第一百零一条第二款') });
  });
});
