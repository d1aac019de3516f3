import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { sesEmailSender } from '../../shared/notify/channels/email';

const ses = mockClient(SESv2Client);

afterEach(() => ses.reset());

const failure = (name: string) => Object.assign(new Error(`${name} happened`), { name });

describe('the SES email sender (loaded on the first email)', () => {
  it('sends a plain UTF-8 message from the configured sender', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    const result = await sesEmailSender('fazhi@example.gov.cn').send('office@example.gov.cn', '期限临近：潞复〔2025〕3号', '正文');
    expect(result).toMatchObject({ ok: true });
    const sent = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(sent).toMatchObject({
      FromEmailAddress: 'fazhi@example.gov.cn',
      Destination: { ToAddresses: ['office@example.gov.cn'] },
      Content: { Simple: { Subject: { Data: '期限临近：潞复〔2025〕3号', Charset: 'UTF-8' }, Body: { Text: { Data: '正文', Charset: 'UTF-8' } } } },
    });
  });

  it('gives up on a rejection retrying cannot cure, and retries a throttled or failed call', async () => {
    ses.on(SendEmailCommand).rejectsOnce(failure('MessageRejected')).rejectsOnce(failure('TooManyRequestsException'));
    const sender = sesEmailSender('fazhi@example.gov.cn');
    const rejected = await sender.send('office@example.gov.cn', 's', 't');
    expect(rejected).toMatchObject({ ok: false, retryable: false, reason: expect.stringContaining('SES 发送失败（MessageRejected）') });
    expect(await sender.send('office@example.gov.cn', 's', 't')).toMatchObject({ ok: false, retryable: true });
  });
});
