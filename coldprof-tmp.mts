import { startDynamoDbLocal } from './shared/local/dynamodb-local';
import { ensureTable } from './shared/local/bootstrap';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Table } from './shared/store/table';
import { createDocumentClient } from './shared/store/client';
import { seedSamples } from './bench/fixtures';
import { execFileSync } from 'node:child_process';
const own = await startDynamoDbLocal();
const raw = new DynamoDBClient({ endpoint: own.endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
await ensureTable(raw, 'bench');
await seedSamples(new Table(createDocumentClient({ endpoint: own.endpoint }), 'bench'));
const env = { ...process.env, TABLE_NAME: 'bench', DYNAMODB_ENDPOINT: own.endpoint, AWS_ENDPOINT_URL_DYNAMODB: own.endpoint, AWS_REGION: 'cn-north-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', LOG_LEVEL: 'INFO' };
const runs = (process.argv[2] ?? 'floor:,api-agencies:api-agencies-list.json,api-meta:api-meta-health.json,api-cases:api-cases-get.json,sweep:sweep-schedule.json').split(',').map((s) => s.split(':'));
const script = process.argv[3] ?? '/tmp/cold-prof.mjs';
for (let i=0;i<3;i++) for (const [n,e] of runs) { try { execFileSync(process.execPath, [script, '.bench/bundles/'+n+'/index.mjs', ...(e?['events/'+e]:[])], { env, stdio: ['ignore','ignore','inherit'] }); } catch (err) { console.error(String(err)); } }
await own.stop();
