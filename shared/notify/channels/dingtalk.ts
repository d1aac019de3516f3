import { createHmac } from 'node:crypto';
import { networkFailure, robotAnswer, type ChannelContext, type OutgoingMessage, type SendResult } from './result';

/** 130101: sending too fast (20 a minute); -1: system busy. 310000 (sign, keyword, IP) is not retried. */
export const DINGTALK_RETRYABLE = [130101, -1];

/** 加签: base64 of HMAC-SHA256 over `${timestamp}\n${secret}`, keyed by the secret. */
export function dingtalkSign(timestamp: number, secret: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

/** The robot's URL with `&timestamp=…&sign=…` (urlencoded) appended; the timestamp is in milliseconds. */
export function signedDingtalkUrl(target: string, secret: string, timestamp: number): string {
  return `${target}${target.includes('?') ? '&' : '?'}timestamp=${timestamp}&sign=${encodeURIComponent(dingtalkSign(timestamp, secret))}`;
}

export function dingtalkPayload(message: OutgoingMessage) {
  return { msgtype: 'markdown', markdown: { title: message.title, text: message.markdown } };
}

/** 钉钉 custom robot with 加签 (the timestamp must be within an hour of DingTalk's clock). */
export async function sendDingtalk(message: OutgoingMessage, ctx: ChannelContext): Promise<SendResult> {
  if (!ctx.secret) return { ok: false, retryable: false, reason: '缺少钉钉加签密钥' };
  try {
    const url = signedDingtalkUrl(ctx.target, ctx.secret, ctx.now());
    const answer = await ctx.post(url, JSON.stringify(dingtalkPayload(message)), {}, ctx.timeoutMs);
    return robotAnswer('钉钉', answer, DINGTALK_RETRYABLE);
  } catch (error) {
    return networkFailure(error);
  }
}
