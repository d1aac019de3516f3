// POST /cases/{caseId}/hearings, GET /hearings, GET|PATCH /hearings/{hearingId},
// PUT /hearings/{hearingId}/confirmation, PUT /hearings/{hearingId}/attendance,
// GET /hearings.ics, POST /agencies/{agencyId}/feed-token
import { identityFromAuthorizer } from '../../shared/auth/authorizer';
import { systemClock } from '../../shared/domain/clock';
import { createApp } from '../../shared/http/app';
import { withCursorSecret } from '../../shared/http/cursor-secret';
import { lambdaHandler } from '../../shared/http/lambda';
import { hearingRoutes } from '../../shared/http/routes/hearings';
import { hearingLeadDaysFromEnv } from '../../shared/settings';
import { DynamoAgencyRepository } from '../../shared/store/agency-store';
import { cachedCalendar, DynamoCalendarRepository } from '../../shared/store/calendar-store';
import { DynamoCaseRepository } from '../../shared/store/case-store';
import { tableFromEnv } from '../../shared/store/from-env';
import { DynamoHearingRepository } from '../../shared/store/hearing-store';
import { newId } from '../../shared/store/ids';

const table = tableFromEnv();

export const handler = withCursorSecret(
  lambdaHandler(
    createApp({
      routes: hearingRoutes,
      deps: {
        hearings: new DynamoHearingRepository(table),
        cases: new DynamoCaseRepository(table),
        agencies: new DynamoAgencyRepository(table),
        calendar: cachedCalendar(new DynamoCalendarRepository(table)),
        clock: systemClock,
        newId,
        hearingLeadDays: hearingLeadDaysFromEnv(),
      },
      identify: identityFromAuthorizer,
    }),
  ),
  hearingRoutes.map((route) => route.contract),
);
