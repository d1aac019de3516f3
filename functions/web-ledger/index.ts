// The console's ledger upload (台账导入): /console/imports (the form, a check or an import),
// /console/imports/template.xlsx, /console/imports/{importId}. Its own function so that exceljs
// (≈1.4 MB) stays out of the `web` bundle every other page cold-starts with.
import type { LedgerDeps } from '../../shared/app/import-ledger';
import { backgroundImportStarter } from '../../shared/app/ledger-deps';
import { logger } from '../../shared/log/logger';
import { tableFromEnv } from '../../shared/store/from-env';
import { DynamoLedgerStore } from '../../shared/store/ledger-store';
import type { ConsoleDeps } from '../../shared/web/console-app';
import { ledgerPages } from '../../shared/web/ledger-pages';
import { consoleDeps, consoleHandler } from '../web/console-handler';

const table = tableFromEnv();
const ledgerStore = new DynamoLedgerStore(table);
// A background import never starts another: runLedgerImport does not call startImport.
const noNestedStart = async (): Promise<void> => {};

const deps: ConsoleDeps = {
  ...consoleDeps(table),
  // A large import goes to the ledger-import function through the bus (EVENT_BUS_NAME), as from api-ledger.
  ledger: ledgerStore,
  startImport: backgroundImportStarter(process.env.EVENT_BUS_NAME, (): LedgerDeps => ({ ...deps, ledger: ledgerStore, startImport: noNestedStart, log: logger })),
};

export const handler = consoleHandler({ deps, ledgerPages });
