import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import type { FieldError, Localized } from '../domain/errors';
import type { PageRequest, StorePage } from '../domain/paging';
import type { Channel, DigestMode, Notice, NotificationEvent } from '../domain/notifications';
import { bareHost, forbiddenReason, resolveAll, type ResolveAll, type ResolvedAddress } from './target-address';

/** Someone to tell: a robot of a group chat, a signed webhook or a mailbox. */
export interface Subscription {
  id: string;
  /** absent: the whole office */
  agencyId?: string;
  channel: Channel;
  /** the full target, sealed: a robot's URL carries its access token */
  targetSealed: string;
  /** what listings show: origin and path, query values masked */
  targetShown: string;
  /** the 钉钉 加签 secret or the webhook signing secret, sealed; never returned after creation */
  secretSealed?: string;
  events: NotificationEvent[];
  digest: DigestMode;
  /** failing: its last deliveries failed for good; it gets one attempt per message until one succeeds */
  status: 'active' | 'failing';
  consecutiveFailures: number;
  lastError?: { at: string; reason: string };
  lastDeliveredAt?: string;
  createdAt: string;
  createdBy: { sub: string; name: string };
}

export type FailureOutcome = { ok: false; at: string; reason: string; permanent: boolean };
export type DeliveryOutcome = { ok: true; at: string } | FailureOutcome;

export interface SubscriptionRepository {
  create(subscription: Subscription): Promise<void>;
  get(id: string): Promise<Subscription | undefined>;
  list(page: PageRequest): Promise<StorePage<Subscription>>;
  /** every subscription, page after page (a few dozen at most: the office's chats and systems) */
  all(): Promise<Subscription[]>;
  /** true when it existed */
  delete(id: string): Promise<boolean>;
  /** counts a final outcome: a success makes it active again, failures may mark it failing */
  recordOutcome(id: string, outcome: DeliveryOutcome): Promise<void>;
}

/** After this many deliveries failed for good in a row, a subscription is marked failing. */
export const FAILING_AFTER = 3;

/** Kinds the daily digest groups; the others (one-off facts) reach daily subscriptions at once. */
const digestible: ReadonlySet<NotificationEvent> = new Set(['deadline-approaching', 'deadline-overdue', 'hearing-unconfirmed']);

/** Whether a subscription hears about a notice now (`immediate`) or in the day's digest (`daily`). */
export function wants(subscription: Subscription, notice: Notice, delivery: DigestMode): boolean {
  if (!subscription.events.includes(notice.event)) return false;
  // A notice of the whole office (the monthly report) reaches agency subscriptions too.
  if (subscription.agencyId !== undefined && notice.agencyId !== undefined && notice.agencyId !== subscription.agencyId) return false;
  const mode: DigestMode = subscription.digest === 'daily' && digestible.has(notice.event) ? 'daily' : 'immediate';
  return mode === delivery;
}

export interface SubscriptionInput {
  agencyId?: string | undefined;
  channel: Channel;
  target: string;
  secret?: string | undefined;
  events: NotificationEvent[];
  digest: DigestMode;
}

export interface TargetPolicy {
  /**
   * Running locally (`npm start`, tests): plain http:// to a loopback address is accepted, so a
   * receiver on 127.0.0.1 can stand in for a robot. Never in AWS.
   */
  allowLoopbackHttp: boolean;
}

const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
/** A 钉钉 robot's 加签 secret as its settings page shows it: `SEC` and 64 hex digits. */
export const DINGTALK_SECRET = /^SEC[0-9a-f]{64}$/;

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Literal addresses inside a private network: never a target from AWS (a request forged to the VPC). */
function isPrivateAddress(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isLoopbackHost(host) || host === '0.0.0.0' || host.endsWith('.localhost')) return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(host);
  if (v4) {
    const a = Number(v4[1]);
    const b = Number(v4[2]);
    return a === 10 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
  }
  return host.includes(':') && (/^f[cd]/.test(host) || host.startsWith('fe80') || host.startsWith('::ffff:'));
}

const field = (path: string, zh: string, en: string): FieldError => ({ in: 'body', path, message: { zh, en } satisfies Localized });

