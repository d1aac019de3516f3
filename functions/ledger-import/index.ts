// The background import of a large ledger (POST /imports of more than 200 rows, a dry run or a
// commit): the event bus invokes it asynchronously with { importId }; it reads the stored file,
// checks every row and, for a commit without errors, writes them. A retried invocation checks
// again if it stopped while checking, or writes the kept rows again (idempotent) if it stopped
// while writing.
import { runLedgerImport } from '../../shared/app/import-ledger';
import { ledgerDepsFor } from '../../shared/app/ledger-deps';
import { logger } from '../../shared/log/logger';
import { tableFromEnv } from '../../shared/store/from-env';

const deps = ledgerDepsFor(tableFromEnv(), {
  log: logger,
  // Never asked: this function is the background.
  startImport: async () => undefined,
});

export async function handler(event: { detail?: { importId?: unknown } }): Promise<void> {
  const importId = event.detail?.importId;
  if (typeof importId !== 'string') {
    logger.error('ledger-import: an event without an import id was ignored');
    return;
  }
  await runLedgerImport(deps, importId);
}
