import { beforeAll, describe, expect, it } from 'vitest';
import { allContracts } from '../../shared/http/contracts';
import { createLocalApp } from '../../shared/local/local-app';
import { actAll, ensureAgency, litigationBody, reconsiderationBody, registerCase, uniqueNumber, validIdNumber } from '../support/cases';
import { movableClock } from '../support/clock';
import { freshTable } from '../support/dynamo';
import { authHeader, call } from '../support/http';

/**
 * Every route × every kind of caller, from the route table: a route added without a row here
 * fails the first test. Agency A is the case's agency; a head of agency B is "another agency".
 */
type Caller = 'none' | 'badToken' | 'legal' | 'headOwn' | 'headOther' | 'stats';
const callers: Caller[] = ['none', 'badToken', 'legal', 'headOwn', 'headOther', 'stats'];
const A = 'market-regulation';
const B = 'public-security';
const PERSON = '张秀英';
const ID_NUMBER = validIdNumber('19750312', '246');

interface Fixture {
  reconsiderationId: string;
  litigationId: string;
  futureHearing: string;
  pastHearing: string;
  feedToken: string;
}
type Request = (f: Fixture, caller: Caller) => { method: string; path: string; body?: unknown };
type Expect = Partial<Record<Caller, number>>;

const protectedRoute = (legal: number, headOwn: number, headOther: number, stats: number): Expect => ({
  none: 401,
  badToken: 401,
  legal,
  headOwn,
  headOther,
  stats,
});
const publicRoute = (status: number): Expect => Object.fromEntries(callers.map((c) => [c, status]));

