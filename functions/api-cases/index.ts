// POST /cases, GET /cases, GET /cases/{caseId}, GET /cases/{caseId}/history, POST /cases/{caseId}/actions
import { identityFromAuthorizer } from '../../shared/auth/authorizer';
import { systemClock } from '../../shared/domain/clock';
import { createApp } from '../../shared/http/app';
import { withCursorSecret } from '../../shared/http/cursor-secret';
import { lambdaHandler } from '../../shared/http/lambda';
import { caseRoutes } from '../../shared/http/routes/cases';
import { cachedCalendar, DynamoCalendarRepository } from '../../shared/store/calendar-store';
import { DynamoCaseRepository } from '../../shared/store/case-store';
import { tableFromEnv } from '../../shared/store/from-env';
import { DynamoHearingRepository } from '../../shared/store/hearing-store';
import { newId } from '../../shared/store/ids';
import { hearingLeadDaysFromEnv } from '../../shared/settings';

const table = tableFromEnv();

export const handler = withCursorSecret(
  lambdaHandler(
    createApp({
      routes: caseRoutes,
      deps: {
        cases: new DynamoCaseRepository(table),
        calendar: cachedCalendar(new DynamoCalendarRepository(table)),
        hearings: new DynamoHearingRepository(table),
        hearingLeadDays: hearingLeadDaysFromEnv(),
        clock: systemClock,
        newId,
      },
      identify: identityFromAuthorizer,
    }),
  ),
  caseRoutes.map((route) => route.contract),
);
