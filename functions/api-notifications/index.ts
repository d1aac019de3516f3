// POST|GET /subscriptions, DELETE /subscriptions/{subscriptionId},
// POST /subscriptions/{subscriptionId}/test, GET /deliveries
import { identityFromAuthorizer } from '../../shared/auth/authorizer';
import { systemClock } from '../../shared/domain/clock';
import { createApp } from '../../shared/http/app';
import { withCursorSecret } from '../../shared/http/cursor-secret';
import { lambdaHandler } from '../../shared/http/lambda';
import { subscriptionRoutes } from '../../shared/http/routes/subscriptions';
import { subscriptionRouteDeps } from '../../shared/notify/notifier-deps';
import { DynamoAgencyRepository } from '../../shared/store/agency-store';
import { tableFromEnv } from '../../shared/store/from-env';
import { newId } from '../../shared/store/ids';

const table = tableFromEnv();

export const handler = withCursorSecret(
  lambdaHandler(
    createApp({
      routes: subscriptionRoutes,
      deps: {
        // http:// to a loopback target only when running on DynamoDB Local (`npm run invoke`), never in AWS.
        ...subscriptionRouteDeps(table, { local: process.env.DYNAMODB_ENDPOINT !== undefined }),
        agencies: new DynamoAgencyRepository(table),
        newId,
        clock: systemClock,
      },
      identify: identityFromAuthorizer,
    }),
  ),
  subscriptionRoutes.map((route) => route.contract),
);
