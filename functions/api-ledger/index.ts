// GET /imports/template.xlsx, POST /imports, GET /imports/{importId}, GET /cases.xlsx,
// GET /statistics.xlsx, GET /reports/annual, GET /reports/annual.docx
import { backgroundImportStarter, ledgerDepsFor } from '../../shared/app/ledger-deps';
import { identityFromAuthorizer } from '../../shared/auth/authorizer';
import { createApp } from '../../shared/http/app';
import { withCursorSecret } from '../../shared/http/cursor-secret';
import { lambdaHandler } from '../../shared/http/lambda';
import { ledgerRoutes } from '../../shared/http/routes/ledger';
import { logger } from '../../shared/log/logger';
import { tableFromEnv } from '../../shared/store/from-env';

const table = tableFromEnv();
const deps = ledgerDepsFor(table, {
  log: logger,
  startImport: backgroundImportStarter(process.env.EVENT_BUS_NAME, () => deps),
});

export const handler = withCursorSecret(
  lambdaHandler(createApp({ routes: ledgerRoutes, deps, identify: identityFromAuthorizer })),
  ledgerRoutes.map((route) => route.contract),
);
