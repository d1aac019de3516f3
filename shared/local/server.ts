/**
 * The local server behind `npm start` (see start.ts): DynamoDB Local (data under DATA_DIR), the
 * table if missing, then the whole API on PORT with @hono/node-server. Ctrl-C stops both, leaving
 * no Java process behind.
 */
import { serve } from '@hono/node-server';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { localSecret, DEFAULT_LOCAL_SECRET } from '../auth/local-jwt';
import { logger } from '../log/logger';
import { createDocumentClient } from '../store/client';
import { Table } from '../store/table';
import { ensureTable } from './bootstrap';
import { isPortFree, PortInUseError, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';
import { migrateDayCounters } from '../jobs/migrate-day-counters';
import { backfillCaseSearch } from '../store/case-search';
import { runSweep } from '../jobs/sweep';
import { sweepDeps } from '../jobs/sweep-deps';
import { localSweepPublisher } from '../notify/notifier-deps';
import { aggregateBatch } from '../jobs/aggregate-batch';
import { streamPoller } from './stream-poller';
import { createLocalApp } from './local-app';

const port = Number(process.env.PORT ?? 3000);
const dynamoPort = Number(process.env.DYNAMODB_PORT ?? 8000);
const dataDir = process.env.DATA_DIR ?? '.data';
const tableName = process.env.TABLE_NAME ?? 'case-tracker';
const log = logger.child({ component: 'local-server' });

function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** The one line a second `npm start` (or anything else on the port) gets, instead of a stack. */
function portInUse(what: string, portInUse: number, variable: string): string {
  return `${what} 端口 ${portInUse} 已被占用，可能已有另一个 npm start 在运行；请先停止它，或用 ${variable} 换一个端口（port ${portInUse} is in use; set ${variable} to use another）。`;
}

export async function main(): Promise<void> {
  // Both ports are checked before Java starts, so a second `npm start` leaves nothing to clean up.
  if (!(await isPortFree(port))) {
    process.stderr.write(`${portInUse('API', port, 'PORT')}\n`);
    process.exit(1);
  }
  let dynamo: DynamoDbLocal;
  try {
    dynamo = await startDynamoDbLocal({ port: dynamoPort, dataDir });
  } catch (error) {
    if (error instanceof PortInUseError) process.stderr.write(`${portInUse('DynamoDB Local', dynamoPort, 'DYNAMODB_PORT')}\n`);
    else process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }

  const raw = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const created = await ensureTable(raw, tableName);
  const table = new Table(createDocumentClient({ endpoint: dynamo.endpoint }), tableName);
  // Data kept from an earlier version: per-day counter items become their month's day item.
  const migrated = await migrateDayCounters(table);
  if (migrated.moved > 0) log.info('statistics counters moved into month day items', migrated);
  // Cases registered before GET /cases?q= existed get their search keys (once; a marker remembers).
  const searchable = await backfillCaseSearch(table);
  if (searchable.cases > 0) log.info('search keys written for existing cases', searchable);
  // Swagger UI's files are served by the API's own route (GET /docs/{file}), as in Lambda.
  const app = createLocalApp({ table });

  const server = serve({ fetch: app.fetch, port }, () => {
    const base = `http://localhost:${port}`;
    print(`Console (法治工作台) ${base}/  (development sign-in at ${base}/login)`);
    print(`Case tracker API   ${base}`);
    print(`Swagger UI         ${base}/docs`);
    print(`OpenAPI document   ${base}/openapi.json`);
    print(`Health             ${base}/health`);
    print(`DynamoDB Local     ${dynamo.endpoint} (pid ${String(dynamo.process.pid)})  table ${tableName}${created ? ' (created)' : ''}, data in ${dataDir}/`);
    print(`A token:           npm run token -- --role legal-office`);
    if (localSecret() === DEFAULT_LOCAL_SECRET) print('Tokens are checked with the development secret (set AUTH_LOCAL_SECRET to change it).');
    print('Ctrl-C stops the API and DynamoDB Local.');
  });

  // The statistics aggregator on the table's real stream, as the stack's event source mapping does in AWS.
  const poller = streamPoller({
    endpoint: dynamo.endpoint,
    tableName,
    handle: (records) => aggregateBatch(table, records, log),
    log,
  });

  // The daily sweep, as the stack schedules it in AWS: once now (to catch up), then at 08:00 China time.
  // Alerts reach their subscribers right after the sweep, through the notifier's own code.
  const sweep = sweepDeps(table, { publish: localSweepPublisher(table) });
  const runDailySweep = () =>
    runSweep(sweep).catch((error: unknown) => log.error('sweep failed', { error }));
  void runDailySweep();
  const sweepTimer = scheduleDaily(8, runDailySweep);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    sweepTimer.cancel();
    poller.stop();
    server.close();
    await dynamo.stop();
    raw.destroy();
    process.exit(0);
  };
  // SIGTERM is what a process manager (and `kill`) sends: it stops Java too, as Ctrl-C does.
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // The API port taken between the check above and the bind (a race with another process):
  // one line, Java stopped, non-zero exit — not an EADDRINUSE stack with Java left running.
  server.once('error', (error: NodeJS.ErrnoException) => {
    if (stopping) return;
    stopping = true;
    const line = error.code === 'EADDRINUSE' ? portInUse('API', port, 'PORT') : `API server failed: ${error.message}`;
    process.stderr.write(`${line}\n`);
    sweepTimer.cancel();
    poller.stop();
    void dynamo.stop().finally(() => process.exit(1));
  });
  dynamo.process.once('exit', (code) => {
    if (stopping) return;
    process.stderr.write(`DynamoDB Local exited unexpectedly (code ${String(code)}); stopping.\n`);
    server.close();
    process.exit(1);
  });
}


/** Calls `task` every day at `hour`:00 China time (UTC+8, no daylight saving). */
function scheduleDaily(hour: number, task: () => unknown): { cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const next = () => {
    const now = Date.now();
    const chinaMidnight = Math.floor((now + 8 * 3600_000) / 86_400_000) * 86_400_000 - 8 * 3600_000;
    let at = chinaMidnight + hour * 3600_000;
    if (at <= now) at += 86_400_000;
    timer = setTimeout(() => {
      void task();
      next();
    }, at - now);
    timer.unref();
  };
  next();
  return { cancel: () => clearTimeout(timer) };
}
