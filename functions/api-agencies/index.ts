// POST /agencies, GET /agencies, GET /agencies/{agencyId}
import { identityFromAuthorizer } from '../../shared/auth/authorizer';
import { systemClock } from '../../shared/domain/clock';
import { createApp } from '../../shared/http/app';
import { withCursorSecret } from '../../shared/http/cursor-secret';
import { lambdaHandler } from '../../shared/http/lambda';
import { agencyRoutes } from '../../shared/http/routes/agencies';
import { DynamoAgencyRepository } from '../../shared/store/agency-store';
import { tableFromEnv } from '../../shared/store/from-env';

const table = tableFromEnv();

export const handler = withCursorSecret(
  lambdaHandler(
    createApp({
      routes: agencyRoutes,
      deps: { agencies: new DynamoAgencyRepository(table), clock: systemClock },
      identify: identityFromAuthorizer,
    }),
  ),
  agencyRoutes.map((route) => route.contract),
);
