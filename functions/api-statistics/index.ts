// GET /statistics, /statistics/monthly, /statistics.csv, /reports: read-only, aggregates only.
import { identityFromAuthorizer } from '../../shared/auth/authorizer';
import { systemClock } from '../../shared/domain/clock';
import { createApp } from '../../shared/http/app';
import { withCursorSecret } from '../../shared/http/cursor-secret';
import { lambdaHandler } from '../../shared/http/lambda';
import { statisticsRoutes } from '../../shared/http/routes/statistics';
import { DynamoAgencyRepository } from '../../shared/store/agency-store';
import { tableFromEnv } from '../../shared/store/from-env';
import { DynamoReportRepository } from '../../shared/store/report-store';
import { DynamoStatisticsStore } from '../../shared/store/stats-store';

const table = tableFromEnv();

export const handler = withCursorSecret(
  lambdaHandler(
    createApp({
      routes: statisticsRoutes,
      deps: {
        statistics: new DynamoStatisticsStore(table),
        agencies: new DynamoAgencyRepository(table),
        reports: new DynamoReportRepository(table),
        clock: systemClock,
      },
      identify: identityFromAuthorizer,
    }),
  ),
  statisticsRoutes.map((route) => route.contract),
);
