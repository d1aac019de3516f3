import { networkFailure, robotAnswer, type ChannelContext, type OutgoingMessage, type SendResult } from './result';

/** 45009: the robot's rate limit (20 messages a minute); -1: system busy. */
export const WECOM_RETRYABLE = [45009, -1];

/** The robot's documented markdown message (企业微信 群机器人). */
export function wecomPayload(message: OutgoingMessage) {
  return { msgtype: 'markdown', markdown: { content: message.markdown } };
}

/** 企业微信 group robot: POST to its webhook URL (the `key` is in the URL). */
export async function sendWecom(message: OutgoingMessage, ctx: ChannelContext): Promise<SendResult> {
  try {
    const answer = await ctx.post(ctx.target, JSON.stringify(wecomPayload(message)), {}, ctx.timeoutMs);
    return robotAnswer('企业微信', answer, WECOM_RETRYABLE);
  } catch (error) {
    return networkFailure(error);
  }
}