function checkUrl(input: SubscriptionInput, policy: TargetPolicy): FieldError[] {
  let url: URL;
  try {
    url = new URL(input.target);
  } catch {
    return [field('target', '不是有效的网址', 'is not a valid URL')];
  }
  if (url.username || url.password) return [field('target', '网址中不能含用户名或密码', 'must not carry a user name or password')];
  if (url.protocol === 'http:') {
    if (!(policy.allowLoopbackHttp && isLoopbackHost(url.hostname))) {
      return [field('target', '必须是 https:// 地址（仅本地运行时可用 http:// 指向本机回环地址）', 'must be an https:// URL (plain http:// only to a loopback address when running locally)')];
    }
  } else if (url.protocol !== 'https:') {
    return [field('target', '必须是 https:// 地址', 'must be an https:// URL')];
  } else if (!policy.allowLoopbackHttp && isPrivateAddress(url.hostname)) {
    return [field('target', '不能指向内网或本机地址', 'must not point at a private or loopback address')];
  }
  if (input.channel === 'wecom' && !url.searchParams.get('key')) {
    return [field('target', '企业微信群机器人的 Webhook 地址应带 key 参数', 'a WeCom group robot URL carries a key parameter')];
  }
  if (input.channel === 'dingtalk' && !url.searchParams.get('access_token')) {
    return [field('target', '钉钉机器人的 Webhook 地址应带 access_token 参数', 'a DingTalk robot URL carries an access_token parameter')];
  }
  return [];
}

/** What the schema cannot say: the target's form per channel, and who brings a secret. */
export function checkSubscriptionInput(input: SubscriptionInput, policy: TargetPolicy): FieldError[] {
  const errors: FieldError[] = [];
  if (input.channel === 'email') {
    if (input.target.length > 254 || !EMAIL.test(input.target)) errors.push(field('target', '不是有效的电子邮件地址', 'is not a valid email address'));
  } else {
    errors.push(...checkUrl(input, policy));
  }
  if (input.channel === 'dingtalk') {
    if (input.secret === undefined) errors.push(field('secret', '钉钉机器人须提供加签密钥（以 SEC 开头）', 'a DingTalk robot needs its signing secret (starts with SEC)'));
    else if (!DINGTALK_SECRET.test(input.secret)) errors.push(field('secret', '加签密钥格式不对：应为 SEC 加 64 位十六进制字符', 'must be SEC followed by 64 hexadecimal digits'));
  } else if (input.secret !== undefined) {
    const zh = input.channel === 'webhook' ? '签名密钥由服务器生成，不要提供' : '此渠道不使用密钥';
    const en = input.channel === 'webhook' ? 'the signing secret is generated by the server; do not send one' : 'this channel takes no secret';
    errors.push(field('secret', zh, en));
  }
  return errors;
}

/**
 * The creation-time half of the SSRF guard (the delivery-time half is in http-post.ts): a target
 * whose host name resolves only to private, link-local or (in AWS) loopback addresses is refused
 * with a 400 naming `target`. Call it after `checkSubscriptionInput` found no error. A name that
 * does not resolve now is accepted: an intranet DNS may be briefly down, a robot's domain may be
 * registered later, and every delivery checks the addresses again before connecting (a name that
 * still does not resolve then is a retried network failure; one that resolves to a private
 * address is a failed delivery with the reason). A name with both public and private addresses is
 * accepted here but refused at delivery, where every address must be public.
 */
export async function checkTargetResolves(input: Pick<SubscriptionInput, 'channel' | 'target'>, policy: TargetPolicy, resolve: ResolveAll = resolveAll): Promise<FieldError[]> {
  if (input.channel === 'email') return [];
  let url: URL;
  try {
    url = new URL(input.target);
  } catch {
    return [];
  }
  const host = bareHost(url.hostname);
  if (isIP(host) !== 0) return []; // a literal address: checkSubscriptionInput has judged it
  const local = { allowLoopback: policy.allowLoopbackHttp };
  let addresses: ResolvedAddress[];
  try {
    addresses = await resolve(host);
  } catch {
    return [];
  }
  const reasons = addresses.map((a) => forbiddenReason(a.address, local));
  if (addresses.length === 0 || reasons.some((r) => r === undefined)) return [];
  return [field('target', `目标域名只解析到内网、本机或保留地址，不能作为通知目标（${reasons[0] ?? ''}）`, 'the host name resolves only to private, loopback or reserved addresses')];
}

/** A listing shows where messages go without the token a robot URL carries. */
export function maskTarget(channel: Channel, target: string): string {
  if (channel === 'email') return target;
  const url = new URL(target);
  const keys = [...new Set(url.searchParams.keys())];
  return `${url.origin}${url.pathname}${keys.length > 0 ? `?${keys.map((k) => `${k}=***`).join('&')}` : ''}`;
}

/** Standard Webhooks: `whsec_` and the base64 of 32 random bytes. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The subscription as the API shows it: no sealed values. */
export function subscriptionView(subscription: Subscription) {
  const { targetSealed: _t, secretSealed, targetShown, ...rest } = subscription;
  return { ...rest, target: targetShown, hasSecret: secretSealed !== undefined };
}
