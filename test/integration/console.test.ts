import { beforeAll, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../shared/local/local-app';
import { DEVELOPMENT_SESSION_SECRET, keyOf, seal } from '../../shared/web/session';
import { ensureAgency, litigationBody, reconsiderationBody, registerCase, uniqueNumber } from '../support/cases';
import { movableClock } from '../support/clock';
import { Visitor } from '../support/console';
import { ledgerXlsx, type LedgerCells } from '../support/ledger';
import { freshTable } from '../support/dynamo';
import { authHeader, call } from '../support/http';

const clock = movableClock('2024-09-30T09:00:00+08:00');
let app: ReturnType<typeof createLocalApp>;

beforeAll(async () => {
  app = createLocalApp({ table: await freshTable('console'), clock });
  await ensureAgency(app, 'market-regulation', '区市场监督管理局');
  await ensureAgency(app, 'public-security', '区公安分局');
});

async function office(): Promise<Visitor> {
  const visitor = new Visitor(app);
  const res = await visitor.signIn('legal-office', '王芳');
  expect(res.status).toBe(303);
  return visitor;
}

async function registerThroughForm(visitor: Visitor, fields: Record<string, string> = {}) {
  await visitor.get('/console/cases/new');
  const form = {
    _csrf: visitor.hidden('_csrf', '/console/cases'),
    _key: visitor.hidden('_key', '/console/cases'),
    kind: 'reconsideration',
    caseNumber: uniqueNumber(),
    agencyId: 'market-regulation',
    receivedOn: '2024-09-27',
    'parties.0.name': '张三',
    ...fields,
  };
  return { form, res: await visitor.post('/console/cases', form) };
}

const caseIdIn = (location: string | null) => /\/console\/cases\/([0-9A-Z]{26})/.exec(location ?? '')?.[1];

describe('signing in (development form)', () => {
  it('sends a visitor without a session to the sign-in page, remembering the page', async () => {
    const res = await new Visitor(app).get('/console/deadlines?status=overdue');
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/login?next=${encodeURIComponent('/console/deadlines?status=overdue')}`);
  });

  it('shows the sign-in form with the fields 角色, 机关, 姓名 and the button 登录', async () => {
    const res = await new Visitor(app).get('/login');
    expect(res.text).toContain('>角色');
    expect(res.text).toContain('>机关');
    expect(res.text).toContain('>姓名');
    expect(res.text).toMatch(/<button type="submit">登录<\/button>/);
  });

  it('sets an HttpOnly, SameSite=Lax session cookie, without Secure only on localhost', async () => {
    const local = new Visitor(app);
    const res = await local.signIn('legal-office', '王芳');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('ct_session='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);

    const remote = new Visitor(app, 'http://console.example.gov.cn');
    const res2 = await remote.signIn('legal-office', '王芳');
    expect(res2.headers.getSetCookie().find((c) => c.startsWith('ct_session='))).toMatch(/Secure/);
  });

  it('returns to the page it came from, but never to another site', async () => {
    const visitor = new Visitor(app);
    await visitor.get('/login?next=%2F%2Fevil.example%2Fx');
    const res = await visitor.post('/login', { _csrf: visitor.hidden('_csrf'), next: '//evil.example/x', role: 'legal-office', name: '王芳' });
    expect(res.location).toBe('/');
    const again = new Visitor(app);
    await again.get('/login');
    const back = await again.post('/login', { _csrf: again.hidden('_csrf'), next: '/console/deadlines?status=open', role: 'legal-office', name: '王芳' });
    expect(back.location).toBe('/console/deadlines?status=open');
  });

  it('refuses an agency head whose agency does not exist, next to the field', async () => {
    const visitor = new Visitor(app);
    await visitor.get('/login');
    const res = await visitor.post('/login', { _csrf: visitor.hidden('_csrf'), next: '/', role: 'agency-head', name: '李局长', agencyId: 'nowhere' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('href="#f-agencyId"');
    expect(res.text).toContain('没有标识为“nowhere”的机关');
  });

  it('refuses a sign-in form without its CSRF token', async () => {
    const visitor = new Visitor(app);
    await visitor.get('/login');
    const res = await visitor.post('/login', { _csrf: 'forged-token', next: '/', role: 'legal-office', name: '王芳' });
    expect(res.status).toBe(403);
    expect(visitor.cookie('ct_session')).toBeUndefined();
  });

  it('sends an expired session back to sign-in with the page it came from', async () => {
    const visitor = new Visitor(app);
    const past = Math.floor(Date.now() / 1000) - 60;
    visitor.setCookie('ct_session', seal({ sub: 's', name: '王芳', roles: ['legal-office'], csrf: 'x', exp: past }, keyOf(DEVELOPMENT_SESSION_SECRET)));
    const res = await visitor.get('/console/cases?kind=litigation');
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/login?next=${encodeURIComponent('/console/cases?kind=litigation')}&expired=1`);
    const login = await visitor.get(res.location!);
    expect(login.text).toContain('登录已过期');
  });

  it('does not take a session cookie sealed with another key', async () => {
    const visitor = new Visitor(app);
    const future = Math.floor(Date.now() / 1000) + 3600;
    visitor.setCookie('ct_session', seal({ sub: 's', name: 'x', roles: ['legal-office'], csrf: 'x', exp: future }, keyOf('another key')));
    expect((await visitor.get('/')).status).toBe(303);
  });

  it('signs out with POST /logout', async () => {
    const visitor = await office();
    await visitor.get('/');
    const res = await visitor.post('/logout', { _csrf: visitor.hidden('_csrf', '/logout') });
    expect(res.location).toBe('/login?signedOut=1');
    expect((await visitor.get('/')).status).toBe(303);
  });
});

