import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Logger } from '../log/logger';
import { AWS_BACKOFF, retryDelayMs, type BackoffSchedule } from './backoff';
import type { BusEvent, Notifier, RunResult } from './deliver';

export interface SqsBatchOptions {
  /** the queue's maxReceiveCount: on that receive a delivery still failing is recorded failed */
  maxAttempts: number;
  log: Logger;
  /** sets each retried message's visibility (the backoff); without it the queue's timeout applies */
  sqs?: Pick<SQSClient, 'send'>;
  /** NOTIFY_QUEUE_URL, set by the stack; else derived from the record's eventSourceARN */
  queueUrl?: string;
  schedule?: BackoffSchedule;
  random?: () => number;
}

/**
 * The notifier Lambda's batch: each SQS message is an EventBridge event the alerts rule forwarded.
 * A message with a delivery to retry is reported in `batchItemFailures`, and before that its
 * visibility is set to the backoff (backoff.ts: 30 s, 2 min, 8 min, 32 min, then 2 h, with jitter,
 * never sooner than a `Retry-After`, a robot's rate-limit answer or the next pacing minute) with
 * ChangeMessageVisibility; if that call fails the message simply comes back after the queue's
 * visibility timeout — it is never lost. The others are deleted. On the message's last receive
 * (`maxAttempts`, the queue's maxReceiveCount) a delivery that still fails is recorded `failed`
 * with its reason, and the message is reported once more so it ends on the DLQ (the DLQ alarm
 * tells the operators; a redrive tries exactly those deliveries again).
 */
export async function handleSqsBatch(notifier: Pick<Notifier, 'run'>, event: SQSEvent, options: SqsBatchOptions): Promise<SQSBatchResponse> {
  const { log, maxAttempts } = options;
  const work: { record: SQSRecord; event: BusEvent; attempt: { number: number; final: boolean } }[] = [];
  for (const record of event.Records) {
    let parsed: { 'detail-type'?: unknown; detail?: unknown };
    try {
      parsed = JSON.parse(record.body) as typeof parsed;
    } catch {
      log.error('an SQS message that is not an EventBridge event was dropped', { messageId: record.messageId });
      continue;
    }
    if (typeof parsed['detail-type'] !== 'string' || typeof parsed.detail !== 'object' || parsed.detail === null) {
      log.error('an SQS message without detail-type and detail was dropped', { messageId: record.messageId });
      continue;
    }
    const number = Number(record.attributes.ApproximateReceiveCount) || 1;
    work.push({ record, event: { detailType: parsed['detail-type'], detail: parsed.detail }, attempt: { number, final: number >= maxAttempts } });
  }
  let results: RunResult[];
  try {
    results = await notifier.run(work);
  } catch (error) {
    // Subscriptions could not even be read: every message is tried again, on the same schedule.
    log.error('notifier batch failed', { error });
    await Promise.all(work.filter((w) => !w.attempt.final).map((w) => delay(w.record, { tries: w.attempt.number, deferred: 0 }, options)));
    return { batchItemFailures: work.map((w) => ({ itemIdentifier: w.record.messageId })) };
  }
  const failures = work.filter((_, i) => results[i]?.retry || results[i]?.exhausted);
  await Promise.all(
    work.map(async (w, i) => {
      const result = results[i];
      // An exhausted message goes on to the DLQ at its next receive: no point delaying it.
      if (!result?.retry || result.exhausted) return;
      await delay(w.record, result, options);
    }),
  );
  return { batchItemFailures: failures.map((w) => ({ itemIdentifier: w.record.messageId })) };
}

async function delay(record: SQSRecord, result: Pick<RunResult, 'tries' | 'deferred' | 'retryHintMs'>, options: SqsBatchOptions): Promise<void> {
  if (!options.sqs) return;
  const seconds = Math.ceil(
    retryDelayMs(result.tries, options.schedule ?? AWS_BACKOFF, { ...(result.retryHintMs !== undefined ? { hintMs: result.retryHintMs } : {}), ...(options.random ? { random: options.random } : {}) }) / 1000,
  );
  const queueUrl = options.queueUrl ?? queueUrlOf(record.eventSourceARN);
  try {
    if (!queueUrl) throw new Error(`no queue URL for ${record.eventSourceARN}`);
    await options.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: record.receiptHandle, VisibilityTimeout: seconds }));
    options.log.info('notification message comes back later', { messageId: record.messageId, visibilityTimeout: seconds, tries: result.tries, deferred: result.deferred });
  } catch (error) {
    options.log.warn('could not set the message’s visibility; it comes back after the queue’s timeout', { error, messageId: record.messageId, wanted: seconds });
  }
}

/** arn:aws-cn:sqs:cn-north-1:123456789012:notifications → https://sqs.cn-north-1.amazonaws.com.cn/123456789012/notifications */
export function queueUrlOf(arn: string): string | undefined {
  const [prefix, partition, service, region, account, name] = arn.split(':');
  if (prefix !== 'arn' || service !== 'sqs' || !region || !account || !name) return undefined;
  const domain = partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://sqs.${region}.${domain}/${account}/${name}`;
}
