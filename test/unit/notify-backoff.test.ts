import { ChangeMessageVisibilityCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Logger, setLogLevel, setLogSink, type LogSink } from '../../shared/log/logger';
import { AWS_BACKOFF, LOCAL_BACKOFF, MAX_DELAY_MS, retryAfterMs, retryDelayMs } from '../../shared/notify/backoff';
import type { RunResult } from '../../shared/notify/deliver';
import { handleSqsBatch, queueUrlOf } from '../../shared/notify/sqs';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const middle = () => 0.5;

describe('the backoff schedule', () => {
  it('in AWS waits 30 s, 2 min, 8 min, 32 min, then 2 h after each failed try (jitter at its middle)', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((tries) => retryDelayMs(tries, AWS_BACKOFF, { random: middle }))).toEqual([30_000, 2 * MINUTE, 8 * MINUTE, 32 * MINUTE, 2 * HOUR, 2 * HOUR, 2 * HOUR]);
  });

  it('spreads each pause by ±20 % at random', () => {
    expect(retryDelayMs(2, AWS_BACKOFF, { random: () => 0 })).toBe(0.8 * 2 * MINUTE);
    expect(retryDelayMs(2, AWS_BACKOFF, { random: () => 1 })).toBe(1.2 * 2 * MINUTE);
  });

  it('over the queue’s 8 receives adds up to about 6¾ hours before the DLQ: well within the 4 days a message is kept', () => {
    const total = [1, 2, 3, 4, 5, 6, 7].reduce((sum, tries) => sum + retryDelayMs(tries, AWS_BACKOFF, { random: middle }), 0);
    expect(total).toBe(30_000 + 42 * MINUTE + 6 * HOUR);
    expect(total).toBeLessThan(4 * 24 * HOUR);
  });

  it('never comes back sooner than the target asked, and never later than SQS allows', () => {
    expect(retryDelayMs(1, AWS_BACKOFF, { random: middle, hintMs: 10 * MINUTE })).toBe(10 * MINUTE);
    expect(retryDelayMs(4, AWS_BACKOFF, { random: middle, hintMs: MINUTE })).toBe(32 * MINUTE);
    expect(retryDelayMs(1, AWS_BACKOFF, { hintMs: 30 * HOUR })).toBe(MAX_DELAY_MS);
    expect(MAX_DELAY_MS).toBeLessThan(12 * HOUR);
  });

  it('waits only for the hint when no try failed (a delivery deferred by pacing)', () => {
    expect(retryDelayMs(0, AWS_BACKOFF, { hintMs: 42_000 })).toBe(42_000);
    expect(retryDelayMs(0, AWS_BACKOFF)).toBe(0);
  });

  it('locally keeps the pauses of 1, 2 and 4 s', () => {
    expect([1, 2, 3].map((tries) => retryDelayMs(tries, LOCAL_BACKOFF))).toEqual([1000, 2000, 4000]);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2025-03-05T00:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Wed, 05 Mar 2025 00:05:00 GMT', now)).toBe(5 * MINUTE);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});

describe('the notifier Lambda sets the visibility of the messages it retries', () => {
  const sqsMock = mockClient(SQSClient);
  const sqs = new SQSClient({ region: 'cn-north-1' });
  const log = new Logger({ component: 'test' });
  let lines: string[];
  let previousSink: LogSink;
  let previousLevel: ReturnType<typeof setLogLevel>;

  beforeEach(() => {
    sqsMock.reset();
    lines = [];
    previousSink = setLogSink((line) => lines.push(line));
    previousLevel = setLogLevel('INFO');
  });
  afterEach(() => {
    setLogSink(previousSink);
    setLogLevel(previousLevel);
  });

  const ARN = 'arn:aws-cn:sqs:cn-north-1:123456789012:notifications';
  const record = (id: string, receiveCount: number) => ({
    messageId: id,
    receiptHandle: `handle-${id}`,
    body: JSON.stringify({ 'detail-type': 'alert', detail: { id } }),
    attributes: { ApproximateReceiveCount: String(receiveCount), SentTimestamp: '1741132805000', SenderId: 'events', ApproximateFirstReceiveTimestamp: '1741132805000' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: ARN,
    awsRegion: 'cn-north-1',
  });
  const outcome = (r: Partial<RunResult>): RunResult => ({ retry: false, exhausted: false, delivered: 0, failed: 0, deferred: 0, tries: 0, ...r });
  /** A notifier answering each message with the result named by its id. */
  const notifier = (results: Record<string, RunResult>) => ({
    run: (events: readonly { event: { detail: unknown } }[]) => Promise.resolve(events.map(({ event }) => results[(event.detail as { id: string }).id] ?? outcome({}))),
  });
  const batch: SQSEvent = { Records: [record('first', 1), record('second', 2), record('third', 3), record('done', 1), record('last', 5), record('paced', 2)] };
  const results = {
    first: outcome({ retry: true, tries: 1 }),
    second: outcome({ retry: true, tries: 2 }),
    third: outcome({ retry: true, tries: 3 }),
    done: outcome({ delivered: 1 }),
    last: outcome({ exhausted: true, failed: 1 }),
    paced: outcome({ retry: true, deferred: 1, tries: 0, retryHintMs: 41_500 }),
  };

  it('calls ChangeMessageVisibility with the growing backoff for the retried messages only, before reporting them', async () => {
    sqsMock.on(ChangeMessageVisibilityCommand).resolves({});
    const response = await handleSqsBatch(notifier(results), batch, { maxAttempts: 5, log, sqs, random: middle });
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['first', 'last', 'paced', 'second', 'third']);
    const calls = sqsMock.commandCalls(ChangeMessageVisibilityCommand).map((c) => c.args[0].input);
    expect(calls.sort((a, b) => (a.VisibilityTimeout ?? 0) - (b.VisibilityTimeout ?? 0))).toEqual([
      { QueueUrl: 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/notifications', ReceiptHandle: 'handle-first', VisibilityTimeout: 30 },
      { QueueUrl: 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/notifications', ReceiptHandle: 'handle-paced', VisibilityTimeout: 42 },
      { QueueUrl: 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/notifications', ReceiptHandle: 'handle-second', VisibilityTimeout: 120 },
      { QueueUrl: 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/notifications', ReceiptHandle: 'handle-third', VisibilityTimeout: 480 },
    ]);
  });

  it('uses the queue URL the stack gives when there is one', async () => {
    sqsMock.on(ChangeMessageVisibilityCommand).resolves({});
    await handleSqsBatch(notifier(results), { Records: [record('first', 1)] }, { maxAttempts: 5, log, sqs, random: middle, queueUrl: 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/given' });
    expect(sqsMock.commandCalls(ChangeMessageVisibilityCommand)[0]?.args[0].input.QueueUrl).toBe('https://sqs.cn-north-1.amazonaws.com.cn/123456789012/given');
  });

  it('still reports the messages as failures when ChangeMessageVisibility fails: they come back after the queue’s timeout', async () => {
    sqsMock.on(ChangeMessageVisibilityCommand).rejects(new Error('AccessDenied'));
    const response = await handleSqsBatch(notifier(results), batch, { maxAttempts: 5, log, sqs, random: middle });
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['first', 'last', 'paced', 'second', 'third']);
    expect(sqsMock.commandCalls(ChangeMessageVisibilityCommand)).toHaveLength(4);
    const warnings = lines.map((l) => JSON.parse(l) as { level: string; message: string; messageId?: string }).filter((l) => l.level === 'WARN');
    expect(warnings.map((w) => w.messageId).sort()).toEqual(['first', 'paced', 'second', 'third']);
  });

  it('derives the queue URL from the record’s ARN in both partitions', () => {
    expect(queueUrlOf(ARN)).toBe('https://sqs.cn-north-1.amazonaws.com.cn/123456789012/notifications');
    expect(queueUrlOf('arn:aws:sqs:eu-west-1:123456789012:q')).toBe('https://sqs.eu-west-1.amazonaws.com/123456789012/q');
    expect(queueUrlOf('not an arn')).toBeUndefined();
  });
});
