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
