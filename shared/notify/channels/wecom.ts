import { networkFailure, robotAnswer, type ChannelContext, type OutgoingMessage, type SendResult } from './result';

/** 45009: the robot's rate limit; -1: system busy. */
export const WECOM_RETRYABLE = [45009, -1];

/**
 * 企业微信 群机器人: "每个机器人发送的消息不能超过20条/分钟" (developer.work.weixin.qq.com/document/path/91770,
 * 消息发送频率限制); over it the robot answers errcode 45009 (api freq out of limit). Whether the
 * minute is fixed or sliding is not documented, so the wait is a whole minute.
 */
export const WECOM_PER_MINUTE = 20;
export const WECOM_RATE_LIMITS: Readonly<Record<number, number>> = { 45009: 60_000 };

/** The robot's documented markdown message (企业微信 群机器人). */
export function wecomPayload(message: OutgoingMessage) {
  return { msgtype: 'markdown', markdown: { content: message.markdown } };
}

/** 企业微信 group robot: POST to its webhook URL (the `key` is in the URL). */
export async function sendWecom(message: OutgoingMessage, ctx: ChannelContext): Promise<SendResult> {
  try {
    const answer = await ctx.post(ctx.target, JSON.stringify(wecomPayload(message)), {}, ctx.timeoutMs);
    return robotAnswer('企业微信', answer, WECOM_RETRYABLE, WECOM_RATE_LIMITS, ctx.now());
  } catch (error) {
    return networkFailure(error);
  }
}
