import { createHmac } from 'node:crypto';
import { byStatus, networkFailure, type ChannelContext, type OutgoingMessage, type SendResult } from './result';

/**
 * Standard Webhooks: `v1,` and the base64 HMAC-SHA256 of `${id}.${timestamp}.${body}`, keyed by
 * the base64-decoded part of the secret after `whsec_`.
 */
export function webhookSignature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** A signed POST; `webhook-id` is the delivery's id, the same on every retry, so receivers can drop repeats. */
export async function sendWebhook(message: OutgoingMessage, ctx: ChannelContext): Promise<SendResult> {
  if (!ctx.secret) return { ok: false, retryable: false, reason: '缺少签名密钥' };
  const body = JSON.stringify(message.webhook);
  const timestamp = Math.floor(ctx.now() / 1000);
  try {
    const answer = await ctx.post(
      ctx.target,
      body,
      {
        'webhook-id': ctx.deliveryId,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': webhookSignature(ctx.secret, ctx.deliveryId, timestamp, body),
      },
      ctx.timeoutMs,
    );
    return byStatus(answer, ctx.now());
  } catch (error) {
    return networkFailure(error);
  }
}
