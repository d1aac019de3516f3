import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../shared/local/local-app';
import { ensureAgency, litigationBody, reconsiderationBody, registerCase } from '../support/cases';
import { movableClock } from '../support/clock';
import { Visitor } from '../support/console';
import { freshTable } from '../support/dynamo';
import { authHeader, call } from '../support/http';
import { startReceiver, type Receiver } from '../support/receiver';
import { aggregatorFor } from '../support/stream';

/**
 * The console's second round: the head's calendar link, the notification subscriptions, 改期 and
 * 取消开庭, the holiday calendar's correction and the statistics by agency — each through the same
 * use case as its JSON route, each form refused without its CSRF token and for the wrong role.
 */
const clock = movableClock('2024-09-30T09:00:00+08:00');
const A = 'market-regulation';
const B = 'public-security';
let app: ReturnType<typeof createLocalApp>;
let table: Awaited<ReturnType<typeof freshTable>>;
let receiver: Receiver;

beforeAll(async () => {
  table = await freshTable('console-more');
  app = createLocalApp({ table, clock });
  receiver = await startReceiver();
  await ensureAgency(app, A, '区市场监督管理局');
  await ensureAgency(app, B, '区公安分局');
});

afterAll(async () => {
  await receiver?.close();
});

async function visitor(role: string, name: string, agencyId?: string, origin?: string): Promise<Visitor> {
  const v = new Visitor(app, origin);
  const res = await v.signIn(role, name, agencyId);
  expect(res.status).toBe(303);
  return v;
}

async function scheduled(at = '2024-10-18T09:30:00+08:00'): Promise<{ caseId: string; caseNumber: string; hearingId: string }> {
  const created = await registerCase(app, litigationBody({ receivedOn: '2024-09-20', filedOn: '2024-09-18', agencyId: A }));
  const res = await call(app, 'POST', `/cases/${created.id}/hearings`, {
    headers: await authHeader('legal-office'),
    body: { scheduledAt: at, court: '潞州区人民法院', courtroom: '第三法庭', kind: 'court' },
  });
  expect(res.status, res.text).toBe(201);
  return { caseId: created.id, caseNumber: created.caseNumber as string, hearingId: (res.body as { id: string }).id };
}

const hearingJson = async (id: string) =>
  (await call(app, 'GET', `/hearings/${id}`, { headers: await authHeader('legal-office') })).body as {
    scheduledAt: string;
    court: string;
    status: string;
    cancelReason?: string;
    version: number;
    confirmation: unknown;
  };

/** The text of an element by its id (the first one), tags dropped. */
const textOf = (html: string, id: string) => {
  const at = html.indexOf(`id="${id}"`);
  if (at < 0) return undefined;
  const start = html.indexOf('>', at) + 1;
  return html.slice(start, html.indexOf('</', start)).trim();
};

