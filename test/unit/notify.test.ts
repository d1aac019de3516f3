import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { robotAnswer, byStatus } from '../../shared/notify/channels/result';
import { webhookSignature } from '../../shared/notify/channels/webhook';
import { DINGTALK_RETRYABLE } from '../../shared/notify/channels/dingtalk';
import { WECOM_RETRYABLE } from '../../shared/notify/channels/wecom';
import type { Notice } from '../../shared/domain/notifications';
import { digestMessage } from '../../shared/notify/message';
import { aesGcmBox, deriveKey } from '../../shared/notify/secret-box';
import { checkSubscriptionInput, maskTarget, newSigningSecret, type SubscriptionInput } from '../../shared/notify/subscriptions';

const inAws = { allowLoopbackHttp: false };
const input = (overrides: Partial<SubscriptionInput>): SubscriptionInput => ({ channel: 'webhook', target: 'https://hooks.example.com/a', events: ['deadline-overdue'], digest: 'immediate', ...overrides });
const paths = (i: SubscriptionInput, policy = inAws) => checkSubscriptionInput(i, policy).map((e) => e.path);

describe('subscription targets in AWS', () => {
  it('refuses plain http even to a loopback address', () => {
    expect(paths(input({ target: 'http://127.0.0.1:8080/hook' }))).toEqual(['target']);
  });

  it('refuses https to a private or link-local address (the instance metadata service included)', () => {
    for (const target of ['https://10.0.0.5/hook', 'https://192.168.1.2/hook', 'https://169.254.169.254/latest', 'https://localhost/hook', 'https://[::1]/hook']) {
      expect(paths(input({ target })), target).toEqual(['target']);
    }
  });

  it('accepts a public https URL, and a URL with credentials in it never', () => {
    expect(paths(input({}))).toEqual([]);
    expect(paths(input({ target: 'https://user:pw@hooks.example.com/a' }))).toEqual(['target']);
  });

  it('takes a 钉钉 secret only as SEC and 64 hex digits', () => {
    const ding = (secret?: string) => paths(input({ channel: 'dingtalk', target: 'https://oapi.dingtalk.com/robot/send?access_token=x', ...(secret ? { secret } : {}) }));
    expect(ding(`SEC${'0f'.repeat(32)}`)).toEqual([]);
    expect(ding(`SEC${'0f'.repeat(31)}`)).toEqual(['secret']);
    expect(ding(`sec${'0f'.repeat(32)}`)).toEqual(['secret']);
    expect(ding()).toEqual(['secret']);
  });
});

describe('signatures', () => {
  it('a webhook signed here verifies with the standardwebhooks package', () => {
    const secret = newSigningSecret();
    const body = JSON.stringify({ type: 'deadline-overdue', timestamp: '2025-03-05T08:00:00+08:00', data: { caseNumber: '潞复〔2025〕3号' } });
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(timestamp), 'webhook-signature': webhookSignature(secret, 'msg_1', timestamp, body) };
    expect(new Webhook(secret).verify(body, headers)).toMatchObject({ type: 'deadline-overdue' });
    expect(() => new Webhook(newSigningSecret()).verify(body, headers)).toThrow();
  });
});

describe('answers', () => {
  const answer = (status: number, body: unknown) => ({ status, headers: {}, body: JSON.stringify(body) });

  it('retries the robots’ rate-limit codes and refuses their configuration errors', () => {
    expect(robotAnswer('企业微信', answer(200, { errcode: 45009, errmsg: 'freq' }), WECOM_RETRYABLE)).toMatchObject({ ok: false, retryable: true });
    expect(robotAnswer('企业微信', answer(200, { errcode: 93000, errmsg: 'invalid webhook url' }), WECOM_RETRYABLE)).toMatchObject({ ok: false, retryable: false });
    expect(robotAnswer('钉钉', answer(200, { errcode: 130101, errmsg: 'send too fast' }), DINGTALK_RETRYABLE)).toMatchObject({ ok: false, retryable: true });
    expect(robotAnswer('钉钉', answer(200, { errcode: 310000, errmsg: 'sign not match' }), DINGTALK_RETRYABLE)).toMatchObject({ ok: false, retryable: false });
    expect(robotAnswer('钉钉', answer(200, { errcode: 0, errmsg: 'ok' }), DINGTALK_RETRYABLE)).toMatchObject({ ok: true });
  });

  it('retries 429 and 5xx, not 4xx or a redirect', () => {
    expect(byStatus(answer(429, {})).retryable).toBe(true);
    expect(byStatus(answer(502, {})).retryable).toBe(true);
    expect(byStatus(answer(400, {})).retryable).toBe(false);
    expect(byStatus(answer(301, {})).retryable).toBe(false);
  });
});

describe('secrets at rest', () => {
  const box = aesGcmBox(() => Promise.resolve(deriveKey('test key')));

  it('opens what it sealed, only for the same subscription and field', async () => {
    const sealed = await box.seal('whsec_abc', 'S1:secret');
    expect(sealed).not.toContain('whsec_abc');
    expect(await box.open(sealed, 'S1:secret')).toBe('whsec_abc');
    await expect(box.open(sealed, 'S2:secret')).rejects.toThrow();
  });

  it('masks a robot URL’s token in listings', () => {
    expect(maskTarget('wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx')).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***');
  });
});

describe('the digest', () => {
  it('stays within 企业微信’s 4,096 bytes however many alerts a day brings, and says how many it left out', () => {
    const notices: Notice[] = Array.from({ length: 200 }, (_, i) => ({
      id: `deadline-approaching|C${i}|defense|2025-03-07`,
      event: 'deadline-approaching',
      raisedOn: '2025-03-05',
      agencyId: 'market-regulation',
      caseId: `01JBCD5G6QW0X8Y9Z1A2B3C${String(i).padStart(3, '0')}`,
      caseNumber: `(2025)晋0403行初${i + 1}号`,
      deadline: { type: 'defense', key: 'defense', dueOn: '2025-03-07', basis: '行政诉讼法第六十七条' },
      summary: '…',
    }));
    const message = digestMessage('2025-03-05', notices, { consoleBaseUrl: 'https://fazhi.example.gov.cn', agencyName: () => '区市场监督管理局', at: '2025-03-05T08:00:00+08:00' });
    expect(Buffer.byteLength(message.markdown)).toBeLessThanOrEqual(4096);
    expect(message.markdown).toMatch(/另有\d+条未列出/);
    expect(message.title).toContain('共200条');
    expect((message.webhook.data as { alerts: unknown[] }).alerts).toHaveLength(200);
  });
});
