// GET /deadlines, GET /calendar/{year}, PUT /calendar/{year}, GET /alerts
import { identityFromAuthorizer } from '../../shared/auth/authorizer';
import { systemClock } from '../../shared/domain/clock';
import { createApp } from '../../shared/http/app';
import { withCursorSecret } from '../../shared/http/cursor-secret';
import { lambdaHandler } from '../../shared/http/lambda';
import { deadlineRoutes } from '../../shared/http/routes/deadlines';
import { DynamoAlertRepository } from '../../shared/store/alert-store';
import { cachedCalendar, DynamoCalendarRepository } from '../../shared/store/calendar-store';
import { DynamoCaseRepository } from '../../shared/store/case-store';
import { DynamoDeadlineBoard } from '../../shared/store/deadline-store';
import { tableFromEnv } from '../../shared/store/from-env';

const table = tableFromEnv();
const calendars = new DynamoCalendarRepository(table);

export const handler = withCursorSecret(
  lambdaHandler(
    createApp({
      routes: deadlineRoutes,
      deps: {
        board: new DynamoDeadlineBoard(table),
        cases: new DynamoCaseRepository(table),
        alerts: new DynamoAlertRepository(table),
        calendars,
        calendar: cachedCalendar(calendars),
        clock: systemClock,
      },
      identify: identityFromAuthorizer,
    }),
  ),
  deadlineRoutes.map((route) => route.contract),
);
