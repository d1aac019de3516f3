import type { Channel } from '../../domain/notifications';
import { sendDingtalk } from './dingtalk';
import { sendEmail } from './email';
import type { ChannelContext, OutgoingMessage, SendResult } from './result';
import { sendWebhook } from './webhook';
import { sendWecom } from './wecom';

const senders: Record<Channel, (message: OutgoingMessage, ctx: ChannelContext) => Promise<SendResult>> = {
  wecom: sendWecom,
  dingtalk: sendDingtalk,
  webhook: sendWebhook,
  email: sendEmail,
};

export function sendOn(channel: Channel, message: OutgoingMessage, ctx: ChannelContext): Promise<SendResult> {
  return senders[channel](message, ctx);
}
