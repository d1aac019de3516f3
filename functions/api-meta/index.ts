// GET /health, /openapi.json, /docs, /docs/{file}, /meta/enums
import { fileURLToPath } from 'node:url';
import { identityFromAuthorizer } from '../../shared/auth/authorizer';
import { createApp } from '../../shared/http/app';
import { withCursorSecret } from '../../shared/http/cursor-secret';
import { lambdaHandler } from '../../shared/http/lambda';
import { allContracts } from '../../shared/http/contracts';
import { metaRoutes } from '../../shared/http/routes/meta';
import { swaggerUiAssetsIn, swaggerUiBundleDir } from '../../shared/http/swagger-ui';
import { tableFromEnv } from '../../shared/store/from-env';
import { tableHealth } from '../../shared/store/health';

const table = tableFromEnv();
// Shipped beside index.mjs by the stack (infra/api-functions.ts: copyIntoBundle).
const swaggerUi = swaggerUiAssetsIn(fileURLToPath(new URL(`./${swaggerUiBundleDir}/`, import.meta.url)));

export const handler = withCursorSecret(
  lambdaHandler(
    createApp({
      routes: metaRoutes,
      deps: { health: tableHealth(table), contracts: allContracts, swaggerUi },
      identify: identityFromAuthorizer,
    }),
  ),
  metaRoutes.map((route) => route.contract),
);
