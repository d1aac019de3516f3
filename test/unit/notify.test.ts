import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { robotAnswer, byStatus } from '../../shared/notify/channels/result';
import { webhookSignature } from '../../shared/notify/channels/webhook';
import { DINGTALK_RETRYABLE } from '../../shared/notify/channels/dingtalk';
import { WECOM_RETRYABLE } from '../../shared/notify/channels/wecom';
import type { Notice } from '../../shared/domain/notifications';
import { digestMessage } from '../../shared/notify/message';
import { aesGcmBox, deriveKey } from '../../shared/notify/secret-box';
import { checkSubscriptionInput, checkTargetResolves, maskTarget, newSigningSecret, type SubscriptionInput } from '../../shared/notify/subscriptions';
import { DINGTALK_RATE_LIMITS } from '../../shared/notify/channels/dingtalk';
import { WECOM_RATE_LIMITS } from '../../shared/notify/channels/wecom';
import { forbiddenReason, type ResolveAll } from '../../shared/notify/target-address';

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

  it('waits at least a minute after 企业微信’s rate-limit answer and ten after 钉钉’s', () => {
    expect(robotAnswer('企业微信', answer(200, { errcode: 45009, errmsg: 'api freq out of limit' }), WECOM_RETRYABLE, WECOM_RATE_LIMITS)).toMatchObject({ retryable: true, retryAfterMs: 60_000 });
    expect(robotAnswer('钉钉', answer(200, { errcode: 130101, errmsg: 'send too fast' }), DINGTALK_RETRYABLE, DINGTALK_RATE_LIMITS)).toMatchObject({ retryable: true, retryAfterMs: 600_000 });
    expect(robotAnswer('钉钉', answer(200, { errcode: 310000, errmsg: 'sign not match' }), DINGTALK_RETRYABLE, DINGTALK_RATE_LIMITS)).toMatchObject({ retryable: false });
    expect(robotAnswer('企业微信', answer(200, { errcode: -1, errmsg: 'busy' }), WECOM_RETRYABLE, WECOM_RATE_LIMITS).retryAfterMs).toBeUndefined();
  });

  it('retries a 429 or 503 no sooner than its Retry-After', () => {
    expect(byStatus({ status: 429, headers: { 'retry-after': '90' }, body: '' })).toMatchObject({ retryable: true, retryAfterMs: 90_000 });
    expect(byStatus({ status: 503, headers: {}, body: '' }).retryAfterMs).toBeUndefined();
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

describe('addresses a delivery may connect to (SSRF)', () => {
  const inAwsPolicy = { allowLoopback: false };
  const locally = { allowLoopback: true };

  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback, IPv4-mapped'],
    ['10.0.0.1', 'RFC 1918'],
    ['172.16.0.1', 'RFC 1918'],
    ['172.31.255.254', 'RFC 1918'],
    ['192.168.1.20', 'RFC 1918'],
    ['169.254.169.254', 'the cloud metadata service'],
    ['100.64.0.1', 'CGNAT'],
    ['100.127.255.254', 'CGNAT'],
    ['0.0.0.0', 'this network'],
    ['0.1.2.3', 'this network'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['fc00::1', 'unique local'],
    ['fd12:3456::1', 'unique local'],
    ['fe80::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['::', 'unspecified'],
    ['::ffff:10.0.0.1', 'RFC 1918, IPv4-mapped'],
    ['::ffff:a9fe:a9fe', 'the metadata service, IPv4-mapped in hex'],
  ])('refuses %s (%s) in AWS', (address) => {
    expect(forbiddenReason(address, inAwsPolicy)).toMatch(/[\u4e00-\u9fa5]/);
  });

  it.each([['203.0.113.10'], ['101.226.103.106'], ['172.32.0.1'], ['172.15.255.255'], ['100.128.0.1'], ['11.0.0.1'], ['2001:db8::1'], ['240e:e9:6002::1'], ['::ffff:8.8.8.8']])('allows the public address %s', (address) => {
    expect(forbiddenReason(address, inAwsPolicy)).toBeUndefined();
  });

  it('allows loopback only when running locally, and nothing else private then either', () => {
    expect(forbiddenReason('127.0.0.1', locally)).toBeUndefined();
    expect(forbiddenReason('::1', locally)).toBeUndefined();
    expect(forbiddenReason('10.0.0.1', locally)).toBeDefined();
    expect(forbiddenReason('169.254.169.254', locally)).toBeDefined();
  });
});

describe('a target’s host name at creation', () => {
  const names: Record<string, string[]> = {
    'metadata.example.test': ['169.254.169.254'],
    'intranet.example.test': ['10.0.0.1', 'fd00::1'],
    'mixed.example.test': ['203.0.113.10', '10.0.0.1'],
    'robot.example.test': ['203.0.113.10'],
    'loop.example.test': ['127.0.0.1'],
  };
  const resolve: ResolveAll = (host) => {
    const found = names[host];
    if (!found) return Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }));
    return Promise.resolve(found.map((address) => ({ address, family: address.includes(':') ? (6 as const) : (4 as const) })));
  };
  const check = (host: string, allowLoopbackHttp = false) => checkTargetResolves({ channel: 'webhook', target: `https://${host}/hook` }, { allowLoopbackHttp }, resolve);

  it('refuses a name that resolves only to private or metadata addresses, naming target in Chinese', async () => {
    for (const host of ['metadata.example.test', 'intranet.example.test']) {
      const errors = await check(host);
      expect(errors.map((e) => e.path), host).toEqual(['target']);
      expect((errors[0]?.message as { zh: string }).zh).toMatch(/内网/);
    }
  });

  it('accepts a public name, a name with one public address (delivery checks every address) and a name that does not resolve yet', async () => {
    expect(await check('robot.example.test')).toEqual([]);
    expect(await check('mixed.example.test')).toEqual([]);
    expect(await check('nowhere.example.test')).toEqual([]);
  });

  it('accepts a name for loopback only when running locally; email is not resolved', async () => {
    expect((await check('loop.example.test')).map((e) => e.path)).toEqual(['target']);
    expect(await check('loop.example.test', true)).toEqual([]);
    expect(await checkTargetResolves({ channel: 'email', target: 'fazhi@metadata.example.test' }, { allowLoopbackHttp: false }, resolve)).toEqual([]);
  });
});
