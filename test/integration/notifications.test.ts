import { createHmac, randomBytes } from 'node:crypto';
import { ChangeMessageVisibilityCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../shared/domain/alerts';
import { runSweep } from '../../shared/jobs/sweep';
import { sweepDeps } from '../../shared/jobs/sweep-deps';
import { createLocalApp } from '../../shared/local/local-app';
import { logger } from '../../shared/log/logger';
import { Notifier, type NotifierDeps } from '../../shared/notify/deliver';
import { guardedPostJson } from '../../shared/notify/http-post';
import { localPublisher } from '../../shared/notify/local-runner';
import { notifierDeps } from '../../shared/notify/notifier-deps';
import { maskTarget, type Subscription } from '../../shared/notify/subscriptions';
import { resolveAll, type ResolveAll } from '../../shared/notify/target-address';
import type { Table } from '../../shared/store/table';
import { ensureAgency, litigationBody, registerCase, validIdNumber } from '../support/cases';
import { movableClock } from '../support/clock';
import { dynamoEndpoint, freshTable } from '../support/dynamo';
import { authHeader, call } from '../support/http';
import { startReceiver, type Receiver } from '../support/receiver';

/**
 * Alerts reaching people: real deliveries to a receiver on 127.0.0.1 standing in for the 企业微信
 * and 钉钉 robots and a webhook endpoint, after the real sweep on DynamoDB Local.
 */
const PERSON = '王小明';
const ID_NUMBER = validIdNumber('19850612', '377');
const CONSOLE = 'https://fazhi.example.gov.cn';
const SWEEP_AT = '2025-03-05T08:00:00+08:00';

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
});

interface Scene {
  table: Table;
  clock: ReturnType<typeof movableClock>;
  app: ReturnType<typeof createLocalApp>;
}

async function scene(prefix: string, agencies: [string, string][]): Promise<Scene> {
  const table = await freshTable(prefix);
  const clock = movableClock('2025-03-03T10:00:00+08:00');
  const app = createLocalApp({ table, clock, notify: { consoleBaseUrl: CONSOLE, timeoutMs: 2000 } });
  for (const [id, name] of agencies) await ensureAgency(app, id, name);
  return { table, clock, app };
}

/** A litigation case whose defense period (15 days from service) ends on `receivedOn` + 15. */
async function litigation(s: Scene, agencyId: string, receivedOn: string): Promise<{ id: string; caseNumber: string }> {
  const created = await registerCase(s.app, litigationBody({ agencyId, receivedOn, filedOn: receivedOn, parties: [{ role: 'plaintiff', name: PERSON, idNumber: ID_NUMBER }] }));
  return { id: created.id, caseNumber: created.caseNumber as string };
}

/**
 * The wall clock the transport and the pacing read: real time plus what the local runner "slept"
 * (sleeping moves it instead of waiting), so a minute's pause takes no time in a test.
 */
function wallClock(start = Date.now()) {
  let at = start;
  const pauses: number[] = [];
  return {
    now: () => at,
    pauses,
    sleep: (ms: number) => {
      pauses.push(ms);
      at += ms;
      return Promise.resolve();
    },
  };
}

/** The daily sweep at 08:00 with what it raised delivered right after it, as `npm start` does. */
async function sweep(s: Scene, at = SWEEP_AT, options: { wall?: ReturnType<typeof wallClock>; notify?: Partial<NotifierDeps>; onPause?: (ms: number) => void } = {}) {
  s.clock.set(at);
  const wall = options.wall ?? wallClock();
  const notifier = new Notifier({ ...notifierDeps(s.table, { local: true, clock: s.clock }), consoleBaseUrl: CONSOLE, timeoutMs: 2000, now: wall.now, ...options.notify });
  const sleep = (ms: number) => {
    options.onPause?.(ms);
    return wall.sleep(ms);
  };
  return runSweep(sweepDeps(s.table, { clock: s.clock, publish: localPublisher(notifier, { maxAttempts: 3, backoffMs: 10, log: logger, sleep }) }));
}

async function subscribe(s: Scene, body: Record<string, unknown>) {
  const res = await call(s.app, 'POST', '/subscriptions', { headers: await authHeader('legal-office', undefined, '刘主任'), body });
  return res;
}

async function created(s: Scene, body: Record<string, unknown>): Promise<{ id: string; signingSecret?: string; target: string }> {
  const res = await subscribe(s, body);
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; signingSecret?: string; target: string };
}

interface DeliveryView {
  id: string;
  subscriptionId: string;
  status: string;
  attempts: number;
  reason?: string;
  httpStatus?: number;
  note?: string;
  event: string;
}

async function deliveries(s: Scene, query = ''): Promise<DeliveryView[]> {
  const res = await call(s.app, 'GET', `/deliveries?limit=200${query}`, { headers: await authHeader('legal-office') });
  expect(res.status, res.text).toBe(200);
  return (res.body as { items: DeliveryView[] }).items;
}