const matrix: Record<string, { request: Request; expect: Expect }> = {
  health: { request: () => ({ method: 'GET', path: '/health' }), expect: publicRoute(200) },
  openApi: { request: () => ({ method: 'GET', path: '/openapi.json' }), expect: publicRoute(200) },
  docs: { request: () => ({ method: 'GET', path: '/docs' }), expect: publicRoute(200) },
  docsAsset: { request: () => ({ method: 'GET', path: '/docs/swagger-ui.css' }), expect: publicRoute(200) },
  enums: { request: () => ({ method: 'GET', path: '/meta/enums' }), expect: protectedRoute(200, 200, 200, 200) },
  createAgency: {
    request: (_f, caller) => ({ method: 'POST', path: '/agencies', body: { id: `new-${caller.toLowerCase()}-${Date.now() % 100000}`, name: '区新设局' } }),
    expect: protectedRoute(201, 403, 403, 403),
  },
  listAgencies: { request: () => ({ method: 'GET', path: '/agencies' }), expect: protectedRoute(200, 200, 200, 403) },
  getAgency: { request: () => ({ method: 'GET', path: `/agencies/${A}` }), expect: protectedRoute(200, 200, 404, 403) },
  createCase: {
    request: () => ({ method: 'POST', path: '/cases', body: reconsiderationBody({ caseNumber: uniqueNumber(), receivedOn: '2025-06-20' }) }),
    expect: protectedRoute(201, 403, 403, 403),
  },
  listCases: { request: () => ({ method: 'GET', path: '/cases' }), expect: protectedRoute(200, 200, 200, 403) },
  getCase: { request: (f) => ({ method: 'GET', path: `/cases/${f.reconsiderationId}` }), expect: protectedRoute(200, 200, 404, 403) },
  caseHistory: { request: (f) => ({ method: 'GET', path: `/cases/${f.reconsiderationId}/history` }), expect: protectedRoute(200, 200, 404, 403) },
  recordCaseAction: {
    request: (f) => ({ method: 'POST', path: `/cases/${f.reconsiderationId}/actions`, body: { type: 'request-correction', on: '2025-06-24' } }),
    expect: protectedRoute(200, 403, 403, 403),
  },
  deadlineBoard: { request: () => ({ method: 'GET', path: '/deadlines' }), expect: protectedRoute(200, 200, 200, 403) },
  getCalendarYear: { request: () => ({ method: 'GET', path: '/calendar/2025' }), expect: protectedRoute(200, 200, 200, 403) },
  putCalendarYear: {
    request: () => ({ method: 'PUT', path: '/calendar/2031', body: { holidays: ['2031-01-01'], workdays: [] } }),
    expect: protectedRoute(200, 403, 403, 403),
  },
  listAlerts: { request: () => ({ method: 'GET', path: '/alerts' }), expect: protectedRoute(200, 403, 403, 403) },
  scheduleHearing: {
    request: (f) => ({ method: 'POST', path: `/cases/${f.litigationId}/hearings`, body: { scheduledAt: '2025-07-20T09:00:00+08:00', court: '法院', kind: 'court' } }),
    expect: protectedRoute(201, 403, 403, 403),
  },
  listHearings: { request: () => ({ method: 'GET', path: '/hearings' }), expect: protectedRoute(200, 200, 200, 403) },
  getHearing: { request: (f) => ({ method: 'GET', path: `/hearings/${f.futureHearing}` }), expect: protectedRoute(200, 200, 404, 403) },
  changeHearing: {
    request: (f) => ({ method: 'PATCH', path: `/hearings/${f.futureHearing}`, body: { courtroom: '第五法庭' } }),
    expect: protectedRoute(200, 403, 403, 403),
  },
  confirmAppearance: {
    request: (f) => ({ method: 'PUT', path: `/hearings/${f.futureHearing}/confirmation`, body: { attendance: 'head', head: { name: '李局长', title: 'principal' } } }),
    expect: protectedRoute(200, 200, 404, 403),
  },
  recordAttendance: {
    request: (f) => ({ method: 'PUT', path: `/hearings/${f.pastHearing}/attendance`, body: { held: true, headAppeared: false } }),
    expect: protectedRoute(200, 403, 403, 403),
  },
  hearingsFeed: { request: (f) => ({ method: 'GET', path: `/hearings.ics?agencyId=${A}&token=${f.feedToken}` }), expect: publicRoute(200) },
  // An agency head may issue the calendar link of the head's own agency (B's head here), never another's.
  rotateFeedToken: { request: () => ({ method: 'POST', path: `/agencies/${B}/feed-token` }), expect: protectedRoute(201, 404, 201, 403) },
  statistics: { request: () => ({ method: 'GET', path: '/statistics?from=2025-01-01&to=2025-12-31' }), expect: protectedRoute(200, 200, 200, 200) },
  monthlyStatistics: { request: () => ({ method: 'GET', path: '/statistics/monthly?year=2025' }), expect: protectedRoute(200, 200, 200, 200) },
  statisticsCsv: { request: () => ({ method: 'GET', path: '/statistics.csv?from=2025-01-01&to=2025-12-31' }), expect: protectedRoute(200, 200, 200, 200) },
  reports: { request: () => ({ method: 'GET', path: '/reports' }), expect: protectedRoute(200, 403, 403, 200) },
  importTemplate: { request: () => ({ method: 'GET', path: '/imports/template.xlsx' }), expect: protectedRoute(200, 403, 403, 403) },
  // The legal office is let in and told the JSON it sent is not a ledger (no 案号 header).
  importLedger: { request: () => ({ method: 'POST', path: '/imports?dryRun=true', body: { not: 'a ledger' } }), expect: protectedRoute(422, 403, 403, 403) },
  importStatus: { request: () => ({ method: 'GET', path: '/imports/01ARZ3NDEKTSV4RRFFQ69G5FAV' }), expect: protectedRoute(404, 403, 403, 403) },
  exportCases: { request: () => ({ method: 'GET', path: '/cases.xlsx' }), expect: protectedRoute(200, 200, 200, 403) },
  statisticsXlsx: { request: () => ({ method: 'GET', path: '/statistics.xlsx?from=2025-01-01&to=2025-12-31' }), expect: protectedRoute(200, 200, 200, 200) },
  annualReport: { request: () => ({ method: 'GET', path: '/reports/annual?year=2025' }), expect: protectedRoute(200, 403, 403, 200) },
  annualReportDocx: { request: () => ({ method: 'GET', path: '/reports/annual.docx?year=2025' }), expect: protectedRoute(200, 403, 403, 200) },
  // Notifications: the legal office only (an unknown subscription id: a test message goes nowhere).
  createSubscription: {
    request: () => ({ method: 'POST', path: '/subscriptions', body: { channel: 'email', target: 'fazhi@example.gov.cn', events: ['deadline-overdue'] } }),
    expect: protectedRoute(201, 403, 403, 403),
  },
  listSubscriptions: { request: () => ({ method: 'GET', path: '/subscriptions' }), expect: protectedRoute(200, 403, 403, 403) },
  deleteSubscription: { request: () => ({ method: 'DELETE', path: '/subscriptions/01JBCD5G6QW0X8Y9Z1A2B3C4D5' }), expect: protectedRoute(404, 403, 403, 403) },
  testSubscription: { request: () => ({ method: 'POST', path: '/subscriptions/01JBCD5G6QW0X8Y9Z1A2B3C4D5/test' }), expect: protectedRoute(404, 403, 403, 403) },
  listDeliveries: { request: () => ({ method: 'GET', path: '/deliveries' }), expect: protectedRoute(200, 403, 403, 403) },
};

