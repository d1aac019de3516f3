import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { Logger } from '../log/logger';
import type { BusEvent, Notifier } from './deliver';

/**
 * The notifier Lambda's batch: each SQS message is an EventBridge event the alerts rule forwarded.
 * A message with a delivery to retry is reported in `batchItemFailures`, so SQS makes it visible
 * again after the visibility timeout (the backoff) while the others are deleted. On the message's
 * last receive (`maxAttempts`, the queue's maxReceiveCount) a delivery that still fails is recorded
 * `failed` with its reason, and the message is reported once more so it ends on the DLQ (the DLQ
 * alarm tells the operators; a redrive tries exactly those deliveries again).
 */
export async function handleSqsBatch(notifier: Notifier, event: SQSEvent, maxAttempts: number, log: Logger): Promise<SQSBatchResponse> {
  const work: { messageId: string; event: BusEvent; attempt: { number: number; final: boolean } }[] = [];
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
    work.push({ messageId: record.messageId, event: { detailType: parsed['detail-type'], detail: parsed.detail }, attempt: { number, final: number >= maxAttempts } });
  }
  let results;
  try {
    results = await notifier.run(work);
  } catch (error) {
    // Subscriptions could not even be read: every message is tried again.
    log.error('notifier batch failed', { error });
    return { batchItemFailures: work.map((w) => ({ itemIdentifier: w.messageId })) };
  }
  return {
    batchItemFailures: work.filter((_, i) => results[i]?.retry || results[i]?.exhausted).map((w) => ({ itemIdentifier: w.messageId })),
  };
}