const headersOf = (r: { headers: Record<string, string | string[] | undefined> }) =>
  Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, String(v)]));

describe('subscriptions: bad input is a 400 naming the field', () => {
  let s: Scene;
  beforeAll(async () => {
    s = await scene('notify-validation', [['market-regulation', '区市场监督管理局']]);
  });

  it.each([
    ['a plain http target that is not loopback', { channel: 'webhook', target: 'http://hooks.example.com/alerts', events: ['deadline-overdue'] }, 'target'],
    ['an ftp target', { channel: 'webhook', target: 'ftp://hooks.example.com/alerts', events: ['deadline-overdue'] }, 'target'],
    ['an unknown event kind', { channel: 'webhook', target: 'https://hooks.example.com/alerts', events: ['case-closed'] }, 'events.0'],
    ['no event at all', { channel: 'webhook', target: 'https://hooks.example.com/alerts', events: [] }, 'events'],
    ['a 钉钉 secret in the wrong form', { channel: 'dingtalk', target: 'https://oapi.dingtalk.com/robot/send?access_token=abc', secret: 'not-a-secret', events: ['deadline-overdue'] }, 'secret'],
    ['a 钉钉 robot without its secret', { channel: 'dingtalk', target: 'https://oapi.dingtalk.com/robot/send?access_token=abc', events: ['deadline-overdue'] }, 'secret'],
    ['a secret sent for a webhook (the server makes it)', { channel: 'webhook', target: 'https://hooks.example.com/alerts', secret: 'whsec_abc', events: ['deadline-overdue'] }, 'secret'],
    ['a 企业微信 URL without its key', { channel: 'wecom', target: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send', events: ['deadline-overdue'] }, 'target'],
    ['an email target that is not an address', { channel: 'email', target: 'fazhi at example', events: ['deadline-overdue'] }, 'target'],
    ['an unknown agency', { agencyId: 'no-such-agency', channel: 'email', target: 'fazhi@example.gov.cn', events: ['deadline-overdue'] }, 'agencyId'],
    ['an unknown channel', { channel: 'sms', target: '13800000000', events: ['deadline-overdue'] }, 'channel'],
    ['an unknown field', { channel: 'email', target: 'fazhi@example.gov.cn', events: ['deadline-overdue'], cc: 'x@example.com' }, 'cc'],
  ])('%s', async (_name, body, path) => {
    const res = await subscribe(s, body);
    expect(res.status, res.text).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = res.body as { code: string; errors: { path: string; message: string }[] };
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors.map((e) => e.path)).toContain(path);
  });

  it('names the problem in Chinese by default', async () => {
    const res = await subscribe(s, { channel: 'dingtalk', target: 'https://oapi.dingtalk.com/robot/send?access_token=abc', secret: 'SEC123', events: ['deadline-overdue'] });
    const problem = res.body as { errors: { path: string; message: string }[] };
    expect(problem.errors.find((e) => e.path === 'secret')?.message).toContain('SEC');
    expect(problem.errors.find((e) => e.path === 'secret')?.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('accepts http:// to a loopback address when running locally', async () => {
    const res = await subscribe(s, { channel: 'webhook', target: `${receiver.base}/local-hook`, events: ['deadline-overdue'] });
    expect(res.status, res.text).toBe(201);
  });
});

describe('subscriptions: secrets are shown once and never again', () => {
  let s: Scene;
  beforeAll(async () => {
    s = await scene('notify-crud', [['market-regulation', '区市场监督管理局']]);
  });

  it('generates a Standard Webhooks signing secret for a webhook, in the creation answer only', async () => {
    const res = await subscribe(s, { channel: 'webhook', target: 'https://hooks.example.com/alerts?token=t0ps3cret', events: ['deadline-overdue'], digest: 'immediate' });
    expect(res.status, res.text).toBe(201);
    const body = res.body as { id: string; signingSecret: string; target: string; hasSecret: boolean };
    expect(res.headers.get('location')).toBe(`/subscriptions/${body.id}`);
    expect(body.signingSecret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(body.signingSecret.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);
    expect(body.target).toBe('https://hooks.example.com/alerts?token=***');
    expect(body.hasSecret).toBe(true);

    const list = await call(s.app, 'GET', '/subscriptions', { headers: await authHeader('legal-office') });
    expect(list.status).toBe(200);
    expect(list.text).toContain(body.id);
    expect(list.text).not.toContain(body.signingSecret.slice(6));
    expect(list.text).not.toContain('signingSecret');
    expect(list.text).not.toContain('t0ps3cret');
  });

  it('never returns a 钉钉 secret or a robot URL’s key', async () => {
    const secret = `SEC${randomBytes(32).toString('hex')}`;
    const res = await subscribe(s, { channel: 'dingtalk', target: 'https://oapi.dingtalk.com/robot/send?access_token=robot-token-1', secret, events: ['deadline-overdue'] });
    expect(res.status, res.text).toBe(201);
    expect(res.text).not.toContain(secret);
    expect(res.text).not.toContain('robot-token-1');
    const list = await call(s.app, 'GET', '/subscriptions', { headers: await authHeader('legal-office') });
    expect(list.text).not.toContain(secret.slice(3));
    expect(list.text).not.toContain('robot-token-1');
  });

  it('deletes a subscription; a second delete is 404', async () => {
    const { id } = await created(s, { channel: 'email', target: 'fazhi@example.gov.cn', events: ['deadline-overdue'] });
    const headers = await authHeader('legal-office');
    expect((await call(s.app, 'DELETE', `/subscriptions/${id}`, { headers })).status).toBe(204);
    const list = await call(s.app, 'GET', '/subscriptions', { headers });
    expect(list.text).not.toContain(id);
    expect((await call(s.app, 'DELETE', `/subscriptions/${id}`, { headers })).status).toBe(404);
  });

  it('sends a test message and reports how it went', async () => {
    const ok = await created(s, { channel: 'webhook', target: `${receiver.base}/test-ok`, events: ['deadline-overdue'] });
    receiver.script('/test-refused', [], { status: 404, body: { error: 'no such hook' } });
    const refused = await created(s, { channel: 'webhook', target: `${receiver.base}/test-refused`, events: ['deadline-overdue'] });
    const headers = await authHeader('legal-office');

    const good = await call(s.app, 'POST', `/subscriptions/${ok.id}/test`, { headers });
    expect(good.status, good.text).toBe(200);
    expect(good.body).toMatchObject({ status: 'delivered', event: 'subscription-test', httpStatus: 200 });
    const sent = receiver.at('/test-ok');
    expect(sent).toHaveLength(1);
    const verified = new Webhook(ok.signingSecret ?? '').verify(sent[0]?.body ?? '', headersOf(sent[0] as never)) as { type: string };
    expect(verified.type).toBe('subscription-test');

    const bad = await call(s.app, 'POST', `/subscriptions/${refused.id}/test`, { headers });
    expect(bad.status, bad.text).toBe(200);
    expect(bad.body).toMatchObject({ status: 'failed', httpStatus: 404 });
    expect((bad.body as { reason: string }).reason).toContain('HTTP 404');

    expect((await call(s.app, 'POST', '/subscriptions/01JBCD5G6QW0X8Y9Z1A2B3C4D5/test', { headers })).status).toBe(404);
  });
});

describe('after the sweep: each channel gets the alert in its own shape', () => {
  let s: Scene;
  const secret = `SEC${randomBytes(32).toString('hex')}`;
  let webhook: { id: string; signingSecret?: string };
  let approaching: { id: string; caseNumber: string };
  let overdue: { id: string; caseNumber: string };
  let firstCount = 0;

  beforeAll(async () => {
    s = await scene('notify-channels', [
      ['market-regulation', '区市场监督管理局'],
      ['public-security', '区公安分局'],
    ]);
    approaching = await litigation(s, 'market-regulation', '2025-02-20'); // defense due 2025-03-07
    overdue = await litigation(s, 'market-regulation', '2025-02-05'); // due 2025-02-20: overdue
    await litigation(s, 'public-security', '2025-02-20'); // another agency's
    webhook = await created(s, { agencyId: 'market-regulation', channel: 'webhook', target: `${receiver.base}/hook`, events: ['deadline-approaching', 'deadline-overdue'] });
    await created(s, { agencyId: 'market-regulation', channel: 'wecom', target: `${receiver.base}/cgi-bin/webhook/send?key=wecom-key-1`, events: ['deadline-approaching', 'deadline-overdue'] });
    await created(s, { agencyId: 'market-regulation', channel: 'dingtalk', target: `${receiver.base}/robot/send?access_token=ding-token-1`, secret, events: ['deadline-overdue'] });
    await created(s, { agencyId: 'market-regulation', channel: 'email', target: 'fazhi@example.gov.cn', events: ['deadline-overdue'] });
    const report = await sweep(s);
    expect(report.raised).toHaveLength(3);
    firstCount = receiver.received.length;
  });

  it('signs webhooks as Standard Webhooks do: the standardwebhooks package verifies every one', () => {
    const hooks = receiver.at('/hook');
    expect(hooks).toHaveLength(2);
    const wh = new Webhook(webhook.signingSecret ?? '');
    const bodies = hooks.map((r) => wh.verify(r.body, headersOf(r as never)) as { type: string; timestamp: string; data: Record<string, unknown> });
    expect(bodies.map((b) => b.type).sort()).toEqual(['deadline-approaching', 'deadline-overdue']);
    const due = bodies.find((b) => b.type === 'deadline-approaching');
    expect(due?.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    expect(due?.data).toMatchObject({
      type: 'deadline-approaching',
      caseId: approaching.id,
      caseNumber: approaching.caseNumber,
      agencyId: 'market-regulation',
      agencyName: '区市场监督管理局',
      deadline: { type: 'defense', dueOn: '2025-03-07' },
      url: `${CONSOLE}/cases/${approaching.id}`,
    });
    expect(hooks.every((r) => String(r.headers['webhook-id']).startsWith('msg_'))).toBe(true);
    // A tampered body does not verify.
    expect(() => wh.verify((hooks[0]?.body ?? '').replace('2025', '2026'), headersOf(hooks[0] as never))).toThrow();
  });

  it('sends 企业微信 the robot’s markdown message with the case number, agency, deadline, due date and link', () => {
    const sent = receiver.at('/cgi-bin/webhook/send');
    expect(sent).toHaveLength(2);
    expect(sent[0]?.url).toContain('key=wecom-key-1');
    const payloads = sent.map((r) => JSON.parse(r.body) as { msgtype: string; markdown: { content: string } });
    for (const payload of payloads) {
      expect(Object.keys(payload).sort()).toEqual(['markdown', 'msgtype']);
      expect(payload.msgtype).toBe('markdown');
      expect(Object.keys(payload.markdown)).toEqual(['content']);
      expect(Buffer.byteLength(payload.markdown.content)).toBeLessThanOrEqual(4096);
    }
    const content = payloads.map((p) => p.markdown.content).find((c) => c.includes(approaching.caseNumber)) ?? '';
    expect(content).toContain('期限临近');
    expect(content).toContain('机关：区市场监督管理局');
    expect(content).toContain('期限：答辩举证期限');
    expect(content).toContain('届满日：2025-03-07');
    expect(content).toContain(`(${CONSOLE}/cases/${approaching.id})`);
  });

  it('signs 钉钉 requests with 加签: the test recomputes the sign from the timestamp and the secret', () => {
    const sent = receiver.at('/robot/send');
    expect(sent).toHaveLength(1);
    const query = new URLSearchParams(sent[0]?.url.split('?')[1]);
    expect(query.get('access_token')).toBe('ding-token-1');
    const timestamp = Number(query.get('timestamp'));
    expect(Math.abs(Date.now() - timestamp)).toBeLessThan(60 * 60_000);
    const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
    expect(query.get('sign')).toBe(expected);
    expect(sent[0]?.url).toContain(`&timestamp=${timestamp}&sign=${encodeURIComponent(expected)}`);
    const payload = JSON.parse(sent[0]?.body ?? '{}') as { msgtype: string; markdown: { title: string; text: string } };
    expect(payload.msgtype).toBe('markdown');
    expect(payload.markdown.title).toContain('期限已逾期');
    expect(payload.markdown.text).toContain(overdue.caseNumber);
    expect(payload.markdown.text).toContain('届满日：2025-02-20');
  });

  it('sends nothing about another agency’s cases to an agency’s subscriptions', () => {
    const all = receiver.received.filter((r) => ['/hook', '/cgi-bin/webhook/send', '/robot/send'].includes(r.path));
    expect(all.some((r) => r.body.includes('public-security') || r.body.includes('区公安分局'))).toBe(false);
  });

  it('records every delivery in the log, email included (locally logged, not sent)', async () => {
    const log = await deliveries(s);
    expect(log).toHaveLength(6);
    expect(log.every((d) => d.status === 'delivered' && d.attempts === 1)).toBe(true);
    const email = log.find((d) => d.event === 'deadline-overdue' && d.note);
    expect(email?.note).toContain('本地运行');
    expect(await deliveries(s, `&subscriptionId=${webhook.id}`)).toHaveLength(2);
    expect(await deliveries(s, `&subscriptionId=${webhook.id}&status=failed`)).toHaveLength(0);
    expect(await deliveries(s, '&status=pending')).toHaveLength(0);
  });

  it('delivers nothing new when the sweep runs again', async () => {
    const report = await sweep(s, '2025-03-05T15:00:00+08:00');
    expect(report.raised).toHaveLength(0);
    expect(receiver.received.length).toBe(firstCount);
    expect(await deliveries(s)).toHaveLength(6);
  });
});

describe('retries', () => {
  let s: Scene;
  let hook: { id: string; signingSecret?: string };
  const pauses: number[] = [];

  beforeAll(async () => {
    s = await scene('notify-retry', [['retry-agency', '区交通运输局']]);
    await litigation(s, 'retry-agency', '2025-02-05');
    receiver.script('/flaky-hook', [{ status: 503, body: { error: 'busy' } }]);
    receiver.script('/flaky-wecom', [{ status: 200, body: { errcode: 45009, errmsg: 'api freq out of limit' } }]);
    receiver.script('/gone-hook', [], { status: 410, body: { error: 'gone' } });
    receiver.script('/ding-misconfigured', [], { status: 200, body: { errcode: 310000, errmsg: 'sign not match' } });
    hook = await created(s, { agencyId: 'retry-agency', channel: 'webhook', target: `${receiver.base}/flaky-hook`, events: ['deadline-overdue'] });
    await created(s, { agencyId: 'retry-agency', channel: 'wecom', target: `${receiver.base}/flaky-wecom?key=k2`, events: ['deadline-overdue'] });
    await created(s, { agencyId: 'retry-agency', channel: 'webhook', target: `${receiver.base}/gone-hook`, events: ['deadline-overdue'] });
    await created(s, { agencyId: 'retry-agency', channel: 'dingtalk', target: `${receiver.base}/ding-misconfigured?access_token=t`, secret: `SEC${'ab'.repeat(32)}`, events: ['deadline-overdue'] });
    const report = await sweep(s, SWEEP_AT, { onPause: (ms) => pauses.push(ms) });
    expect(report.raised).toHaveLength(1);
  });

  it('retries a 503 and then delivers, with the same webhook-id on both tries', () => {
    const tries = receiver.at('/flaky-hook');
    expect(tries).toHaveLength(2);
    expect(tries[0]?.headers['webhook-id']).toBe(tries[1]?.headers['webhook-id']);
    const wh = new Webhook(hook.signingSecret ?? '');
    for (const t of tries) expect(() => wh.verify(t.body, headersOf(t as never))).not.toThrow();
  });

  it('waits at least a minute before retrying after the 企业微信 rate-limit answer', () => {
    expect(Math.max(...pauses)).toBeGreaterThanOrEqual(60_000);
  });

  it('retries the 企业微信 rate-limit answer (errcode 45009) and then delivers', async () => {
    expect(receiver.at('/flaky-wecom')).toHaveLength(2);
    const log = await deliveries(s, '&status=delivered');
    expect(log).toHaveLength(2);
    expect(log.every((d) => d.attempts === 2)).toBe(true);
  });

  it('does not retry a target that answers 4xx or a robot that refuses the sign: the delivery fails with the reason', async () => {
    expect(receiver.at('/gone-hook')).toHaveLength(1);
    expect(receiver.at('/ding-misconfigured')).toHaveLength(1);
    const failed = await deliveries(s, '&status=failed');
    expect(failed.map((d) => d.reason ?? '').sort()).toEqual([expect.stringContaining('HTTP 410'), expect.stringContaining('310000')].sort());
    const subs = await call(s.app, 'GET', '/subscriptions', { headers: await authHeader('legal-office') });
    const states = (subs.body as { items: { target: string; status: string; lastError?: { reason: string } }[] }).items;
    expect(states.find((x) => x.target.endsWith('/gone-hook'))).toMatchObject({ status: 'failing', lastError: { reason: expect.stringContaining('410') } });
    expect(states.find((x) => x.target.endsWith('/flaky-hook'))).toMatchObject({ status: 'active' });
  });
});

describe('the notifier Lambda on its SQS queue', () => {
  // No SQS runs locally: the client is mocked; everything else (DynamoDB, the target) is real.
  const sqsMock = mockClient(SQSClient);
  afterAll(() => sqsMock.restore());
  let s: Scene;
  let handler: (event: SQSEvent) => Promise<SQSBatchResponse>;
  let envelope: string;

  beforeAll(async () => {
    s = await scene('notify-sqs', [['dlq-agency', '区住房和城乡建设局']]);
    await litigation(s, 'dlq-agency', '2025-02-05');
    receiver.script('/down-hook', [], { status: 500, body: { error: 'down' } });
    await created(s, { agencyId: 'dlq-agency', channel: 'webhook', target: `${receiver.base}/down-hook`, events: ['deadline-overdue'] });
    // What the sweep puts on the bus, as the rule forwards it to the queue.
    const published: { type: string; detail: object }[] = [];
    s.clock.set(SWEEP_AT);
    await runSweep(sweepDeps(s.table, { clock: s.clock, publish: async (type, details) => void published.push(...details.map((detail) => ({ type, detail }))) }));
    const alert = published.find((p) => p.type === 'alert')?.detail as Alert;
    expect(alert.type).toBe('deadline-overdue');
    envelope = JSON.stringify({ version: '0', id: 'evt-1', 'detail-type': 'alert', source: 'case-tracker', account: '123456789012', time: '2025-03-05T00:00:05Z', region: 'cn-north-1', resources: [], detail: alert });
    process.env.TABLE_NAME = s.table.name;
    process.env.DYNAMODB_ENDPOINT = dynamoEndpoint();
    process.env.NOTIFY_MAX_ATTEMPTS = '3';
    ({ handler } = (await import('../../functions/notifier/index')) as { handler: typeof handler });
  });

  const sqsEvent = (receiveCount: number): SQSEvent => ({
    Records: [
      {
        messageId: 'message-1',
        receiptHandle: 'handle',
        body: envelope,
        attributes: { ApproximateReceiveCount: String(receiveCount), SentTimestamp: '1741132805000', SenderId: 'events', ApproximateFirstReceiveTimestamp: '1741132805000' },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws-cn:sqs:cn-north-1:123456789012:notifications',
        awsRegion: 'cn-north-1',
      },
    ],
  });

  it('reports the message as a batch item failure while the target answers 5xx, then records the delivery failed on the last try (and the message goes on to the DLQ)', async () => {
    sqsMock.reset();
    sqsMock.on(ChangeMessageVisibilityCommand).resolves({});
    expect(await handler(sqsEvent(1))).toEqual({ batchItemFailures: [{ itemIdentifier: 'message-1' }] });
    expect(await deliveries(s, '&status=pending')).toMatchObject([{ attempts: 1, reason: expect.stringContaining('HTTP 500') }]);
    expect(await handler(sqsEvent(2))).toEqual({ batchItemFailures: [{ itemIdentifier: 'message-1' }] });
    // The queue's maxReceiveCount is 3: this failure sends the message to the DLQ.
    expect(await handler(sqsEvent(3))).toEqual({ batchItemFailures: [{ itemIdentifier: 'message-1' }] });
    const failed = await deliveries(s, '&status=failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ attempts: 3, httpStatus: 500 });
    expect(failed[0]?.reason).toContain('已尝试3次');
    const tries = receiver.at('/down-hook');
    expect(tries).toHaveLength(3);
    expect(new Set(tries.map((t) => t.headers['webhook-id'])).size).toBe(1);
    // The backoff: 30 s then 2 min (± 20 %), on the message's own receipt handle; none on the last receive.
    const visibility = sqsMock.commandCalls(ChangeMessageVisibilityCommand).map((c) => c.args[0].input);
    expect(visibility).toHaveLength(2);
    expect(visibility.every((v) => v.ReceiptHandle === 'handle' && v.QueueUrl === 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/notifications')).toBe(true);
    expect(visibility[0]?.VisibilityTimeout).toBeGreaterThanOrEqual(24);
    expect(visibility[0]?.VisibilityTimeout).toBeLessThanOrEqual(36);
    expect(visibility[1]?.VisibilityTimeout).toBeGreaterThanOrEqual(96);
    expect(visibility[1]?.VisibilityTimeout).toBeLessThanOrEqual(144);
  });

  it('a redrive from the DLQ tries the failed delivery again; once delivered, a duplicate message sends nothing', async () => {
    receiver.script('/down-hook', [], { status: 204 });
    expect(await handler(sqsEvent(1))).toEqual({ batchItemFailures: [] });
    expect(await deliveries(s, '&status=delivered')).toMatchObject([{ attempts: 4 }]);
    const before = receiver.at('/down-hook').length;
    expect(await handler(sqsEvent(1))).toEqual({ batchItemFailures: [] });
    expect(receiver.at('/down-hook').length).toBe(before);
  });

  it('still reports the message when setting its visibility fails: it comes back after the queue’s timeout', async () => {
    sqsMock.reset();
    sqsMock.on(ChangeMessageVisibilityCommand).rejects(new Error('AccessDenied'));
    receiver.script('/late-hook', [{ status: 503 }], { status: 204 });
    await created(s, { agencyId: 'dlq-agency', channel: 'webhook', target: `${receiver.base}/late-hook`, events: ['deadline-overdue'] });
    expect(await handler(sqsEvent(1))).toEqual({ batchItemFailures: [{ itemIdentifier: 'message-1' }] });
    expect(sqsMock.commandCalls(ChangeMessageVisibilityCommand)).toHaveLength(1);
    expect(await deliveries(s, '&status=pending')).toMatchObject([{ attempts: 1, httpStatus: 503 }]);
    expect(await handler(sqsEvent(2))).toEqual({ batchItemFailures: [] });
    expect(receiver.at('/late-hook')).toHaveLength(2);
    expect(await deliveries(s, '&status=pending')).toEqual([]);
  });

  it('drops a message that is not an EventBridge event instead of retrying it forever', async () => {
    const bad = sqsEvent(1);
    if (bad.Records[0]) bad.Records[0].body = 'not json';
    expect(await handler(bad)).toEqual({ batchItemFailures: [] });
  });
});

describe('pacing: 20 messages a minute per robot', () => {
  let s: Scene;
  const wall = wallClock(Date.parse('2025-03-05T00:00:10Z'));
  const sentAt: number[] = [];
  const numbers: string[] = [];

  beforeAll(async () => {
    s = await scene('notify-pacing', [['burst-agency', '区人力资源和社会保障局']]);
    for (let i = 0; i < 25; i++) numbers.push((await litigation(s, 'burst-agency', '2025-02-05')).caseNumber);
    await created(s, { agencyId: 'burst-agency', channel: 'wecom', target: `${receiver.base}/burst-wecom?key=burst-robot-key`, events: ['deadline-overdue'] });
    const deps = notifierDeps(s.table, { local: true, clock: s.clock });
    // What went out when, on the test's wall clock.
    const post: NotifierDeps['post'] = (...args) => {
      sentAt.push(wall.now());
      return deps.post(...args);
    };
    const report = await sweep(s, SWEEP_AT, { wall, notify: { post } });
    expect(report.raised).toHaveLength(25);
  });

  it('sends at most 20 in the first minute and the other 5 in the next, each alert exactly once', () => {
    const sent = receiver.at('/burst-wecom');
    expect(sent).toHaveLength(25);
    const minute = (at: number) => Math.floor(at / 60_000);
    const first = minute(Date.parse('2025-03-05T00:00:10Z'));
    expect(sentAt.filter((at) => minute(at) === first)).toHaveLength(20);
    expect(sentAt.filter((at) => minute(at) === first + 1)).toHaveLength(5);
    const contents = sent.map((r) => (JSON.parse(r.body) as { markdown: { content: string } }).markdown.content);
    for (const number of numbers) expect(contents.filter((c) => c.includes(number)), number).toHaveLength(1);
  });

  it('waited for the next minute instead of failing: no try counted, every delivery delivered on its first attempt', async () => {
    expect(wall.pauses).toHaveLength(1);
    expect(wall.pauses[0]).toBeGreaterThanOrEqual(50_000);
    expect(wall.pauses[0]).toBeLessThanOrEqual(55_000);
    const log = await deliveries(s);
    expect(log).toHaveLength(25);
    expect(log.every((d) => d.status === 'delivered' && d.attempts === 1)).toBe(true);
  });

  it('counts per robot under a hash of its URL: the robot’s key is nowhere in the counter items', async () => {
    const items = (await s.table.doc.send(new ScanCommand({ TableName: s.table.name, FilterExpression: 'begins_with(pk, :pace)', ExpressionAttributeValues: { ':pace': 'PACE#' } }))).Items ?? [];
    expect(items.map((i) => i.count).sort()).toEqual([20, 5]);
    expect(new Set(items.map((i) => i.pk)).size).toBe(1);
    expect(JSON.stringify(items)).not.toContain('burst-robot-key');
    expect(items.every((i) => typeof i.expiresAt === 'number')).toBe(true);
  });
});

describe('targets whose name resolves to a private address (SSRF)', () => {
  let s: Scene;
  const lookups: string[] = [];
  const names: Record<string, string[]> = {
    'metadata.example.test': ['169.254.169.254'],
    'intranet.example.test': ['10.0.0.1'],
    'rebind.example.test': ['127.0.0.1'],
  };
  /** The DNS as the tests need it: rebind.example.test answers 127.0.0.1 once, then an unroutable address. */
  const resolve: ResolveAll = (host) => {
    lookups.push(host);
    if (host === 'localhost') return resolveAll(host); // the machine's own answer (127.0.0.1 and/or ::1)
    const addresses = host === 'rebind.example.test' && lookups.filter((h) => h === host).length > 1 ? ['203.0.113.1'] : names[host];
    if (!addresses) return Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }));
    return Promise.resolve(addresses.map((address) => ({ address, family: 4 as const })));
  };
  const port = () => new URL(receiver.base).port;

  /** A webhook subscription stored as the API would, with any target (the API refuses http:// to a name). */
  async function storedSubscription(id: string, target: string): Promise<Subscription> {
    const deps = notifierDeps(s.table, { local: true, clock: s.clock });
    const subscription: Subscription = {
      id,
      agencyId: 'ssrf-agency',
      channel: 'webhook',
      targetSealed: await deps.box.seal(target, `${id}:target`),
      targetShown: maskTarget('webhook', target),
      secretSealed: await deps.box.seal(`whsec_${randomBytes(24).toString('base64')}`, `${id}:secret`),
      events: ['deadline-overdue'],
      digest: 'immediate',
      status: 'active',
      consecutiveFailures: 0,
      createdAt: '2025-03-03T10:00:00+08:00',
      createdBy: { sub: 'test', name: '刘主任' },
    };
    await deps.subscriptions.create(subscription);
    return subscription;
  }

  const notifier = (allowLoopback: boolean) =>
    new Notifier({ ...notifierDeps(s.table, { local: true, clock: s.clock }), consoleBaseUrl: CONSOLE, timeoutMs: 2000, post: guardedPostJson({ allowLoopback, resolve }) });

  beforeAll(async () => {
    s = await scene('notify-ssrf', [['ssrf-agency', '区审计局']]);
    await litigation(s, 'ssrf-agency', '2025-02-05');
  });

  it('fails for good, with the reason, a delivery to a name resolving to the metadata service or an intranet address: nothing is sent', async () => {
    await storedSubscription('SUB-METADATA', `http://metadata.example.test:${port()}/ssrf-metadata`);
    await storedSubscription('SUB-INTRANET', `https://intranet.example.test:${port()}/ssrf-intranet`);
    await sweep(s, SWEEP_AT, { notify: { post: guardedPostJson({ allowLoopback: false, resolve }) } });
    const failed = await deliveries(s, '&status=failed');
    expect(failed).toHaveLength(2);
    expect(failed.every((d) => d.attempts === 1)).toBe(true);
    expect(failed.find((d) => d.subscriptionId === 'SUB-METADATA')?.reason).toContain('169.254.169.254');
    expect(failed.find((d) => d.subscriptionId === 'SUB-INTRANET')?.reason).toContain('10.0.0.1');
    expect(failed.every((d) => /内网/.test(d.reason ?? ''))).toBe(true);
    expect(receiver.received.filter((r) => r.path.startsWith('/ssrf-'))).toEqual([]);
  });

  it('in AWS refuses a name resolving to loopback, though a receiver listens there', async () => {
    const subscription = await storedSubscription('SUB-LOOP-AWS', `http://rebind.example.test:${port()}/ssrf-loop`);
    lookups.length = 0;
    const delivery = await notifier(false).test(subscription, 'aws-loopback');
    expect(delivery).toMatchObject({ status: 'failed', reason: expect.stringContaining('回环') });
    expect(receiver.at('/ssrf-loop')).toEqual([]);
  });

  it('locally allows loopback, and localhost by name', async () => {
    const local = await storedSubscription('SUB-LOCALHOST', `http://localhost:${port()}/local-by-name`);
    expect(await notifier(true).test(local, 'localhost')).toMatchObject({ status: 'delivered' });
    expect(receiver.at('/local-by-name')).toHaveLength(1);
    const inAws = await notifier(false).test(local, 'localhost-aws');
    expect(inAws).toMatchObject({ status: 'failed', reason: expect.stringContaining('回环') });
    expect(receiver.at('/local-by-name')).toHaveLength(1);
  });

  it('connects to the address it checked, whatever the DNS answers afterwards (DNS rebinding)', async () => {
    const subscription = await storedSubscription('SUB-REBIND', `http://rebind.example.test:${port()}/rebind`);
    lookups.length = 0;
    expect(await notifier(true).test(subscription, 'rebind')).toMatchObject({ status: 'delivered' });
    expect(lookups).toEqual(['rebind.example.test']);
    expect(receiver.at('/rebind')).toHaveLength(1);
  });
});

describe('the daily digest', () => {
  let s: Scene;
  const cases: { id: string; caseNumber: string }[] = [];

  beforeAll(async () => {
    s = await scene('notify-digest', [['digest-agency', '区生态环境局']]);
    cases.push(await litigation(s, 'digest-agency', '2025-02-20')); // due 2025-03-07: approaching
    cases.push(await litigation(s, 'digest-agency', '2025-02-21')); // due 2025-03-10 (03-08 is a Saturday): approaching
    cases.push(await litigation(s, 'digest-agency', '2025-02-05')); // due 2025-02-20: overdue
    await created(s, { agencyId: 'digest-agency', channel: 'wecom', target: `${receiver.base}/digest-wecom?key=d`, events: ['deadline-approaching', 'deadline-overdue', 'hearing-unconfirmed'], digest: 'daily' });
    await sweep(s);
  });

  it('groups the day’s alerts into one message, most urgent first', () => {
    const sent = receiver.at('/digest-wecom');
    expect(sent).toHaveLength(1);
    const content = (JSON.parse(sent[0]?.body ?? '{}') as { markdown: { content: string } }).markdown.content;
    expect(content).toContain('每日提醒汇总 2025-03-05（共3条）');
    expect(content).toContain('期限已逾期（1条）');
    expect(content).toContain('期限临近（2条）');
    expect(content.indexOf('期限已逾期')).toBeLessThan(content.indexOf('期限临近（'));
    for (const c of cases) expect(content).toContain(`[${c.caseNumber}](${CONSOLE}/cases/${c.id})`);
    expect(content).toContain('区生态环境局');
  });

  it('sends no second digest when the sweep runs again the same day', async () => {
    await sweep(s, '2025-03-05T20:00:00+08:00');
    expect(receiver.at('/digest-wecom')).toHaveLength(1);
    const log = await deliveries(s);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ event: 'notification-digest', status: 'delivered' });
  });
});

describe('personal data', () => {
  it('no payload sent anywhere carries a party’s name or ID number', () => {
    expect(receiver.received.length).toBeGreaterThan(10);
    for (const r of receiver.received) {
      expect(r.body).not.toContain(PERSON);
      expect(r.body).not.toContain(ID_NUMBER);
      expect(r.url).not.toContain(encodeURIComponent(PERSON));
    }
  });
});
