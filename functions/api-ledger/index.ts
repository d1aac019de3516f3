// GET /imports/template.xlsx, POST /imports, GET /imports/{importId}, GET /cases.xlsx,
// GET /statistics.xlsx, GET /reports/annual, GET /reports/annual.docx
import { runLedgerImport } from '../../shared/app/import-ledger';
import { ledgerDepsFor } from '../../shared/app/ledger-deps';
import { identityFromAuthorizer } from '../../shared/auth/authorizer';
import { createApp } from '../../shared/http/app';
import { withCursorSecret } from '../../shared/http/cursor-secret';
import { lambdaHandler } from '../../shared/http/lambda';
import { ledgerRoutes } from '../../shared/http/routes/ledger';
import { logger } from '../../shared/log/logger';
import { eventBusPublisher } from '../../shared/store/event-bus';
import { tableFromEnv } from '../../shared/store/from-env';

const table = tableFromEnv();
const busName = process.env.EVENT_BUS_NAME;
// In AWS a large import is handed to the ledger-import function through the event bus (an
// asynchronous invocation with retries); without a bus (`npm run invoke`) it runs in this process.
const publish = busName ? eventBusPublisher(busName) : undefined;
const LEDGER_IMPORT_REQUESTED = 'ledger-import-requested';
const deps = ledgerDepsFor(table, {
  log: logger,
  startImport: async (importId) => {
    if (publish) await publish(LEDGER_IMPORT_REQUESTED, [{ importId }]);
    else void runLedgerImport(deps, importId);
  },
});


export const handler = withCursorSecret(
  lambdaHandler(createApp({ routes: ledgerRoutes, deps, identify: identityFromAuthorizer })),
  ledgerRoutes.map((route) => route.contract),
);
