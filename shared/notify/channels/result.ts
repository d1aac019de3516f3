import { retryAfterMs } from '../backoff';
import type { EmailSender } from './email';
import { RefusedTarget, type HttpAnswer, type PostJson } from '../http-post';

/** How one attempt went: delivered, worth another try later, or failed for good. */
export interface SendResult {
  ok: boolean;
  /** a timeout, a 5xx, a 429 or a robot's rate-limit answer: try again later */
  retryable: boolean;
  /** why it failed, in Chinese (shown in the delivery log) */
  reason?: string;
  httpStatus?: number;
  /** the least wait before the next try, when the target said (`Retry-After`, a robot's rate-limit code) */
  retryAfterMs?: number;
  /** e.g. `local: logged, not sent` for email without SES */
  note?: string;
}

/** A message in the forms the channels need; built by message.ts, never with a party's name. */
export interface OutgoingMessage {
  /** a short title (钉钉's notification title, the email subject) */
  title: string;
  /** Markdown for the robots */
  markdown: string;
  /** plain text for email */
  text: string;
  /** the Standard Webhooks body: `{ type, timestamp, data }` */
  webhook: { type: string; timestamp: string; data: unknown };
}

export interface ChannelContext {
  /** the full target (opened from its sealed form) */
  target: string;
  secret?: string;
  /** stable across retries: the Standard Webhooks `webhook-id` */
  deliveryId: string;
  post: PostJson;
  email: EmailSender;
  /** the wall clock for the transport's timestamps (signatures are checked against real time) */
  now: () => number;
  timeoutMs: number;
}

export const delivered = (httpStatus?: number): SendResult => ({ ok: true, retryable: false, ...(httpStatus !== undefined ? { httpStatus } : {}) });

export function networkFailure(error: unknown): SendResult {
  // A target whose address is private (SSRF guard): refused for good, retrying will not change it.
  if (error instanceof RefusedTarget) return { ok: false, retryable: false, reason: error.reason };
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, retryable: true, reason: `网络错误或超时：${message}` };
}

/**
 * An HTTP answer by its status: 2xx delivered; 408, 425, 429 and 5xx retried (no sooner than its
 * `Retry-After`, RFC 9110 §10.2.3); anything else refused.
 */
export function byStatus(answer: HttpAnswer, nowMs: number = Date.now()): SendResult {
  const { status } = answer;
  if (status >= 200 && status < 300) return delivered(status);
  const snippet = answer.body.slice(0, 200);
  if (status === 408 || status === 425 || status === 429 || status >= 500) {
    const wait = retryAfterMs(answer.headers['retry-after'], nowMs);
    return {
      ok: false,
      retryable: true,
      httpStatus: status,
      reason: `目标暂时不可用（HTTP ${status}）${snippet ? `：${snippet}` : ''}`,
      ...(wait !== undefined ? { retryAfterMs: wait } : {}),
    };
  }
  if (status >= 300 && status < 400) return { ok: false, retryable: false, httpStatus: status, reason: `目标地址已重定向（HTTP ${status}），请更新订阅地址` };
  return { ok: false, retryable: false, httpStatus: status, reason: `目标拒绝接收（HTTP ${status}）${snippet ? `：${snippet}` : ''}` };
}

/**
 * 企业微信 and 钉钉 robots answer HTTP 200 with `{ errcode, errmsg }`: 0 is delivered, the listed
 * rate-limit or busy codes are retried, any other code is a configuration error (wrong key, sign,
 * keyword, IP allow-list) that retrying will not fix. A rate-limit code (`rateLimits`: code → the
 * least wait) is retried no sooner than that.
 */
export function robotAnswer(
  robot: string,
  answer: HttpAnswer,
  retryableCodes: readonly number[],
  rateLimits: Readonly<Record<number, number>> = {},
  nowMs: number = Date.now(),
): SendResult {
  const byHttp = byStatus(answer, nowMs);
  if (!byHttp.ok) return byHttp;
  let parsed: { errcode?: unknown; errmsg?: unknown };
  try {
    parsed = JSON.parse(answer.body) as { errcode?: unknown; errmsg?: unknown };
  } catch {
    return { ok: false, retryable: true, httpStatus: answer.status, reason: `${robot}的应答不是 JSON` };
  }
  const code = typeof parsed.errcode === 'number' ? parsed.errcode : Number(parsed.errcode);
  if (code === 0) return delivered(answer.status);
  const reason = `${robot}返回错误 ${String(parsed.errcode)}：${String(parsed.errmsg ?? '')}`.slice(0, 300);
  const wait = rateLimits[code];
  return { ok: false, retryable: retryableCodes.includes(code) || wait !== undefined, httpStatus: answer.status, reason, ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
}
