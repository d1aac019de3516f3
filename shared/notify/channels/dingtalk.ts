import { createHmac } from 'node:crypto';
import { networkFailure, robotAnswer, type ChannelContext, type OutgoingMessage, type SendResult } from './result';

/** 130101: sending too fast; -1: system busy. 310000 (sign, keyword, IP) is not retried. */
export const DINGTALK_RETRYABLE = [130101, -1];

/**
 * 钉钉 自定义机器人, 消息发送频率限制: "每个机器人每分钟最多发送20条"
 * (https://open.dingtalk.com/document/group/custom-robot-access); over it the robot answers errcode
 * 130101 "send too fast, exceed 20 times per minute" and "会限流10分钟" (as quoted, with that answer,
 * in https://blog.csdn.net/jialiuyang/article/details/118615052), so the wait is ten minutes.
 */
export const DINGTALK_PER_MINUTE = 20;
export const DINGTALK_RATE_LIMITS: Readonly<Record<number, number>> = { 130101: 10 * 60_000 };

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
    return robotAnswer('钉钉', answer, DINGTALK_RETRYABLE, DINGTALK_RATE_LIMITS, ctx.now());
  } catch (error) {
    return networkFailure(error);
  }
}
