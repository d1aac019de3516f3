// The console's Lambda handler, shared by `web` (every page but the ledger upload) and `web-ledger`
// (the upload pages, /console/imports…): the same deps, session key, sign-in and cursor key.
import type { APIGatewayProxyEventV2, Context as LambdaContext } from 'aws-lambda';
import { systemClock } from '../../shared/domain/clock';
import { loadCursorSecret } from '../../shared/http/cursor';
import { lambdaHandler } from '../../shared/http/lambda';
import { hearingLeadDaysFromEnv } from '../../shared/settings';
import { DynamoAgencyRepository } from '../../shared/store/agency-store';
import { DynamoAlertRepository } from '../../shared/store/alert-store';
import { cachedCalendar, DynamoCalendarRepository } from '../../shared/store/calendar-store';
import { DynamoCaseRepository } from '../../shared/store/case-store';
import { DynamoDeadlineBoard } from '../../shared/store/deadline-store';
import { DynamoHearingRepository } from '../../shared/store/hearing-store';
import { newId } from '../../shared/store/ids';
import { DynamoReportRepository } from '../../shared/store/report-store';
import { DynamoStatisticsStore } from '../../shared/store/stats-store';
import type { Table } from '../../shared/store/table';
import { createConsoleApp, type ConsoleDeps, type ConsolePages } from '../../shared/web/console-app';
import { sessionSecretFromEnv, signInFromEnv } from '../../shared/web/settings';

/** The repositories every console page reads and writes through its use cases. */
export function consoleDeps(table: Table): ConsoleDeps {
  const calendars = new DynamoCalendarRepository(table);
  return {
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
  };
}

export type ConsoleHandler = (event: APIGatewayProxyEventV2, context?: LambdaContext) => ReturnType<ReturnType<typeof lambdaHandler>>;

/** The console app behind the HTTP API, built on the first request: the session key is read from Secrets Manager once per container. */
export function consoleHandler(options: { deps: ConsoleDeps; ledgerPages?: ConsolePages }): ConsoleHandler {
  let ready: Promise<ConsoleHandler> | undefined;
  const build = async (): Promise<ConsoleHandler> => {
    const app = createConsoleApp({
      deps: options.deps,
      signIn: signInFromEnv(),
      sessionSecret: await sessionSecretFromEnv(),
      ...(options.ledgerPages ? { ledgerPages: options.ledgerPages } : {}),
    });
    return lambdaHandler(app);
  };
  return async (event, context) => {
    // Lists page with signed cursors: the key is read (and cached) like the API functions do.
    await loadCursorSecret();
    ready ??= build().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return (await ready)(event, context);
  };
}
