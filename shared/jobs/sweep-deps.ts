import { systemClock, type Clock } from '../domain/clock';
import { logger } from '../log/logger';
import { approachingDaysFromEnv } from '../settings';
import { DynamoAlertRepository } from '../store/alert-store';
import { cachedCalendar, DynamoCalendarRepository } from '../store/calendar-store';
import { DynamoCaseRepository } from '../store/case-store';
import { DynamoAgencyRepository } from '../store/agency-store';
import { DynamoDeadlineBoard } from '../store/deadline-store';
import { DynamoReportRepository } from '../store/report-store';
import { DynamoStatisticsStore } from '../store/stats-store';
import type { Table } from '../store/table';
import type { SweepDeps } from './sweep';

/** The sweep wired to a table (the Lambda, `npm run sweep` and `npm start`'s daily timer share this). */
export function sweepDeps(table: Table, options: { clock?: Clock; publish?: SweepDeps['publish'] } = {}): SweepDeps {
  return {
    board: new DynamoDeadlineBoard(table),
    cases: new DynamoCaseRepository(table),
    alerts: new DynamoAlertRepository(table),
    calendar: cachedCalendar(new DynamoCalendarRepository(table)),
    clock: options.clock ?? systemClock,
    log: logger.child({ component: 'sweep' }),
    ...(options.publish ? { publish: options.publish } : {}),
    approachingWorkingDays: approachingDaysFromEnv(),
    monthly: { statistics: new DynamoStatisticsStore(table), agencies: new DynamoAgencyRepository(table), reports: new DynamoReportRepository(table) },
  };
}

