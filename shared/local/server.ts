/**
 * The local server behind `npm start` (see start.ts): DynamoDB Local (data under DATA_DIR), the
 * table if missing, then the whole API on PORT with @hono/node-server. Ctrl-C stops both, leaving
 * no Java process behind.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { serve } from '@hono/node-server';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { localSecret, DEFAULT_LOCAL_SECRET } from '../auth/local-jwt';
import { logger } from '../log/logger';
import { createDocumentClient } from '../store/client';
import { Table } from '../store/table';
import { ensureTable } from './bootstrap';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';
import { migrateDayCounters } from '../jobs/migrate-day-counters';
import { runSweep } from '../jobs/sweep';
import { sweepDeps } from '../jobs/sweep-deps';
import { aggregateBatch } from '../jobs/aggregate-batch';
import { streamPoller } from './stream-poller';
import { createLocalApp } from './local-app';

const port = Number(process.env.PORT ?? 3000);
const dynamoPort = Number(process.env.DYNAMODB_PORT ?? 8000);
const dataDir = process.env.DATA_DIR ?? '.data';
const tableName = process.env.TABLE_NAME ?? 'case-tracker';
const log = logger.child({ component: 'local-server' });

const swaggerDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const swaggerAssets: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};

function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}

export async function main(): Promise<void> {
  let dynamo: DynamoDbLocal;
  try {
    dynamo = await startDynamoDbLocal({ port: dynamoPort, dataDir });
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.stderr.write(`Is another DynamoDB Local already on port ${dynamoPort}? Set DYNAMODB_PORT to use another.\n`);
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
  const app = createLocalApp({ table, swaggerUiBaseUrl: '/vendor' });
  app.get('/vendor/swagger-ui-dist/:file', async (c) => {
    const file = c.req.param('file');
    const type = swaggerAssets[file];
    if (!type) return c.notFound();
    return c.body(await readFile(join(swaggerDir, file)), 200, { 'content-type': type, 'cache-control': 'max-age=3600' });
  });

  const server = serve({ fetch: app.fetch, port }, () => {
    const base = `http://localhost:${port}`;
    print(`Case tracker API   ${base}`);
    print(`Swagger UI         ${base}/docs`);
    print(`OpenAPI document   ${base}/openapi.json`);
    print(`Health             ${base}/health`);
    print(`DynamoDB Local     ${dynamo.endpoint}  table ${tableName}${created ? ' (created)' : ''}, data in ${dataDir}/`);
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
  const sweep = sweepDeps(table);
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
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
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
