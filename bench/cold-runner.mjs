// One cold start: a fresh Node process imports a bundle and answers one event.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle, eventFile] = process.argv.slice(2);
const event = eventFile ? JSON.parse(readFileSync(eventFile, 'utf8')) : {};
const { handler } = await import(pathToFileURL(bundle).href);
const result = await handler(event, { awsRequestId: 'bench', functionName: 'bench', getRemainingTimeInMillis: () => 10_000 });
const status = result?.statusCode ?? 200;
process.exit(status >= 500 ? 3 : 0);
