import { systemClock } from '../domain/clock';
import type { LedgerRouteDeps } from '../http/routes/ledger';
import type { Logger } from '../log/logger';
import { DynamoAgencyRepository } from '../store/agency-store';
import { cachedCalendar, DynamoCalendarRepository } from '../store/calendar-store';
import { DynamoCaseRepository } from '../store/case-store';
import { DynamoHearingRepository } from '../store/hearing-store';
import { newId } from '../store/ids';
import { DynamoLedgerStore } from '../store/ledger-store';
import { DynamoStatisticsStore } from '../store/stats-store';
import { eventBusPublisher } from '../store/event-bus';
import { runLedgerImport, type LedgerDeps } from './import-ledger';
import type { Table } from '../store/table';
import { hearingLeadDaysFromEnv } from '../settings';

/** What the ledger routes, the import function and `npm run import` need, on one table. */
export function ledgerDepsFor(table: Table, options: { startImport: (importId: string) => Promise<void>; log?: Logger }): LedgerRouteDeps {
  return {
    cases: new DynamoCaseRepository(table),
    hearings: new DynamoHearingRepository(table),
    agencies: new DynamoAgencyRepository(table),
    ledger: new DynamoLedgerStore(table),
    statistics: new DynamoStatisticsStore(table),
    calendar: cachedCalendar(new DynamoCalendarRepository(table)),
    clock: systemClock,
    newId,
    hearingLeadDays: hearingLeadDaysFromEnv(),
    startImport: options.startImport,
    ...(options.log ? { log: options.log } : {}),
  };
}

/** The detail type that starts the ledger-import function in AWS. */
export const LEDGER_IMPORT_REQUESTED = 'ledger-import-requested';

/**
 * How a large import (a file of more than 200 rows, a dry run or a commit) is started in Lambda:
 * handed to the ledger-import function through the event bus (an asynchronous invocation with
 * retries), which checks the stored file and writes it; without a bus (`npm run invoke`, tests) it
 * runs in this process. `deps` is read when an import starts, so the caller may build it afterwards.
 */
export function backgroundImportStarter(busName: string | undefined, deps: () => LedgerDeps): (importId: string) => Promise<void> {
  const publish = busName ? eventBusPublisher(busName) : undefined;
  return async (importId) => {
    if (publish) await publish(LEDGER_IMPORT_REQUESTED, [{ importId }]);
    else {
      const local = deps();
      void runLedgerImport(local, importId).catch((error: unknown) => local.log?.error('ledger import failed', { importId, error }));
    }
  };
}
