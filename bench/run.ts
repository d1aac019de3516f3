/**
 * `npm run bench` (`-- --json` adds one JSON object as the last line; `-- --quick` for a short
 * smoke run). Every speed figure is a ratio against a floor measured in the same run.
 */
import { parseArgs } from 'node:util';
import { arch, cpus, totalmem } from 'node:os';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '../shared/local/bootstrap';
import { startDynamoDbLocal } from '../shared/local/dynamodb-local';
import { createDocumentClient } from '../shared/store/client';
import { Table } from '../shared/store/table';
import { buildBundles } from './bundles';
import { measureColdStarts } from './cold-start';
import { seedSamples } from './fixtures';
import { measureLoad } from './load';
import { measureStatisticsScale, measureSweepScale } from './scale';
import { round } from './stats';
import { measureWarm } from './warm';

const { values } = parseArgs({ options: { json: { type: 'boolean' }, quick: { type: 'boolean' } } });
const quick = values.quick ?? false;
const print = (line = '') => process.stdout.write(`${line}\n`);
const lap = (what: string) => process.stderr.write(`  [${round((performance.now() - started) / 1000, 1)} s] ${what}\n`);
const started = performance.now();

const dynamo = await startDynamoDbLocal();
const raw = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
const doc = createDocumentClient({ endpoint: dynamo.endpoint });
const newTable = async (name: string) => {
  await ensureTable(raw, name);
  return new Table(doc, name);
};

try {
  print(`bench on ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${arch()}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);

    lap('// 1. Bundles');
// 1. Bundles
  const { functions, floor } = await buildBundles();
  print('\nBundles (minified ESM, AWS SDK inside)            bytes   × floor');
  print(`  floor (document client + one GetItem)   ${String(floor.bytes).padStart(12)}`);
  for (const b of functions) print(`  ${b.name.padEnd(40)}${String(b.bytes).padStart(12)}   ${round(b.bytes / floor.bytes)}`);

    lap('// 2. Cold start');
// 2. Cold start and 3. warm requests, on one table the sample events point at
  const samples = await newTable('bench-samples');
  const fixture = await seedSamples(samples);
  const env = {
    ...process.env,
    TABLE_NAME: samples.name,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_REGION: 'cn-north-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    LOG_LEVEL: 'INFO',
  };
  lap('const coldStart =');
  const coldStart = await measureColdStarts(functions, floor, env, quick ? 3 : 10);
  print('\nCold start (fresh process: import + one event)   median ms   floor ms   ratio');
  for (const [name, c] of Object.entries(coldStart)) print(`  ${name.padEnd(44)}${String(c.medianMs).padStart(8)}${String(c.floorMedianMs).padStart(11)}${String(c.ratio).padStart(8)}`);

  lap('Object.assign(process.env');
  Object.assign(process.env, { TABLE_NAME: samples.name, DYNAMODB_ENDPOINT: dynamo.endpoint, LOG_LEVEL: 'INFO' });
  const warm = await measureWarm(new Map(functions.map((f) => [f.name, f.file])), samples, doc, fixture, quick ? 50 : 300);
  print('\nWarm requests (in-process handler)      p50 ms   p99 ms   direct p50 ms   ratio');
  for (const [name, w] of Object.entries(warm)) print(`  ${name.padEnd(36)}${String(w.p50Ms).padStart(8)}${String(w.p99Ms).padStart(9)}${String(w.directP50Ms).padStart(16)}${String(w.ratio).padStart(8)}`);

  lap('// 4. Statistics scale');
  // 4. Statistics scale
  const counts: [number, number] = quick ? [1000, 10_000] : [1000, 100_000];
  const statistics = await measureStatisticsScale([await newTable('bench-stats-small'), await newTable('bench-stats-large')], counts);
  print(`\nStatistics request: ${counts[0]} cases ${statistics.medianMs[0]} ms, ${statistics.itemsRead[0]} items read; ${counts[1]} cases ${statistics.medianMs[1]} ms, ${statistics.itemsRead[1]} items read; ratio ${statistics.ratio}`);

  lap('// 5. Sweep scale');
  // 5. Sweep scale
  const sweep = await measureSweepScale(await newTable('bench-sweep'));
  print(`Sweep over ${sweep.cases} open cases, ${sweep.due} due in the window: ${sweep.itemsRead} items read, ${sweep.ms} ms, ${sweep.raised} alerts`);

  lap('// 6. Load');
  // 6. Load
  const load = await measureLoad(quick ? 5 : 30);
  print(`Load (16 clients, ${quick ? 5 : 30} s, npm start): ${load.requests} requests, ${load.errors} errors, ${load.rps} req/s, p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms`);

  print(`\nfinished in ${round((performance.now() - started) / 1000, 1)} s`);
  if (values.json) {
    print(
      JSON.stringify({
        bundles: Object.fromEntries(functions.map((f) => [f.name, f.bytes])),
        floorBundle: floor.bytes,
        coldStart,
        warm,
        statistics,
        sweep: { cases: sweep.cases, due: sweep.due, itemsRead: sweep.itemsRead, ms: sweep.ms },
        load,
      }),
    );
  }
} finally {
  raw.destroy();
  await dynamo.stop();
}
process.exit(0);