describe('an agency head’s calendar subscription link (生成订阅链接)', () => {
  let hearing: { caseNumber: string; hearingId: string };
  const site = 'https://fazhi.example.gov.cn';

  beforeAll(async () => {
    hearing = await scheduled('2024-10-21T14:30:00+08:00');
  });

  it('offers the head the button, with how to subscribe and that a new link ends the old one', async () => {
    const head = await visitor('agency-head', '李局长', A);
    const home = await head.get('/');
    expect(home.text).toContain(`action="/console/agencies/${A}/feed-token"`);
    expect(home.text).toContain('生成订阅链接');
    expect(home.text).toContain('Outlook');
    expect(home.text).toContain('原来的链接立即失效');
    // No pattern with an ellipsis any more, and no token before the head asks for one.
    expect(home.text).not.toContain('token=');
  });

  it('shows the full https link once; it serves the agency’s hearings, and a new one ends the old', async () => {
    const head = await visitor('agency-head', '李局长', A, site);
    await head.get('/');
    const action = `/console/agencies/${A}/feed-token`;
    const res = await head.post(action, { _csrf: head.hidden('_csrf', action) });
    expect(res.status).toBe(200);
    const url = textOf(res.text, 'feed-url')?.replace(/&amp;/g, '&');
    expect(url).toMatch(new RegExp(`^${site}/hearings\\.ics\\?agencyId=${A}&token=[\\w-]{20,}$`));
    expect(res.text).toContain('只显示这一次');
    expect(res.text).toContain('webcal://fazhi.example.gov.cn/hearings.ics');

    const path = url!.slice(site.length);
    const feed = await call(app, 'GET', path);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/text\/calendar/);
    expect(feed.text).toContain(hearing.caseNumber);

    // The page again shows no link: it was shown once.
    expect((await head.get('/')).text).not.toContain(path);

    const again = await head.post(action, { _csrf: head.hidden('_csrf', action) });
    expect(again.status).toBe(200);
    expect((await call(app, 'GET', path)).status).toBe(404);
  });

  it('lets a head rotate the own agency’s token through the JSON API too; the old token stops working', async () => {
    const headers = await authHeader('agency-head', A, '李局长');
    const first = await call(app, 'POST', `/agencies/${A}/feed-token`, { headers });
    expect(first.status, first.text).toBe(201);
    const { feedPath } = first.body as { feedPath: string };
    expect((await call(app, 'GET', feedPath)).text).toContain(hearing.caseNumber);
    const second = await call(app, 'POST', `/agencies/${A}/feed-token`, { headers });
    expect(second.status).toBe(201);
    expect((await call(app, 'GET', feedPath)).status).toBe(404);
    expect((await call(app, 'GET', (second.body as { feedPath: string }).feedPath)).status).toBe(200);
  });

  it('never lets the head of agency B issue agency A’s link (404), in the console or the API', async () => {
    const before = await call(app, 'POST', `/agencies/${A}/feed-token`, { headers: await authHeader('legal-office') });
    const { feedPath } = before.body as { feedPath: string };
    const other = await visitor('agency-head', '赵局长', B);
    await other.get('/');
    const action = `/console/agencies/${A}/feed-token`;
    const res = await other.post(action, { _csrf: other.hidden('_csrf', '/logout') });
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('hearings.ics');
    const api = await call(app, 'POST', `/agencies/${A}/feed-token`, { headers: await authHeader('agency-head', B) });
    expect(api.status).toBe(404);
    // A's link still works: nothing was rotated.
    expect((await call(app, 'GET', feedPath)).status).toBe(200);
  });

  it('refuses the form without its CSRF token, and a statistics reader altogether', async () => {
    const head = await visitor('agency-head', '李局长', A);
    const forged = await head.post(`/console/agencies/${A}/feed-token`, { _csrf: 'forged' });
    expect(forged.status).toBe(403);
    expect(forged.text).not.toContain('hearings.ics?agencyId');
    const reader = await visitor('stats-reader', '统计员');
    await reader.get('/console/statistics');
    const refused = await reader.post(`/console/agencies/${A}/feed-token`, { _csrf: reader.hidden('_csrf', '/logout') });
    expect(refused.status).toBe(403);
  });
});

