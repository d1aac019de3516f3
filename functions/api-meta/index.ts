// GET /health, /openapi.json, /docs, /meta/enums
import { identityFromAuthorizer } from '../../shared/auth/authorizer';
import { createApp } from '../../shared/http/app';
import { lambdaHandler } from '../../shared/http/lambda';
import { allContracts } from '../../shared/http/contracts';
import { metaRoutes } from '../../shared/http/routes/meta';
import { tableFromEnv } from '../../shared/store/from-env';
import { tableHealth } from '../../shared/store/health';

const table = tableFromEnv();

export const handler = lambdaHandler(
  createApp({
    routes: metaRoutes,
    deps: { health: tableHealth(table), contracts: allContracts },
    identify: identityFromAuthorizer,
  }),
);
