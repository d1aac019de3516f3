import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { localJwtIdentity } from '../auth/local-jwt';
import { systemClock, type Clock } from '../domain/clock';
import { Hono } from 'hono/tiny';
import { createApp } from '../http/app';
import { allContracts } from '../http/contracts';
import { allRoutes, type ApiDeps } from '../http/routes';
import { swaggerUiAssetsIn } from '../http/swagger-ui';
import { DynamoAgencyRepository } from '../store/agency-store';
import { cachedCalendar, DynamoCalendarRepository } from '../store/calendar-store';
import { DynamoAlertRepository } from '../store/alert-store';
import { DynamoCaseRepository } from '../store/case-store';
import { DynamoLedgerStore } from '../store/ledger-store';
import { runLedgerImport } from '../app/import-ledger';
import { logger } from '../log/logger';
import { DynamoDeadlineBoard } from '../store/deadline-store';
import { DynamoHearingRepository } from '../store/hearing-store';
import { hearingLeadDaysFromEnv } from '../settings';
import type { NotifierDeps } from '../notify/deliver';
import { subscriptionRouteDeps } from '../notify/notifier-deps';
import { DynamoReportRepository } from '../store/report-store';
import { DynamoStatisticsStore } from '../store/stats-store';
import { newId } from '../store/ids';
import { tableHealth } from '../store/health';
import type { Table } from '../store/table';
import { createConsoleApp, isConsolePath, type SignIn } from '../web/console-app';
import { ledgerPages } from '../web/ledger-pages';
import { DEVELOPMENT_SESSION_SECRET } from '../web/session';

export interface LocalAppOptions {
  table: Table;
  clock?: Clock;
  secret?: string;
  /** replaces parts of the notifier the subscription routes use (tests: a short timeout, a clock) */
  notify?: Partial<NotifierDeps>;
  /** the console (法治工作台) at `/`: its sign-in (default the development form) and session key */
  console?: { signIn?: SignIn; sessionSecret?: string };
}

/** swagger-ui-dist as installed: `npm start` serves Swagger UI from node_modules, never a CDN. */
const swaggerUi = swaggerUiAssetsIn(dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json')));

export function localDeps(options: LocalAppOptions): ApiDeps {
  const deps: ApiDeps = {
    // A large import runs in this process, as the import function does in AWS (ledger-import).
    ledger: new DynamoLedgerStore(options.table),
    startImport: async (importId) => {
      void runLedgerImport(deps, importId).catch((error: unknown) => logger.error('ledger import failed', { importId, error }));
    },
    log: logger,
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
    swaggerUi,
    ...subscriptionRouteDeps(options.table, { local: true, ...(options.clock ? { clock: options.clock } : {}), ...(options.notify ? { notify: options.notify } : {}) }),
  };
  return deps;
}

/**
 * The whole API in one Hono app, with identities checked locally (HS256, AUTH_LOCAL_SECRET), and
 * the console at `/`, `/login`, `/logout` and `/console/…` (paths the API does not use).
 */
export function createLocalApp(options: LocalAppOptions) {
  const deps = localDeps(options);
  const api = createApp({ routes: allRoutes, deps, identify: localJwtIdentity(options.secret) });
  const web = createConsoleApp({
    deps,
    signIn: options.console?.signIn ?? { kind: 'development' },
    sessionSecret: options.console?.sessionSecret ?? process.env.CONSOLE_SESSION_SECRET ?? DEVELOPMENT_SESSION_SECRET,
    insecureLocalhost: true,
    // The upload pages too: in AWS the web-ledger function serves them, here the one console does.
    ledgerPages,
  });
  const root = new Hono();
  root.all('*', (c) => (isConsolePath(c.req.path) ? web.fetch(c.req.raw, c.env) : api.fetch(c.req.raw, c.env)));
  return root;
}