const clock = movableClock('2025-06-25T10:00:00+08:00');
let app: ReturnType<typeof createLocalApp>;
let fixture: Fixture;
let headers: Record<Caller, Record<string, string>>;

beforeAll(async () => {
  app = createLocalApp({ table: await freshTable('matrix'), clock });
  await ensureAgency(app, A);
  await ensureAgency(app, B);
  const reconsideration = await registerCase(app, reconsiderationBody({ receivedOn: '2025-06-23', parties: [{ role: 'applicant', name: PERSON, idNumber: ID_NUMBER }] }));
  const litigation = await registerCase(app, litigationBody({ receivedOn: '2025-06-02', filedOn: '2025-05-28', parties: [{ role: 'plaintiff', name: PERSON, idNumber: ID_NUMBER }] }));
  await actAll(app, litigation.id, [{ type: 'file-defense', on: '2025-06-10' }]);
  const legal = await authHeader('legal-office');
  const schedule = async (at: string) =>
    ((await call(app, 'POST', `/cases/${litigation.id}/hearings`, { headers: legal, body: { scheduledAt: at, court: '法院', kind: 'court' } })).body as { id: string }).id;
  const pastHearing = await schedule('2025-06-20T09:00:00+08:00');
  const futureHearing = await schedule('2025-07-15T09:00:00+08:00');
  const feed = await call(app, 'POST', `/agencies/${A}/feed-token`, { headers: legal });
  fixture = { reconsiderationId: reconsideration.id, litigationId: litigation.id, futureHearing, pastHearing, feedToken: (feed.body as { token: string }).token };
  headers = {
    none: {},
    badToken: { authorization: 'Bearer not-a-token' },
    legal,
    headOwn: await authHeader('agency-head', A, '李局长'),
    headOther: await authHeader('agency-head', B),
    stats: await authHeader('stats-reader'),
  };
});

describe('the authorization matrix', () => {
  it('has a row for every route of the API, and nothing else is public', () => {
    expect(Object.keys(matrix).sort()).toEqual(allContracts.map((c) => c.operationId).sort());
    const publicOps = allContracts.filter((c) => c.access === 'public').map((c) => c.path).sort();
    expect(publicOps).toEqual(['/docs', '/docs/{file}', '/health', '/hearings.ics', '/openapi.json']);
  });

  const rows = allContracts.flatMap((contract) =>
    callers.map((caller) => [`${contract.method.toUpperCase()} ${contract.path}`, caller, contract.operationId] as const),
  );

  it.each(rows)('%s as %s', async (_route, caller, operationId) => {
    const row = matrix[operationId];
    if (!row) throw new Error(`no authorization rule for ${operationId}`);
    const expected = row.expect[caller];
    const request = row.request(fixture, caller);
    const res = await call(app, request.method, request.path, { headers: headers[caller], ...(request.body !== undefined ? { body: request.body } : {}) });
    expect(res.status, res.text.slice(0, 300)).toBe(expected);
    // Whoever calls, a full ID number never leaves the API; a statistics reader never sees a name.
    expect(res.text).not.toContain(ID_NUMBER);
    if (caller === 'stats') expect(res.text).not.toContain(PERSON);
  });
});
