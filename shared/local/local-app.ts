import { localJwtIdentity } from '../auth/local-jwt';
import { systemClock, type Clock } from '../domain/clock';
import { createApp } from '../http/app';
import { allContracts } from '../http/contracts';
import { allRoutes, type ApiDeps } from '../http/routes';
import { DynamoAgencyRepository } from '../store/agency-store';
import { cachedCalendar, DynamoCalendarRepository } from '../store/calendar-store';
import { DynamoAlertRepository } from '../store/alert-store';
import { DynamoCaseRepository } from '../store/case-store';
import { DynamoDeadlineBoard } from '../store/deadline-store';
import { DynamoHearingRepository } from '../store/hearing-store';
import { hearingLeadDaysFromEnv } from '../settings';
import { DynamoReportRepository } from '../store/report-store';
import { DynamoStatisticsStore } from '../store/stats-store';
import { newId } from '../store/ids';
import { tableHealth } from '../store/health';
import type { Table } from '../store/table';

export interface LocalAppOptions {
  table: Table;
  clock?: Clock;
  secret?: string;
  swaggerUiBaseUrl?: string;
}

export function localDeps(options: LocalAppOptions): ApiDeps {
  return {
    agencies: new DynamoAgencyRepository(options.table),
    cases: new DynamoCaseRepository(options.table),
    calendars: new DynamoCalendarRepository(options.table),
    calendar: cachedCalendar(new DynamoCalendarRepository(options.table)),
    board: new DynamoDeadlineBoard(options.table),
    hearings: new DynamoHearingRepository(options.table),
    hearingLeadDays: hearingLeadDaysFromEnv(),
    statistics: new DynamoStatisticsStore(options.table),
    reports: new DynamoReportRepository(options.table),
    alerts: new DynamoAlertRepository(options.table),
    newId,
    clock: options.clock ?? systemClock,
    health: tableHealth(options.table),
    contracts: allContracts,
    ...(options.swaggerUiBaseUrl ? { swaggerUiBaseUrl: options.swaggerUiBaseUrl } : {}),
  };
}

/** The whole API in one Hono app, with identities checked locally (HS256, AUTH_LOCAL_SECRET). */
export function createLocalApp(options: LocalAppOptions) {
  return createApp({ routes: allRoutes, deps: localDeps(options), identify: localJwtIdentity(options.secret) });
}
