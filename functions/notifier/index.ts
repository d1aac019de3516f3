// The notifier: alerts, deemed acceptances, monthly reports and the daily digest from the bus,
// through the SQS queue, to each subscription once (partial batch failures; the queue's DLQ).
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { Notifier } from '../../shared/notify/deliver';
import { maxAttemptsFromEnv, notifierDeps } from '../../shared/notify/notifier-deps';
import { handleSqsBatch } from '../../shared/notify/sqs';
import { tableFromEnv } from '../../shared/store/from-env';

const deps = notifierDeps(tableFromEnv());
const notifier = new Notifier(deps);
const maxAttempts = maxAttemptsFromEnv();

export const handler = (event: SQSEvent): Promise<SQSBatchResponse> => handleSqsBatch(notifier, event, maxAttempts, deps.log);
