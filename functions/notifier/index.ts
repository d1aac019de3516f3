// The notifier: alerts, deemed acceptances, monthly reports and the daily digest from the bus,
// through the SQS queue, to each subscription once (partial batch failures with a backoff set by
// ChangeMessageVisibility; the queue's DLQ).
import { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { Notifier } from '../../shared/notify/deliver';
import { maxAttemptsFromEnv, notifierDeps, queueUrlFromEnv } from '../../shared/notify/notifier-deps';
import { handleSqsBatch } from '../../shared/notify/sqs';
import { tableFromEnv } from '../../shared/store/from-env';

const deps = notifierDeps(tableFromEnv());
const notifier = new Notifier(deps);
const maxAttempts = maxAttemptsFromEnv();
const queueUrl = queueUrlFromEnv();
const sqs = new SQSClient({});

export const handler = (event: SQSEvent): Promise<SQSBatchResponse> =>
  handleSqsBatch(notifier, event, { maxAttempts, log: deps.log, sqs, ...(queueUrl ? { queueUrl } : {}) });
