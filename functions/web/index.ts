// The console (法治工作台): GET /, /login, /login/start, /auth/callback, POST /logout, /console/*
import type { APIGatewayProxyEventV2, Context as LambdaContext } from 'aws-lambda';
import type { LedgerDeps } from '../../shared/app/import-ledger';
import { backgroundImportStarter } from '../../shared/app/ledger-deps';
import { systemClock } from '../../shared/domain/clock';
import { loadCursorSecret } from '../../shared/http/cursor';
import { lambdaHandler } from '../../shared/http/lambda';
import { subscriptionRouteDeps } from '../../shared/notify/notifier-deps';
import { hearingLeadDaysFromEnv } from '../../shared/settings';
import { DynamoAgencyRepository } from '../../shared/store/agency-store';
import { DynamoAlertRepository } from '../../shared/store/alert-store';
import { cachedCalendar, DynamoCalendarRepository } from '../../shared/store/calendar-store';
import { DynamoCaseRepository } from '../../shared/store/case-store';
import { DynamoDeadlineBoard } from '../../shared/store/deadline-store';
import { tableFromEnv } from '../../shared/store/from-env';
import { DynamoHearingRepository } from '../../shared/store/hearing-store';
import { DynamoLedgerStore } from '../../shared/store/ledger-store';
import { logger } from '../../shared/log/logger';
import { newId } from '../../shared/store/ids';
import { DynamoReportRepository } from '../../shared/store/report-store';
import { DynamoStatisticsStore } from '../../shared/store/stats-store';
import { createConsoleApp, type ConsoleDeps } from '../../shared/web/console-app';
import { sessionSecretFromEnv, signInFromEnv } from '../../shared/web/settings';

const table = tableFromEnv();
const calendars = new DynamoCalendarRepository(table);
const ledgerStore = new DynamoLedgerStore(table);
// A background import never starts another: runLedgerImport does not call startImport.
const noNestedStart = async (): Promise<void> => {};

const deps: ConsoleDeps = {
  agencies: new DynamoAgencyRepository(table),
  cases: new DynamoCaseRepository(table),
  calendar: cachedCalendar(calendars),
  // The holiday calendar's corrections (PUT /calendar/{year}'s use case): open deadlines recomputed.
  calendars,
  board: new DynamoDeadlineBoard(table),
  hearings: new DynamoHearingRepository(table),
  hearingLeadDays: hearingLeadDaysFromEnv(),
  statistics: new DynamoStatisticsStore(table),
  reports: new DynamoReportRepository(table),
  alerts: new DynamoAlertRepository(table),
  clock: systemClock,
  newId,
  // The notification subscriptions page: the use cases of /subscriptions, with the same sealing key
  // (NOTIFY_KEY_SECRET_ARN, granted by the stack) and the same target policy as api-notifications.
  ...subscriptionRouteDeps(table, { local: process.env.DYNAMODB_ENDPOINT !== undefined }),
  // The ledger upload: a large import goes to the ledger-import function, as from api-ledger.
  ledger: ledgerStore,
  startImport: backgroundImportStarter(process.env.EVENT_BUS_NAME, (): LedgerDeps => ({ ...deps, ledger: ledgerStore, startImport: noNestedStart, log: logger })),
};

type Handler = (event: APIGatewayProxyEventV2, context?: LambdaContext) => ReturnType<ReturnType<typeof lambdaHandler>>;
let ready: Promise<Handler> | undefined;

/** Built on the first request: the session key is read from Secrets Manager once per container. */
async function build(): Promise<Handler> {
  const app = createConsoleApp({ deps, signIn: signInFromEnv(), sessionSecret: await sessionSecretFromEnv() });
  return lambdaHandler(app);
}

export const handler: Handler = async (event, context) => {
  // Lists page with signed cursors: the key is read (and cached) like the API functions do.
  await loadCursorSecret();
  ready ??= build().catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  return (await ready)(event, context);
};
