import { systemClock, type Clock } from '../domain/clock';
import { logger } from '../log/logger';
import { DynamoAgencyRepository } from '../store/agency-store';
import { DynamoAlertRepository } from '../store/alert-store';
import { DynamoDeliveryRepository } from '../store/delivery-store';
import { DynamoPaceCounter } from '../store/pace-store';
import { DynamoSubscriptionRepository } from '../store/subscription-store';
import type { Table } from '../store/table';
import { loggingEmailSender, sesEmailSender, unconfiguredEmailSender, type EmailSender } from './channels/email';
import { Notifier, type NotifierDeps } from './deliver';
import { guardedPostJson } from './http-post';
import { localPublisher } from './local-runner';
import { secretBoxFromEnv } from './secret-box';

export const DEFAULT_CONSOLE_BASE_URL = 'http://localhost:3000';

/** NOTIFY_MAX_ATTEMPTS: tries per delivery; in AWS the stack sets it to the queue's maxReceiveCount. */
export function maxAttemptsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.NOTIFY_MAX_ATTEMPTS);
  return Number.isInteger(value) && value >= 1 && value <= 20 ? value : 4;
}

/** NOTIFY_QUEUE_URL: the notifier queue's URL (the stack sets it), for ChangeMessageVisibility. */
export function queueUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.NOTIFY_QUEUE_URL || undefined;
}

/**
 * Email: SES from NOTIFY_EMAIL_FROM in AWS; locally (no SES) messages are logged, not sent; in AWS
 * without a sender, email deliveries fail with that reason.
 */
function emailFromEnv(env: NodeJS.ProcessEnv, local: boolean): EmailSender {
  if (env.NOTIFY_EMAIL_FROM && !local) return sesEmailSender(env.NOTIFY_EMAIL_FROM);
  return local ? loggingEmailSender(logger.child({ component: 'email' })) : unconfiguredEmailSender;
}

/** The notifier wired to a table and the environment (the Lambda, the subscriptions API and `npm start`). */
export function notifierDeps(table: Table, options: { clock?: Clock; local?: boolean; env?: NodeJS.ProcessEnv } = {}): NotifierDeps {
  const env = options.env ?? process.env;
  const local = options.local ?? env.DYNAMODB_ENDPOINT !== undefined;
  return {
    subscriptions: new DynamoSubscriptionRepository(table),
    deliveries: new DynamoDeliveryRepository(table),
    alerts: new DynamoAlertRepository(table),
    agencies: new DynamoAgencyRepository(table),
    box: secretBoxFromEnv(env),
    // Locally a receiver on 127.0.0.1 stands in for the robots; in AWS loopback is refused too.
    post: guardedPostJson({ allowLoopback: local }),
    pace: new DynamoPaceCounter(table),
    email: emailFromEnv(env, local),
    clock: options.clock ?? systemClock,
    log: logger.child({ component: 'notifier' }),
    consoleBaseUrl: env.CONSOLE_BASE_URL ?? DEFAULT_CONSOLE_BASE_URL,
  };
}

/**
 * What the subscription routes need besides the shared deps: the stores, the secret box, the
 * notifier for test messages and the target policy (`local`: http:// to loopback is allowed).
 */
export function subscriptionRouteDeps(table: Table, options: { clock?: Clock; local: boolean; notify?: Partial<NotifierDeps> }) {
  const deps = { ...notifierDeps(table, { local: options.local, ...(options.clock ? { clock: options.clock } : {}) }), ...options.notify };
  return {
    subscriptions: deps.subscriptions,
    deliveries: deps.deliveries,
    secretBox: deps.box,
    notifier: new Notifier(deps),
    targetPolicy: { allowLoopbackHttp: options.local },
  };
}

/**
 * Locally (`npm start`, `npm run sweep`): what the sweep would put on the bus is delivered right
 * after it by the same Notifier (NOTIFY_MAX_ATTEMPTS tries, pauses of 1, 2, 4 s; a burst to one
 * robot goes out 20 a minute).
 */
export function localSweepPublisher(table: Table, options: { clock?: Clock } = {}) {
  const deps = notifierDeps(table, { local: true, ...(options.clock ? { clock: options.clock } : {}) });
  return localPublisher(new Notifier(deps), { maxAttempts: maxAttemptsFromEnv(), log: deps.log });
}