describe('notification subscriptions (通知订阅)', () => {
  const listed = async () =>
    ((await call(app, 'GET', '/subscriptions?limit=200', { headers: await authHeader('legal-office') })).body as { items: { id: string; target: string; channel: string }[] }).items;

  async function addForm(v: Visitor, fields: Record<string, string>) {
    await v.get('/console/subscriptions');
    const action = '/console/subscriptions';
    const form = { _csrf: v.hidden('_csrf', action), _key: v.hidden('_key', action), ...fields };
    return { form, res: await v.post(action, form) };
  }

  it('is in the legal office’s navigation, not a head’s', async () => {
    const office = await visitor('legal-office', '王芳');
    expect((await office.get('/')).text).toContain('href="/console/subscriptions"');
    const head = await visitor('agency-head', '李局长', A);
    expect((await head.get('/')).text).not.toContain('href="/console/subscriptions"');
  });

  it('adds a webhook subscription and shows its whsec_ signing secret once; the same form sent twice adds one', async () => {
    const office = await visitor('legal-office', '王芳');
    const target = `${receiver.base}/console-hook`;
    const { form, res } = await addForm(office, {
      channel: 'webhook',
      target,
      'events.deadline-overdue': 'on',
      'events.hearing-unconfirmed': 'on',
      digest: 'immediate',
      agencyId: A,
    });
    expect(res.status, res.text).toBe(200);
    const secret = textOf(res.text, 'signing-secret');
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    expect(res.text).toContain('只显示这一次');

    const twice = await office.post('/console/subscriptions', form);
    expect(twice.status).toBe(200);
    expect((await listed()).filter((s) => s.target === target)).toHaveLength(1);

    const page = await office.get('/console/subscriptions');
    expect(page.text).not.toContain(secret!);
    expect(page.text).toContain(target);
    expect(page.text).toContain('区市场监督管理局');
    expect(page.text).toContain('期限已逾期、出庭人员未确认');
    expect(page.text).toContain('即时');
  });

  it('lists a robot’s URL with its key masked, and a subscription without agency as 全局 with 每日汇总', async () => {
    const office = await visitor('legal-office', '王芳');
    const { res } = await addForm(office, {
      channel: 'wecom',
      target: `${receiver.base}/cgi-bin/webhook/send?key=very-secret-key`,
      'events.deadline-approaching': 'on',
      digest: 'daily',
    });
    expect(res.status, res.text).toBe(200);
    const page = await office.get('/console/subscriptions');
    expect(page.text).toContain('/cgi-bin/webhook/send?key=***');
    expect(page.text).not.toContain('very-secret-key');
    expect(page.text).toContain('全局');
    expect(page.text).toContain('每日汇总');
  });

  it('names each bad field next to it, in Chinese, and keeps what was typed', async () => {
    const office = await visitor('legal-office', '王芳');
    const { res } = await addForm(office, { channel: 'dingtalk', target: 'ftp://robot.example/x', digest: 'immediate' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('class="error-summary"');
    expect(res.text).toContain('href="#sub-events"');
    expect(res.text).toMatch(/id="sub-events-error"[\s\S]*?提醒事项/);
    expect(res.text).not.toMatch(/Invalid|expected/);

    const again = await addForm(office, { channel: 'dingtalk', target: `${receiver.base}/robot/send?access_token=abc`, 'events.deadline-overdue': 'on', digest: 'immediate' });
    expect(again.res.status).toBe(400);
    expect(again.res.text).toMatch(/id="sub-secret-error"[\s\S]*?加签密钥/);
    expect(again.res.text).toContain('value="http://127.0.0.1');

    const none = await addForm(office, { target: 'fazhi@example.gov.cn', 'events.deadline-overdue': 'on', digest: 'immediate' });
    expect(none.res.status).toBe(400);
    expect(none.res.text).toMatch(/id="sub-channel-error"[\s\S]*?渠道：请选择企业微信、钉钉、Webhook 或邮件/);
    expect(none.res.text).not.toMatch(/wecom、dingtalk/);
  });

  it('sends a test message and shows how it went: 已送达, or 失败 with the reason; the deliveries list both', async () => {
    const office = await visitor('legal-office', '王芳');
    receiver.script('/refusing-hook', [], { status: 404, body: { error: 'no such hook' } });
    await addForm(office, { channel: 'webhook', target: `${receiver.base}/good-hook`, 'events.deadline-overdue': 'on', digest: 'immediate' });
    await addForm(office, { channel: 'webhook', target: `${receiver.base}/refusing-hook`, 'events.deadline-overdue': 'on', digest: 'immediate' });
    const subscriptions = await listed();
    const good = subscriptions.find((s) => s.target.endsWith('/good-hook'))!;
    const bad = subscriptions.find((s) => s.target.endsWith('/refusing-hook'))!;

    await office.get('/console/subscriptions');
    const ok = await office.post(`/console/subscriptions/${good.id}/test`, { _csrf: office.hidden('_csrf', `/console/subscriptions/${good.id}/test`) });
    expect(ok.status).toBe(200);
    expect(ok.text).toMatch(/class="notice"[\s\S]*?已送达/);
    expect(receiver.at('/good-hook')).toHaveLength(1);

    const failed = await office.post(`/console/subscriptions/${bad.id}/test`, { _csrf: office.hidden('_csrf', `/console/subscriptions/${bad.id}/test`) });
    expect(failed.status).toBe(200);
    expect(failed.text).toMatch(/class="notice"[\s\S]*?失败[\s\S]*?原因：[^<]*HTTP 404/);

    const page = await office.get('/console/subscriptions');
    const log = page.text.slice(page.text.indexOf('最近的发送记录'));
    expect(log).toContain('测试消息');
    expect(log).toContain('已送达');
    expect(log).toMatch(/失败[\s\S]*HTTP 404/);
  });

  it('deletes after a confirmation step; a subscription deleted or unknown is 404', async () => {
    const office = await visitor('legal-office', '王芳');
    await addForm(office, { channel: 'email', target: 'fazhi@example.gov.cn', 'events.statistics-monthly': 'on', digest: 'immediate' });
    const mail = (await listed()).find((s) => s.target === 'fazhi@example.gov.cn')!;
    const check = await office.get(`/console/subscriptions/${mail.id}/delete`);
    expect(check.status).toBe(200);
    expect(check.text).toContain('删除这个订阅？');
    expect(check.text).toContain('确认删除');
    expect((await listed()).some((s) => s.id === mail.id)).toBe(true);

    const action = `/console/subscriptions/${mail.id}/delete`;
    const res = await office.post(action, { _csrf: office.hidden('_csrf', action) });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/console/subscriptions?done=subscriptionDeleted');
    expect((await listed()).some((s) => s.id === mail.id)).toBe(false);
    expect((await office.get(res.location!)).text).toContain('订阅已删除');

    expect((await office.post(action, { _csrf: office.hidden('_csrf', '/logout') })).status).toBe(404);
    expect((await office.get('/console/subscriptions/not-an-id/delete')).status).toBe(404);
  });

  it('keeps heads and statistics readers out, and refuses a form without its CSRF token', async () => {
    const head = await visitor('agency-head', '李局长', A);
    expect((await head.get('/console/subscriptions')).status).toBe(403);
    const refused = await head.post('/console/subscriptions', { _csrf: head.hidden('_csrf', '/logout'), channel: 'email', target: 'x@example.gov.cn', 'events.deadline-overdue': 'on' });
    expect(refused.status).toBe(403);
    const reader = await visitor('stats-reader', '统计员');
    expect((await reader.get('/console/subscriptions')).status).toBe(403);

    const office = await visitor('legal-office', '王芳');
    const before = (await listed()).length;
    const { res } = await addForm(office, { _csrf: 'forged', channel: 'email', target: 'forged@example.gov.cn', 'events.deadline-overdue': 'on', digest: 'immediate' });
    expect(res.status).toBe(403);
    expect((await listed()).length).toBe(before);
  });
});

describe('改期 and 取消开庭 on the hearing page (legal office)', () => {
  it('offers both forms to the legal office only', async () => {
    const { hearingId } = await scheduled();
    const office = await visitor('legal-office', '王芳');
    const page = await office.get(`/console/hearings/${hearingId}`);
    expect(page.text).toContain(`action="/console/hearings/${hearingId}/reschedule"`);
    expect(page.text).toContain(`action="/console/hearings/${hearingId}/cancel"`);
    const head = await visitor('agency-head', '李局长', A);
    const headPage = await head.get(`/console/hearings/${hearingId}`);
    expect(headPage.status).toBe(200);
    expect(headPage.text).not.toContain('/reschedule"');
    expect(headPage.text).not.toContain('/cancel"');
  });

  it('reschedules as PATCH /hearings/{id} does: the head’s confirmation is cleared; the same form sent twice changes it once', async () => {
    const { hearingId } = await scheduled();
    const confirmed = await call(app, 'PUT', `/hearings/${hearingId}/confirmation`, {
      headers: await authHeader('agency-head', A, '李局长'),
      body: { attendance: 'head', head: { name: '李局长', title: 'principal' } },
    });
    expect(confirmed.status).toBe(200);
    const office = await visitor('legal-office', '王芳');
    await office.get(`/console/hearings/${hearingId}`);
    const action = `/console/hearings/${hearingId}/reschedule`;
    const form = {
      _csrf: office.hidden('_csrf', action),
      _key: office.hidden('_key', action),
      _version: office.hidden('_version', action),
      date: '2024-10-25',
      time: '9:00',
      court: '潞州区人民法院',
      courtroom: '第一法庭',
    };
    const res = await office.post(action, form);
    expect(res.status, res.text).toBe(303);
    expect(res.location).toBe(`/console/hearings/${hearingId}?done=rescheduled`);
    const after = await hearingJson(hearingId);
    expect(after.scheduledAt).toBe('2024-10-25T09:00:00+08:00');
    expect(after.confirmation).toBeNull();
    expect((await office.get(res.location!)).text).toContain('已改期');

    const twice = await office.post(action, form);
    expect(twice.status).toBe(303);
    expect((await hearingJson(hearingId)).version).toBe(after.version);
  });

  it('says the hearing changed meanwhile instead of overwriting it', async () => {
    const { hearingId } = await scheduled();
    const office = await visitor('legal-office', '王芳');
    await office.get(`/console/hearings/${hearingId}`);
    const action = `/console/hearings/${hearingId}/reschedule`;
    const form = { _csrf: office.hidden('_csrf', action), _key: office.hidden('_key', action), _version: office.hidden('_version', action) };
    await call(app, 'PATCH', `/hearings/${hearingId}`, { headers: await authHeader('legal-office'), body: { courtroom: '第五法庭' } });
    const res = await office.post(action, { ...form, date: '2024-10-28', time: '10:00', court: '潞州区人民法院' });
    expect(res.status).toBe(409);
    expect(res.text).toContain('已有变动');
    expect((await hearingJson(hearingId)).scheduledAt).toBe('2024-10-18T09:30:00+08:00');
  });

  it('names a bad time and a missing date next to their fields', async () => {
    const { hearingId } = await scheduled();
    const office = await visitor('legal-office', '王芳');
    await office.get(`/console/hearings/${hearingId}`);
    const action = `/console/hearings/${hearingId}/reschedule`;
    const res = await office.post(action, {
      _csrf: office.hidden('_csrf', action),
      _key: office.hidden('_key', action),
      _version: office.hidden('_version', action),
      date: '',
      time: '九点',
      court: '潞州区人民法院',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('改期未能保存');
    expect(res.text).toMatch(/id="chg-time-error"[\s\S]*?时间：应为 时:分/);
    expect(res.text).toMatch(/id="chg-date-error"[\s\S]*?日期：必填/);
  });

  it('cancels with the reason; a cancelled hearing offers neither form', async () => {
    const { hearingId } = await scheduled();
    const office = await visitor('legal-office', '王芳');
    await office.get(`/console/hearings/${hearingId}`);
    const action = `/console/hearings/${hearingId}/cancel`;
    const res = await office.post(action, {
      _csrf: office.hidden('_csrf', action),
      _key: office.hidden('_key', action),
      _version: office.hidden('_version', action),
      cancelReason: '法院通知延期审理',
    });
    expect(res.status, res.text).toBe(303);
    const after = await hearingJson(hearingId);
    expect(after).toMatchObject({ status: 'cancelled', cancelReason: '法院通知延期审理' });
    const page = await office.get(res.location!);
    expect(page.text).toContain('已取消开庭');
    expect(page.text).toContain('法院通知延期审理');
    expect(page.text).not.toContain(`action="${action}"`);
  });

  it('refuses a head (even of the hearing’s agency), another agency’s head, and a form without its CSRF token', async () => {
    const { hearingId } = await scheduled();
    const head = await visitor('agency-head', '李局长', A);
    await head.get(`/console/hearings/${hearingId}`);
    const body = { _csrf: head.hidden('_csrf', '/logout'), status: 'cancelled' };
    expect((await head.post(`/console/hearings/${hearingId}/cancel`, body)).status).toBe(403);
    const other = await visitor('agency-head', '赵局长', B);
    expect((await other.get(`/console/hearings/${hearingId}`)).status).toBe(404);
    expect((await other.post(`/console/hearings/${hearingId}/reschedule`, { _csrf: other.hidden('_csrf', '/logout'), date: '2024-10-30', time: '09:00', court: '法院' })).status).toBe(403);

    const office = await visitor('legal-office', '王芳');
    await office.get(`/console/hearings/${hearingId}`);
    const forged = await office.post(`/console/hearings/${hearingId}/cancel`, { _csrf: 'forged', _version: office.hidden('_version', `/console/hearings/${hearingId}/cancel`) });
    expect(forged.status).toBe(403);
    expect((await hearingJson(hearingId)).status).toBe('scheduled');
    // A hearing that does not exist is 404 for the office too.
    await office.get('/');
    expect((await office.post('/console/hearings/01JBCD5G6QW0X8Y9Z1A2B3C4D5/cancel', { _csrf: office.hidden('_csrf', '/logout') })).status).toBe(404);
  });
});

describe('correcting a year’s holidays (节假日更正)', () => {
  const yearJson = async (year: number) =>
    (await call(app, 'GET', `/calendar/${year}`, { headers: await authHeader('legal-office') })).body as { holidays: string[]; workdays: string[]; source: string };

  async function preview(v: Visitor, year: number, holidays: string, workdays: string) {
    await v.get(`/console/calendar?year=${year}`);
    const action = `/console/calendar/${year}/preview`;
    return v.post(action, { _csrf: v.hidden('_csrf', action), holidays, workdays });
  }

  it('shows the year’s lists in the form, one date a line', async () => {
    const office = await visitor('legal-office', '王芳');
    const page = await office.get('/console/calendar?year=2024');
    expect(page.text).toContain('action="/console/calendar/2024/preview"');
    expect(page.text).toMatch(/<textarea[^>]*name="holidays"[^>]*>[^<]*2024-10-01\n2024-10-02/);
    expect(page.text).toMatch(/<textarea[^>]*name="workdays"[^>]*>[^<]*2024-09-29/);
  });

  it('previews what changes and that open deadlines will be recomputed, then saves and recomputes them', async () => {
    // Received Friday 2024-09-27: the 5-working-day review ends 2024-10-10; a holiday on 10-09 moves it to 10-11.
    const created = await registerCase(app, reconsiderationBody({ receivedOn: '2024-09-27', agencyId: A }));
    const office = await visitor('legal-office', '王芳');
    const now = await yearJson(2024);
    const holidays = [...now.holidays, '2024-10-09 （测试：临时放假）'].join('\n');
    const res = await preview(office, 2024, holidays, now.workdays.join('\n'));
    expect(res.status, res.text).toBe(200);
    expect(res.text).toContain('确认更正2024年节假日安排');
    expect(res.text).toMatch(/新增放假日<\/dt>\s*<dd>2024-10-09<\/dd>/);
    expect(res.text).toContain('未届满的期限将按新安排重新计算');
    // Nothing changed yet.
    expect((await yearJson(2024)).holidays).not.toContain('2024-10-09');

    const action = '/console/calendar/2024';
    const saved = await office.post(action, {
      _csrf: office.hidden('_csrf', action),
      _version: office.hidden('_version', action),
      holidays: office.hidden('holidays', action),
      workdays: now.workdays.join('\n'),
    });
    expect(saved.status, saved.text).toBe(303);
    expect((await yearJson(2024)).holidays).toContain('2024-10-09');
    const back = await office.get(saved.location!);
    expect(back.text).toContain('已更正');
    const after = await call(app, 'GET', `/cases/${created.id}`, { headers: await authHeader('legal-office') });
    const review = (after.body as { deadlines: { type: string; dueOn: string }[] }).deadlines.find((d) => d.type === 'acceptance-review');
    expect(review?.dueOn).toBe('2024-10-11');
  });

  it('takes a range of days on one line', async () => {
    const office = await visitor('legal-office', '王芳');
    const res = await preview(office, 2031, '2031-10-01至2031-10-07', '2031-09-28');
    expect(res.status, res.text).toBe(200);
    expect(res.text).toContain('放假日 7 日，调休上班日 1 日');
  });

  it('names each refused date or line beside its list', async () => {
    const office = await visitor('legal-office', '王芳');
    const bad = await preview(office, 2031, '2031-10-01\n十月二日\n2030-12-31', '2031-09-29');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('节假日安排未能更正');
    expect(bad.text).toMatch(/id="cal-holidays-error"[\s\S]*?放假日第2行“十月二日”/);
    const inconsistent = await preview(office, 2031, '2031-10-01\n2030-12-31', '2031-09-29');
    expect(inconsistent.status).toBe(400);
    expect(inconsistent.text).toMatch(/id="cal-holidays-error"[\s\S]*?放假日 2030-12-31：应为2031年内的日期/);
    // 2031-09-29 is a Monday: not a make-up working day.
    expect(inconsistent.text).toMatch(/id="cal-workdays-error"[\s\S]*?调休上班日 2031-09-29：调休上班日应为周六或周日/);
    expect(inconsistent.text).toContain('2030-12-31</textarea>');
  });

  it('does not overwrite a correction made after the preview', async () => {
    const office = await visitor('legal-office', '王芳');
    await preview(office, 2032, '2032-10-01', '');
    const action = '/console/calendar/2032';
    const form = { _csrf: office.hidden('_csrf', action), _version: office.hidden('_version', action), holidays: '2032-10-01', workdays: '' };
    await call(app, 'PUT', '/calendar/2032', { headers: await authHeader('legal-office'), body: { holidays: ['2032-10-01', '2032-10-02'], workdays: [] } });
    const res = await office.post(action, form);
    expect(res.status).toBe(409);
    expect(res.text).toContain('已被他人更正');
    expect((await yearJson(2032)).holidays).toEqual(['2032-10-01', '2032-10-02']);
  });

  it('keeps heads out and refuses a form without its CSRF token', async () => {
    const head = await visitor('agency-head', '李局长', A);
    await head.get('/');
    expect((await head.post('/console/calendar/2033', { _csrf: head.hidden('_csrf', '/logout'), holidays: '2033-10-01', workdays: '' })).status).toBe(403);
    expect((await head.post('/console/calendar/2033/preview', { _csrf: head.hidden('_csrf', '/logout'), holidays: '2033-10-01', workdays: '' })).status).toBe(403);
    const office = await visitor('legal-office', '王芳');
    const res = await office.post('/console/calendar/2033', { _csrf: 'forged', holidays: '2033-10-01', workdays: '' });
    expect(res.status).toBe(403);
    expect((await yearJson(2033)).source).not.toBe('override');
  });
});

describe('statistics by agency', () => {
  beforeAll(async () => {
    await registerCase(app, reconsiderationBody({ receivedOn: '2024-09-02', agencyId: B }));
    await registerCase(app, reconsiderationBody({ receivedOn: '2024-09-03', agencyId: B }));
    await aggregatorFor(table).drain();
  });

  /** The reconsideration figures row: 收案 / 受理 / 审结 / 未结. */
  const received = (html: string) => Number(/行政复议 收案 \/ 受理 \/ 审结 \/ 未结<\/th>\s*<td>\s*(\d+)/.exec(html)?.[1]);

  it('offers the agencies to the legal office and filters the figures and charts as GET /statistics?agencyId= does', async () => {
    const office = await visitor('legal-office', '王芳');
    const all = await office.get('/console/statistics?from=2024-01-01&to=2024-12-31');
    expect(all.text).toMatch(/<select[^>]*name="agencyId"/);
    const page = await office.get(`/console/statistics?from=2024-01-01&to=2024-12-31&agencyId=${B}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('，区公安分局');
    const api = await call(app, 'GET', `/statistics?from=2024-01-01&to=2024-12-31&agencyId=${B}`, { headers: await authHeader('legal-office') });
    const expected = (api.body as { reconsideration: { received: number } }).reconsideration.received;
    expect(expected).toBe(2);
    expect(received(page.text)).toBe(expected);
    expect(received(all.text)).toBeGreaterThan(expected);
    expect(page.text).toMatch(new RegExp(`<option value="${B}" selected`));
  });

  it('lets a statistics reader filter too, and says an unknown agency beside the field', async () => {
    const reader = await visitor('stats-reader', '统计员');
    const page = await reader.get(`/console/statistics?from=2024-01-01&to=2024-12-31&agencyId=${B}`);
    expect(received(page.text)).toBe(2);
    const unknown = await reader.get('/console/statistics?agencyId=nowhere');
    expect(unknown.status).toBe(400);
    expect(unknown.text).toMatch(/id="f-agencyId-error"[\s\S]*?没有这个机关/);
  });

  it('shows a head the own agency only: no choice of agency, another agency is 404', async () => {
    const head = await visitor('agency-head', '李局长', A);
    const page = await head.get('/console/statistics?from=2024-01-01&to=2024-12-31');
    expect(page.status).toBe(200);
    expect(page.text).not.toMatch(/<select[^>]*name="agencyId"/);
    expect(page.text).toContain('，区市场监督管理局');
    expect((await head.get(`/console/statistics?agencyId=${B}`)).status).toBe(404);
  });
});

describe('the confirmation form on a hearing page', () => {
  const headNameValue = (html: string) => /name="head\.name"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="head\.name"/.exec(html);

  it('offers the head’s own name to the head, and no name to the clerk entering it on the head’s behalf', async () => {
    const { hearingId } = await scheduled('2024-10-25T09:30:00+08:00');
    const head = await visitor('agency-head', '李局长', A);
    const asHead = await head.get(`/console/hearings/${hearingId}`);
    expect(asHead.status).toBe(200);
    const headMatch = headNameValue(asHead.text);
    expect(headMatch?.[1] ?? headMatch?.[2]).toBe('李局长');
    const clerk = await visitor('legal-office', '王芳');
    const asClerk = await clerk.get(`/console/hearings/${hearingId}`);
    expect(asClerk.status).toBe(200);
    expect(asClerk.text).toContain('name="head.name"');
    const clerkMatch = headNameValue(asClerk.text);
    expect(clerkMatch?.[1] ?? clerkMatch?.[2] ?? '').toBe('');
    expect(asClerk.text).not.toMatch(/name="head\.name"[^>]*value="王芳"/);
  });
});

describe('the statistics page of a period without cases', () => {
  it('draws no rate as 0 %: a rate with nothing behind it is left out of the chart, as the table shows —', async () => {
    const reader = await visitor('stats-reader', '统计员');
    const page = await reader.get('/console/statistics?from=2031-01-01&to=2031-12-31');
    expect(page.status).toBe(200);
    const chart = page.text.slice(page.text.indexOf('id="chart-rates"'), page.text.indexOf('</svg>', page.text.indexOf('id="chart-rates"')));
    expect(chart).toContain('没有数据');
    expect(chart).not.toContain('0%');
    expect(chart).not.toContain('行政复议纠错率');
  });
});
