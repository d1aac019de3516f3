/**
 * `npm run bench` prints a table; `-- --json` adds one JSON object as the last line; `-- --quick`
 * is a short smoke run; `-- --only warm,cold` runs some parts. Every speed figure is a ratio
 * against a floor measured in the same run.
 */
import { arch, cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '../shared/local/bootstrap';
import { startDynamoDbLocal } from '../shared/local/dynamodb-local';
import { createDocumentClient } from '../shared/store/client';
import { Table } from '../shared/store/table';
import { buildBundles } from './bundles';
import { coldEvents, coldStartNode, lambdaRuntimeNode, measureColdStarts } from './cold-start';
import { seedSamples } from './fixtures';
import { measureLoad } from './load';
import { measureStatisticsScale, measureSweepScale } from './scale';
import { measureImport } from './import';
import { measureConsole } from './console';
import { round } from './stats';
import { measureWarm } from './warm';

const { values } = parseArgs({ options: { json: { type: 'boolean' }, quick: { type: 'boolean' }, only: { type: 'string' } } });
const quick = values.quick ?? false;
const only = values.only ? new Set(values.only.split(',')) : undefined;
const wanted = (part: string) => only === undefined || only.has(part);
const print = (line = '') => process.stdout.write(`${line}\n`);
const started = performance.now();
const elapsed = () => `${round((performance.now() - started) / 1000, 1)} s`;

/** A fresh in-memory DynamoDB Local with one table (a phase that fills many items gets its own). */
async function withOwnDynamo<T>(use: (table: Table, endpoint: string) => Promise<T>): Promise<T> {
  const own = await startDynamoDbLocal();
  const raw = new DynamoDBClient({ endpoint: own.endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    await ensureTable(raw, 'bench');
    return await use(new Table(createDocumentClient({ endpoint: own.endpoint }), 'bench'), own.endpoint);
  } finally {
    raw.destroy();
    await own.stop();
  }
}

const result: Record<string, unknown> = {};
print(`bench on ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${arch()}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);

// 1. Bundles, built as the stack builds them.
const { functions, floor, stackFloor, directSdk } = await buildBundles();
result.bundles = Object.fromEntries(functions.map((f) => [f.name, f.bytes]));
result.floorBundle = floor.bytes;
print(`\nBundles (minified ESM, AWS SDK inside)             bytes   × floor   [${elapsed()}]`);
print(`  floor (document client + one GetItem)   ${String(floor.bytes).padStart(12)}`);
for (const b of functions) print(`  ${b.name.padEnd(40)}${String(b.bytes).padStart(12)}   ${round(b.bytes / floor.bytes)}`);
// Where the largest bundle's bytes come from, next to the floor plus the stack's two libraries
// (bench/stack-floor.ts): what the 1.25 target leaves for the product's own code.
const largest = functions.reduce((a, b) => (b.bytes > a.bytes ? b : a));
const kb = (bytes: number) => `${round(bytes / 1000, 1)} KB`;
result.stackFloorBundle = stackFloor.bytes;
result.largestBundleParts = { name: largest.name, ...largest.parts };
print(`  stack floor (floor + Hono + zod, one route) ${String(stackFloor.bytes).padStart(8)}   ${round(stackFloor.bytes / floor.bytes)}`);
print(
  `  ${largest.name} by origin: AWS SDK ${kb(largest.parts.sdk)} (floor's ${kb(floor.parts.sdk)}), zod ${kb(largest.parts.zod)}, ` +
    `Hono ${kb(largest.parts.hono)}, other packages ${kb(largest.parts.other)}, own code ${kb(largest.parts.own)}; ` +
    `1.25 × floor leaves ${kb(0.25 * floor.bytes)} over the floor`,
);

// 2. Cold start and 3. warm requests, on a table holding what the sample events point at.
if (wanted('cold') || wanted('warm')) {
  await withOwnDynamo(async (table, endpoint) => {
    const fixture = await seedSamples(table);
    if (wanted('cold')) {
      const env = {
        ...process.env,
        TABLE_NAME: table.name,
        DYNAMODB_ENDPOINT: endpoint,
        AWS_ENDPOINT_URL_DYNAMODB: endpoint,
        AWS_REGION: 'cn-north-1',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        LOG_LEVEL: 'INFO',
      };
      const node = coldStartNode();
      if (!node.pinned) print(`\nnote: ${lambdaRuntimeNode} (the pinned Node 22 of the Lambda runtime) is missing; cold starts run on this Node`);
      // A function is measured on its sample event from events/; one without a sample is named, not run.
      const sampled = functions.filter((f) => coldEvents[f.name] !== undefined);
      const unsampled = functions.filter((f) => coldEvents[f.name] === undefined).map((f) => f.name);
      if (unsampled.length > 0) print(`\nnote: no sample event in events/ for ${unsampled.join(', ')}: their cold start is not measured`);
      const coldStart = await measureColdStarts(sampled, floor, env, quick ? 3 : 20, node.path);
      result.coldStart = coldStart;
      result.coldStartNode = node.version;
      print(`\nCold start on Node ${node.version}${node.pinned ? ' (the Lambda runtime)' : ''}: fresh process, import + one event`);
      print(`                                                 median ms   floor ms   ratio   [${elapsed()}]`);
      for (const [name, c] of Object.entries(coldStart)) print(`  ${name.padEnd(44)}${String(c.medianMs).padStart(8)}${String(c.floorMedianMs).padStart(11)}${String(c.ratio).padStart(8)}`);
    }
    if (wanted('warm')) {
      Object.assign(process.env, { TABLE_NAME: table.name, DYNAMODB_ENDPOINT: endpoint, LOG_LEVEL: 'INFO' });
      const warm = await measureWarm(new Map(functions.map((f) => [f.name, f.file])), table, directSdk.file, endpoint, fixture, quick ? 60 : 300);
      result.warm = warm;
      print(`\nWarm requests (in-process handler)      p50 ms   p99 ms   direct p50 ms   ratio   [${elapsed()}]`);
      for (const [name, w] of Object.entries(warm)) print(`  ${name.padEnd(36)}${String(w.p50Ms).padStart(8)}${String(w.p99Ms).padStart(9)}${String(w.directP50Ms).padStart(16)}${String(w.ratio).padStart(8)}`);
    }
  });
}

// 4. Statistics for a year of 1,000 and of 100,000 cases, each table on its own DynamoDB Local.
if (wanted('statistics')) {
  const counts: [number, number] = quick ? [1000, 10_000] : [1000, 100_000];
  const statistics = await withOwnDynamo((small) => withOwnDynamo((large) => measureStatisticsScale([small, large], counts)));
  result.statistics = statistics;
  print(
    `\nStatistics request: ${counts[0]} cases ${statistics.medianMs[0]} ms, ${statistics.itemsRead[0]} items read; ` +
      `${counts[1]} cases ${statistics.medianMs[1]} ms, ${statistics.itemsRead[1]} items read; ratio ${statistics.ratio}   [${elapsed()}]`,
  );
}

// 5. The daily sweep over 10,000 open cases.
if (wanted('sweep')) {
  const sweep = await withOwnDynamo((table) => measureSweepScale(table));
  result.sweep = { cases: sweep.cases, due: sweep.due, itemsRead: sweep.itemsRead, ms: sweep.ms };
  print(`Sweep over ${sweep.cases} open cases, ${sweep.due} due in the window: ${sweep.itemsRead} items read, ${sweep.ms} ms, ${sweep.raised} alerts   [${elapsed()}]`);
}

// 6. npm start under load.
if (wanted('load')) {
  const seconds = quick ? 5 : 30;
  const load = await measureLoad(seconds);
  result.load = load;
  print(`Load (16 clients, ${seconds} s, npm start): ${load.requests} requests, ${load.errors} errors, ${load.rps} req/s, p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms   [${elapsed()}]`);
  for (const [label, r] of Object.entries(load.byRoute)) print(`  ${label.padEnd(14)}${String(r.requests).padStart(6)} requests   p50 ${String(r.p50Ms).padStart(8)} ms   p99 ${String(r.p99Ms).padStart(8)} ms`);
  if (load.failures) print(`  failures: ${Object.entries(load.failures).map(([what, n]) => `${what} × ${n}`).join(', ')}`);
}

// 7. The console's pages next to the JSON routes serving the same data (server time, in-process).
if (wanted('console')) {
  const figures = await withOwnDynamo(async (table) => {
    await seedSamples(table);
    return measureConsole(table, quick ? 30 : 200, quick ? 10 : 50);
  });
  result.console = figures;
  print(`\nConsole pages (in-process, server time)  p50 ms   JSON p50 ms   ratio   HTML bytes   [${elapsed()}]`);
  for (const [name, f] of Object.entries(figures)) print(`  ${name.padEnd(36)}${String(f.p50Ms).padStart(8)}${String(f.jsonP50Ms).padStart(14)}${String(f.ratio).padStart(8)}${String(f.htmlBytes).padStart(13)}`);
}

// 8. A 5,000-row ledger imported (POST /imports' use case), next to the same cases entered through the API.
if (wanted('import')) {
  const figures = await measureImport(quick ? 500 : 5000);
  result.import = figures;
  print(
    `Ledger import, ${figures.rows} rows (${figures.fileBytes} B .xlsx): ${figures.seconds} s, of which checking ${figures.checkSeconds} s (${figures.rowsPerSecond} rows/s); ` +
      `${figures.itemsPerRow} items written per row, ${figures.apiItemsPerRow} through the API (× ${figures.ratio}); peak RSS ${figures.peakRssMiB} MiB   [${elapsed()}]`,
  );
}

print(`\nfinished in ${elapsed()}`);
if (values.json) print(JSON.stringify(result));
process.exit(0);
