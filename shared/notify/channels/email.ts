import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { Logger } from '../../log/logger';
import type { ChannelContext, OutgoingMessage, SendResult } from './result';

export interface EmailSender {
  send(to: string, subject: string, text: string): Promise<SendResult>;
}

/** SES rejections that retrying will not cure (an unverified sender, a refused message). */
const PERMANENT = new Set(['MessageRejected', 'MailFromDomainNotVerifiedException', 'AccountSuspendedException', 'SendingPausedException', 'NotFoundException', 'BadRequestException']);

/** In AWS: SES v2 SendEmail from a verified identity (NOTIFY_EMAIL_FROM). */
export function sesEmailSender(from: string, client: Pick<SESv2Client, 'send'> = new SESv2Client({})): EmailSender {
  return {
    async send(to, subject, text) {
      try {
        await client.send(
          new SendEmailCommand({
            FromEmailAddress: from,
            Destination: { ToAddresses: [to] },
            Content: { Simple: { Subject: { Data: subject, Charset: 'UTF-8' }, Body: { Text: { Data: text, Charset: 'UTF-8' } } } },
          }),
        );
        return { ok: true, retryable: false };
      } catch (error) {
        const name = error instanceof Error ? error.name : 'Error';
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, retryable: !PERMANENT.has(name), reason: `SES 发送失败（${name}）：${message}`.slice(0, 300) };
      }
    },
  };
}

/** Locally (no SES): the message is logged — subject and recipient, not the text — and counted as delivered. */
export function loggingEmailSender(log: Logger): EmailSender {
  return {
    send(to, subject) {
      log.info('email not sent (local: no SES); logged instead', { to, subject });
      return Promise.resolve({ ok: true, retryable: false, note: '本地运行：仅记录日志，未实际发送' });
    },
  };
}

/** Without a sender address in AWS, email subscriptions fail with a reason instead of vanishing. */
export const unconfiguredEmailSender: EmailSender = {
  send: () => Promise.resolve({ ok: false, retryable: false, reason: '未配置发件地址（NOTIFY_EMAIL_FROM），无法发送电子邮件' }),
};

export function sendEmail(message: OutgoingMessage, ctx: ChannelContext): Promise<SendResult> {
  return ctx.email.send(ctx.target, message.title, message.text);
}