describe('safe by default', () => {
  it('sends a strict Content-Security-Policy and forbids framing', async () => {
    const visitor = await office();
    const res = await visitor.get('/');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.text).not.toMatch(/<script/);
    expect(res.text).not.toMatch(/ style="/);
  });

  it('refuses a form without the session CSRF token', async () => {
    const visitor = await office();
    const { form } = await registerThroughForm(visitor, {});
    const res = await visitor.post('/console/cases', { ...form, _key: 'another-key-1', _csrf: 'forged' });
    expect(res.status).toBe(403);
  });

  it('refuses a form posted from another site', async () => {
    const visitor = await office();
    await visitor.get('/console/cases/new');
    const res = await visitor.post('/console/cases', { _csrf: visitor.hidden('_csrf', '/console/cases') }, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
  });

  it('shows a party named <script>alert(1)</script> as text', async () => {
    const visitor = await office();
    const { res } = await registerThroughForm(visitor, { 'parties.0.name': '<script>alert(1)</script>' });
    const page = await visitor.get(res.location!);
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.text).not.toContain('<script>alert(1)');
  });

  it('leaves the JSON API where it is', async () => {
    const res = await call(app, 'GET', '/cases', { headers: await authHeader('legal-office') });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect((await call(app, 'GET', '/cases')).status).toBe(401);
  });
});

describe('registering a case through the form', () => {
  it('registers and shows the acceptance-review deadline with its explanation', async () => {
    const visitor = await office();
    const { res } = await registerThroughForm(visitor);
    expect(res.status).toBe(303);
    const page = await visitor.get(res.location!);
    expect(page.text).toContain('案件已登记');
    expect(page.text).toContain('受理审查期限');
    expect(page.text).toContain('2024-10-10');
    expect(page.text).toContain('行政复议法第三十条');
    expect(page.text).toContain('计算过程');
  });

  it('registers once when the same form is sent twice', async () => {
    const visitor = await office();
    const { form, res } = await registerThroughForm(visitor, { caseNumber: uniqueNumber() });
    const second = await visitor.post('/console/cases', form);
    expect(second.status).toBe(303);
    expect(caseIdIn(second.location)).toBe(caseIdIn(res.location));
    const list = await call(app, 'GET', `/cases?receivedFrom=2024-09-27&receivedTo=2024-09-27&limit=200`, { headers: await authHeader('legal-office') });
    const numbers = (list.body as { items: { caseNumber: string }[] }).items.filter((c) => c.caseNumber === form.caseNumber);
    expect(numbers).toHaveLength(1);
  });

  it('names each missing field in a summary linking to the field, and next to it', async () => {
    const visitor = await office();
    const { res } = await registerThroughForm(visitor, { caseNumber: '', receivedOn: '', 'parties.0.name': '' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('class="error-summary"');
    for (const field of ['caseNumber', 'receivedOn', 'parties-0-name']) {
      expect(res.text).toContain(`href="#f-${field}"`);
      expect(res.text).toContain(`id="f-${field}-error"`);
    }
    expect(res.text).toContain('案号：必填');
  });

  it('asks for the kind in Chinese and still names the other missing fields', async () => {
    const visitor = await office();
    const { res } = await registerThroughForm(visitor, { kind: '', caseNumber: '' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('案件类型：请选择行政复议或行政应诉');
    expect(res.text).toContain('href="#f-caseNumber"');
    expect(res.text).not.toMatch(/Invalid|Expected/);
  });

  it('says the case number is taken next to the case number', async () => {
    const visitor = await office();
    const caseNumber = uniqueNumber();
    await registerThroughForm(visitor, { caseNumber });
    const { res } = await registerThroughForm(visitor, { caseNumber });
    expect(res.status).toBe(409);
    expect(res.text).toContain('id="f-caseNumber-error"');
  });
});

describe('recording a step', () => {
  it('records an allowed step and recomputes the deadlines', async () => {
    const visitor = await office();
    const { res } = await registerThroughForm(visitor);
    const id = caseIdIn(res.location)!;
    await visitor.get(`/console/cases/${id}`);
    const action = `/console/cases/${id}/actions`;
    const step = await visitor.post(action, {
      _csrf: visitor.hidden('_csrf', action),
      _key: visitor.hidden('_key', action),
      _version: visitor.hidden('_version', action),
      type: 'accept',
      on: '2024-09-30',
    });
    expect(step.status).toBe(303);
    const page = await visitor.get(`/console/cases/${id}`);
    expect(page.text).toContain('2024-09-30 受理');
    expect(page.text).toContain('发送申请书副本期限');
  });

  it('says the case changed meanwhile instead of overwriting it', async () => {
    const visitor = await office();
    const { res } = await registerThroughForm(visitor);
    const id = caseIdIn(res.location)!;
    await visitor.get(`/console/cases/${id}`);
    const action = `/console/cases/${id}/actions`;
    const form = { _csrf: visitor.hidden('_csrf', action), _key: visitor.hidden('_key', action), _version: visitor.hidden('_version', action) };
    // Someone else accepts the case through the API first.
    const other = await call(app, 'POST', `/cases/${id}/actions`, { headers: await authHeader('legal-office'), body: { type: 'accept', on: '2024-09-30' } });
    expect(other.status).toBe(200);
    const stale = await visitor.post(action, { ...form, type: 'reject', on: '2024-09-30', reason: 'not-in-scope' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('已被他人修改');
  });

  it('shows why a step is refused and what is allowed', async () => {
    const visitor = await office();
    const { res } = await registerThroughForm(visitor);
    const id = caseIdIn(res.location)!;
    await visitor.get(`/console/cases/${id}`);
    const action = `/console/cases/${id}/actions`;
    const refused = await visitor.post(action, {
      _csrf: visitor.hidden('_csrf', action),
      _key: 'refused-step-key-1',
      type: 'decide',
      on: '2024-09-30',
      outcome: 'uphold',
    });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('当前允许的操作：');
    expect(refused.text).toContain('受理');
  });

  it('shows a bad field of a step next to it', async () => {
    const visitor = await office();
    const { res } = await registerThroughForm(visitor);
    const id = caseIdIn(res.location)!;
    await visitor.get(`/console/cases/${id}`);
    const action = `/console/cases/${id}/actions`;
    const bad = await visitor.post(action, { _csrf: visitor.hidden('_csrf', action), type: 'reject', on: '2024-13-45' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('href="#reject-on"');
    expect(bad.text).toContain('href="#reject-reason"');
  });
});

describe('agency heads', () => {
  let caseA: string;
  let hearingA: string;

  beforeAll(async () => {
    caseA = (await registerCase(app, litigationBody({ receivedOn: '2024-09-20', filedOn: '2024-09-18' }))).id;
    const res = await call(app, 'POST', `/cases/${caseA}/hearings`, {
      headers: await authHeader('legal-office'),
      body: { scheduledAt: '2024-10-18T09:30:00+08:00', court: '潞州区人民法院', kind: 'court' },
    });
    hearingA = (res.body as { id: string }).id;
  });

  it('shows a head its own agency’s hearings awaiting confirmation', async () => {
    const head = new Visitor(app);
    await head.signIn('agency-head', '李局长', 'market-regulation');
    const home = await head.get('/');
    expect(home.text).toContain('待确认出庭');
    expect(home.text).toContain(`/console/hearings/${hearingA}/confirmation`);
    expect(home.text).toContain('本人出庭');
    expect(home.text).toContain('委托出庭');
  });

  it('never shows a head another agency’s case or hearing (404)', async () => {
    const other = new Visitor(app);
    await other.signIn('agency-head', '赵局长', 'public-security');
    expect((await other.get(`/console/cases/${caseA}`)).status).toBe(404);
    expect((await other.get(`/console/hearings/${hearingA}`)).status).toBe(404);
    const home = await other.get('/');
    expect(home.text).not.toContain(hearingA);
    const forged = await other.post(`/console/hearings/${hearingA}/confirmation`, {
      _csrf: other.hidden('_csrf', '/logout'),
      attendance: 'head',
      'head.name': '赵局长',
      'head.title': 'principal',
    });
    expect(forged.status).toBe(404);
  });

  it('lets a head confirm with one tap (本人出庭)', async () => {
    const head = new Visitor(app);
    await head.signIn('agency-head', '李局长', 'market-regulation');
    await head.get('/');
    const action = `/console/hearings/${hearingA}/confirmation`;
    const res = await head.post(action, {
      _csrf: head.hidden('_csrf', action),
      _version: head.hidden('_version', action),
      attendance: 'head',
      'head.name': head.hidden('head.name', action),
      'head.title': 'principal',
    });
    expect(res.status).toBe(303);
    const hearing = await call(app, 'GET', `/hearings/${hearingA}`, { headers: await authHeader('legal-office') });
    expect((hearing.body as { confirmation: { attendance: string; head: { name: string } } }).confirmation).toMatchObject({ attendance: 'head', head: { name: '李局长' } });
  });

  it('asks a delegate confirmation for its lawful reason', async () => {
    const head = new Visitor(app);
    await head.signIn('agency-head', '李局长', 'market-regulation');
    await head.get(`/console/hearings/${hearingA}`);
    const action = `/console/hearings/${hearingA}/confirmation`;
    const res = await head.post(action, { _csrf: head.hidden('_csrf', action), attendance: 'delegate', 'delegate.name': '钱科长', 'delegate.position': '法规科科长' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('class="error-summary"');
  });

  it('keeps a head out of the legal office’s pages', async () => {
    const head = new Visitor(app);
    await head.signIn('agency-head', '李局长', 'market-regulation');
    expect((await head.get('/console/agencies')).status).toBe(403);
    expect((await head.get('/console/cases/new')).status).toBe(403);
  });
});

describe('statistics readers', () => {
  it('lands on the statistics with charts drawn on the server, and nothing else', async () => {
    const reader = new Visitor(app);
    await reader.signIn('stats-reader', '统计员');
    const home = await reader.get('/');
    expect(home.location).toBe('/console/statistics');
    const page = await reader.get('/console/statistics?from=2024-01-01&to=2024-12-31');
    expect(page.status).toBe(200);
    expect(page.text).toContain('id="chart-reconsideration-months"');
    expect(page.text).toContain('id="chart-head-appearance"');
    expect((await reader.get('/console/cases')).status).toBe(403);
    const csv = await reader.get('/console/statistics.csv?from=2024-01-01&to=2024-12-31');
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment/);
    expect(csv.text).toContain('机关');
  });
});

describe('searching the case list (搜索)', () => {
  const stamp = `${Date.now() % 1e6}`;
  const prefix = `搜复〔2024〕${stamp}`;
  const partyName = `检索人${stamp}`;
  let ours: string;
  let theirs: string;
  let unrelated: string;

  beforeAll(async () => {
    ours = (await registerCase(app, reconsiderationBody({ caseNumber: `${prefix}1号`, agencyId: 'market-regulation' }))).id;
    theirs = (
      await registerCase(
        app,
        reconsiderationBody({ caseNumber: `${prefix}2号`, agencyId: 'public-security', parties: [{ role: 'applicant', name: partyName }] }),
      )
    ).id;
    unrelated = (await registerCase(app, reconsiderationBody({ agencyId: 'market-regulation' }))).id;
  });

  it('shows the search box with its hint', async () => {
    const page = await (await office()).get('/console/cases');
    expect(page.text).toMatch(/<label for="f-q">搜索/);
    expect(page.text).toContain('案号（可只输前几位）或当事人全名');
  });

  it('finds cases by the beginning of their case number, and keeps the query in the box', async () => {
    const page = await (await office()).get(`/console/cases?q=${encodeURIComponent(prefix)}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`/console/cases/${ours}`);
    expect(page.text).toContain(`/console/cases/${theirs}`);
    expect(page.text).not.toContain(`/console/cases/${unrelated}`);
    expect(page.text).toContain(`value="${prefix}"`);
  });

  it("finds a case by a party's full name", async () => {
    const page = await (await office()).get(`/console/cases?q=${encodeURIComponent(partyName)}`);
    expect(page.text).toContain(`/console/cases/${theirs}`);
    expect(page.text).not.toContain(`/console/cases/${ours}`);
  });

  it("never finds another agency's case for a head", async () => {
    const head = new Visitor(app);
    await head.signIn('agency-head', '李局长', 'market-regulation');
    const byNumber = await head.get(`/console/cases?q=${encodeURIComponent(prefix)}`);
    expect(byNumber.text).toContain(`/console/cases/${ours}`);
    expect(byNumber.text).not.toContain(`/console/cases/${theirs}`);
    const byName = await head.get(`/console/cases?q=${encodeURIComponent(partyName)}`);
    expect(byName.status).toBe(200);
    expect(byName.text).not.toContain(`/console/cases/${theirs}`);
    expect(byName.text).toContain('没有符合条件的案件');
  });
});

describe('importing a ledger (导入台账)', () => {
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const rowsOf = (prefix: string, count: number, overrides: Record<number, LedgerCells> = {}): LedgerCells[] =>
    Array.from({ length: count }, (_, i) => ({
      案件类型: '行政复议',
      案号: `${prefix}${i + 1}号`,
      机关: 'market-regulation',
      当事人: `台账申请人${i + 1}`,
      收到日期: '2024-09-02',
      ...overrides[i + 1],
    }));
  const freshPrefix = () => `台复〔2024〕${Date.now() % 1e7}${Math.floor(Math.random() * 1e3)}-`;

  async function uploadForm(visitor: Visitor, bytes: Uint8Array, mode: 'dryRun' | 'commit') {
    await visitor.get('/console/imports');
    return visitor.upload('/console/imports', { _csrf: visitor.hidden('_csrf', '/console/imports'), mode }, { name: '台账.xlsx', bytes, type: XLSX });
  }

  it('is linked from the office navigation and offers a file, 仅检查（不写入）/ 导入 and the template', async () => {
    const visitor = await office();
    const home = await visitor.get('/');
    expect(home.text).toContain('href="/console/imports"');
    const page = await visitor.get('/console/imports');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<form method="post" action="\/console\/imports" enctype="multipart\/form-data"/);
    expect(page.text).toMatch(/<input type="file"[^>]* name="file"/);
    expect(page.text).toContain('仅检查（不写入）');
    expect(page.text).toContain('href="/console/imports/template.xlsx"');
    const template = await visitor.get('/console/imports/template.xlsx');
    expect(template.status).toBe(200);
    expect(template.headers.get('content-type')).toBe(XLSX);
    expect(template.headers.get('content-disposition')).toMatch(/attachment/);
  });

  it('checks a file without writing anything, then imports it and the cases appear in the list', async () => {
    const visitor = await office();
    const prefix = freshPrefix();
    const file = await ledgerXlsx(rowsOf(prefix, 3));
    const checked = await uploadForm(visitor, file, 'dryRun');
    expect(checked.status).toBe(200);
    expect(checked.text).toContain('检查通过');
    expect(checked.text).toContain('<dd id="import-created">3</dd>');
    const before = await visitor.get(`/console/cases?q=${encodeURIComponent(prefix)}`);
    expect(before.text).toContain('没有符合条件的案件');

    const imported = await uploadForm(visitor, file, 'commit');
    expect(imported.status).toBe(200);
    expect(imported.text).toContain('导入完成');
    expect(imported.text).toContain('<dd id="import-created">3</dd>');
    const after = await visitor.get(`/console/cases?q=${encodeURIComponent(prefix)}`);
    for (let i = 1; i <= 3; i++) expect(after.text).toContain(`${prefix}${i}号`);

    const again = await uploadForm(visitor, file, 'commit');
    expect(again.text).toContain('<dd id="import-created">0</dd>');
    expect(again.text).toContain('<dd id="import-unchanged">3</dd>');
  });

  it("shows a bad row's row, column and message, and imports nothing", async () => {
    const visitor = await office();
    const prefix = freshPrefix();
    const file = await ledgerXlsx(rowsOf(prefix, 3, { 2: { 收到日期: '2024-02-30' } }));
    for (const mode of ['dryRun', 'commit'] as const) {
      const res = await uploadForm(visitor, file, mode);
      expect(res.status).toBe(mode === 'dryRun' ? 200 : 422);
      expect(res.text).toContain('未导入任何案件');
      expect(res.text).toMatch(/<td>第3行<\/td><td>收到日期<\/td><td>[^<]+<\/td>/);
    }
    const list = await visitor.get(`/console/cases?q=${encodeURIComponent(prefix)}`);
    expect(list.text).toContain('没有符合条件的案件');
  });

  it('refuses a file over 4 MB with a clear message, and a form without its CSRF token', async () => {
    const visitor = await office();
    const big = new Uint8Array(4 * 1024 * 1024 + 1);
    const res = await uploadForm(visitor, big, 'dryRun');
    expect(res.status).toBe(413);
    expect(res.text).toContain('超过 4 MB 上限');
    const huge = await visitor.upload('/console/imports', { _csrf: visitor.hidden('_csrf', '/logout'), mode: 'dryRun' }, { name: 'x.xlsx', bytes: new Uint8Array(5 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect(huge.text).toContain('超过 4 MB 上限');
    const forged = await visitor.upload('/console/imports', { mode: 'commit' }, { name: '台账.xlsx', bytes: await ledgerXlsx(rowsOf(freshPrefix(), 1)) });
    expect(forged.status).toBe(403);
  });

  it('keeps agency heads out', async () => {
    const head = new Visitor(app);
    await head.signIn('agency-head', '李局长', 'market-regulation');
    expect((await head.get('/console/imports')).status).toBe(403);
    expect((await head.get('/console/imports/template.xlsx')).status).toBe(403);
  });

  it('runs a ledger of more than 200 rows in the background and shows its progress, then its result', async () => {
    const visitor = await office();
    const prefix = freshPrefix();
    const res = await uploadForm(visitor, await ledgerXlsx(rowsOf(prefix, 201)), 'commit');
    expect(res.status).toBe(303);
    const id = /^\/console\/imports\/([0-9A-Z]{26})$/.exec(res.location ?? '')?.[1];
    expect(id).toBeDefined();
    let page = await visitor.get(`/console/imports/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<span id="import-done">\d+<\/span> \/ <span id="import-total">201<\/span>/);
    for (let i = 0; i < 120 && page.text.includes('正在导入'); i++) {
      expect(page.text).toContain('<meta http-equiv="refresh" content="3"/>');
      await new Promise((resolve) => setTimeout(resolve, 500));
      page = await visitor.get(`/console/imports/${id}`);
    }
    expect(page.text).toContain('导入完成');
    expect(page.text).toContain('<dd id="import-created">201</dd>');
    expect(page.text).not.toContain('http-equiv="refresh"');
    expect((await visitor.get('/console/imports/01ARZ3NDEKTSV4RRFFQ69G5FAV')).status).toBe(404);
  }, 90_000);
});

describe('recording attendance after a hearing (登记出庭情况)', () => {
  let caseId: string;
  let past: string;
  let future: string;

  const schedule = async (scheduledAt: string) => {
    const res = await call(app, 'POST', `/cases/${caseId}/hearings`, {
      headers: await authHeader('legal-office'),
      body: { scheduledAt, court: '潞州区人民法院', kind: 'court' },
    });
    expect(res.status).toBe(201);
    return (res.body as { id: string }).id;
  };

  beforeAll(async () => {
    caseId = (await registerCase(app, litigationBody({ receivedOn: '2024-09-10', filedOn: '2024-09-08' }))).id;
    past = await schedule('2024-09-25T09:30:00+08:00');
    future = await schedule('2024-10-25T09:30:00+08:00');
  });

  it('offers the form only for a hearing that has taken place, and only to the legal office', async () => {
    const visitor = await office();
    const page = await visitor.get(`/console/cases/${caseId}`);
    expect(page.text).toContain(`action="/console/hearings/${past}/attendance"`);
    expect(page.text).not.toContain(`action="/console/hearings/${future}/attendance"`);
    expect(page.text).toContain('是否举行');
    expect(page.text).toContain('负责人是否出庭');
    const head = new Visitor(app);
    await head.signIn('agency-head', '李局长', 'market-regulation');
    const seen = await head.get(`/console/cases/${caseId}`);
    expect(seen.status).toBe(200);
    expect(seen.text).not.toContain('/attendance"');
    const forged = await head.post(`/console/hearings/${past}/attendance`, { _csrf: head.hidden('_csrf', '/logout'), held: 'true', headAppeared: 'false' });
    expect(forged.status).toBe(403);
  });

  it('names what is missing next to the field', async () => {
    const visitor = await office();
    await visitor.get(`/console/cases/${caseId}`);
    const action = `/console/hearings/${past}/attendance`;
    const none = await visitor.post(action, { _csrf: visitor.hidden('_csrf', action), _version: visitor.hidden('_version', action) });
    expect(none.status).toBe(400);
    expect(none.text).toContain('出庭情况未能保存');
    expect(none.text).toContain(`href="#att-${past}-held"`);
    const nameless = await visitor.post(action, { _csrf: visitor.hidden('_csrf', action), _version: visitor.hidden('_version', action), held: 'true', headAppeared: 'true' });
    expect(nameless.status).toBe(400);
    expect(nameless.text).toContain('请填写出庭负责人的姓名');
  });

  it('records that the hearing was held and the head appeared, as PUT /hearings/{id}/attendance does', async () => {
    const visitor = await office();
    await visitor.get(`/console/cases/${caseId}`);
    const action = `/console/hearings/${past}/attendance`;
    const version = visitor.hidden('_version', action);
    const res = await visitor.post(action, {
      _csrf: visitor.hidden('_csrf', action),
      _version: version,
      held: 'true',
      headAppeared: 'true',
      appearedName: '李局长',
      appearedTitle: 'principal',
    });
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/console/cases/${caseId}?done=attendance`);
    const hearing = await call(app, 'GET', `/hearings/${past}`, { headers: await authHeader('legal-office') });
    expect((hearing.body as { attendance: unknown }).attendance).toMatchObject({ held: true, headAppeared: true, appearedName: '李局长', appearedTitle: 'principal' });
    const page = await visitor.get(res.location ?? '');
    expect(page.text).toContain('出庭情况已登记');
    expect(page.text).toContain('已举行，负责人出庭');

    const stale = await visitor.post(action, { _csrf: visitor.hidden('_csrf', action), _version: version, held: 'false' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('已有变动');
  });

  it('refuses attendance for a hearing still to come', async () => {
    const visitor = await office();
    await visitor.get(`/console/cases/${caseId}`);
    const res = await visitor.post(`/console/hearings/${future}/attendance`, { _csrf: visitor.hidden('_csrf', '/logout'), held: 'true', headAppeared: 'false' });
    expect(res.status).toBe(409);
    expect(res.text).toContain('请在庭审后登记出庭情况');
  });
});
