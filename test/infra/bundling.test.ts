import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allFunctionNames } from '../../infra/api-functions';
import { synthStack, type Resources } from './stack-fixture';

// The one test that runs esbuild for real (locally, never in Docker), as `npm run synth` does.
describe('bundling', () => {
  const fixture = synthStack({ bundle: true });
  const assembly = fixture.app.synth();

  const resources = fixture.template.toJSON().Resources as Resources;
  const bundles = Object.values(resources)
    .filter((resource) => resource.Type === 'AWS::Lambda::Function')
    .map((resource) => {
      const props = resource.Properties as {
        Handler: string;
        Code: { S3Key: string };
        Environment: { Variables: { SERVICE_NAME: string } };
      };
      // The asset's hash names both the zip CloudFormation deploys and its staging directory.
      const hash = props.Code.S3Key.replace(/\.zip$/, '');
      return { name: props.Environment.Variables.SERVICE_NAME, handler: props.Handler, dir: join(assembly.directory, `asset.${hash}`) };
    });

  it('produces one bundle per function', () => {
    expect(bundles.map((bundle) => bundle.name).sort()).toEqual([...allFunctionNames].sort());
  });

  it.each(allFunctionNames)('%s is an ES module bundle with its source map', (name) => {
    const bundle = bundles.find((b) => b.name === name);
    expect(bundle?.handler).toBe('index.handler');
    expect(readdirSync(bundle?.dir ?? '').sort()).toEqual(['index.mjs', 'index.mjs.map']);
  });

  it.each(allFunctionNames)('%s carries the AWS SDK inside', (name) => {
    const dir = bundles.find((b) => b.name === name)?.dir ?? '';
    const sources = (JSON.parse(readFileSync(join(dir, 'index.mjs.map'), 'utf8')) as { sources: string[] }).sources;
    expect(sources.some((source) => source.includes('node_modules/@aws-sdk/client-dynamodb/'))).toBe(true);
    expect(sources.some((source) => source.includes('node_modules/@aws-sdk/lib-dynamodb/'))).toBe(true);
    // CommonJS dependencies bundled into ESM get a real require().
    expect(readFileSync(join(dir, 'index.mjs'), 'utf8')).toMatch(/^import \{ createRequire \} from 'node:module';/);
  });

  it.each(allFunctionNames)('%s maps positions without carrying the sources', (name) => {
    // Copies of the sources would triple the map's size for nothing a stack trace needs.
    const map = JSON.parse(readFileSync(join(bundles.find((b) => b.name === name)?.dir ?? '', 'index.mjs.map'), 'utf8')) as { sources: string[]; sourcesContent?: unknown[]; mappings: string };
    expect(map.sourcesContent).toBeUndefined();
    expect(map.sources.some((source) => source.endsWith(`functions/${name}/index.ts`))).toBe(true);
    expect(map.mappings.length).toBeGreaterThan(1000);
  });

  it('a logged error names the TypeScript files and lines, through the map beside the bundle', () => {
    // A hearing record whose tracker cannot be read (nothing listens on port 9): the aggregator
    // logs the error with its stack. No NODE_OPTIONS: the map is read when the error is logged.
    const dir = bundles.find((b) => b.name === 'aggregator')?.dir ?? '';
    const url = pathToFileURL(join(dir, 'index.mjs')).href;
    const event = { Records: [{ eventID: 'bad-1', eventName: 'INSERT', dynamodb: { SequenceNumber: '1', NewImage: { entity: { S: 'hearing' } } } }] };
    const run = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `const m = await import(${JSON.stringify(url)}); await m.handler(${JSON.stringify(event)}, {});`],
      {
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          TABLE_NAME: 'bundle-test',
          AWS_REGION: 'cn-north-1',
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9',
          DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
      },
    );
    const logged = run.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { message: string; error?: { stack?: string } })
      .find((entry) => entry.message === 'stream record not aggregated');
    expect(logged?.error?.stack).toMatch(/\(shared\/store\/table\.ts:\d+:\d+\)/);
    expect(logged?.error?.stack).toMatch(/\(functions\/aggregator\/index\.ts:\d+:\d+\)/);
    expect(logged?.error?.stack).not.toMatch(/index\.mjs/);
  });

  it.each(allFunctionNames)('%s is ASCII, so Node reads it as one-byte text', (name) => {
    // esbuild escapes non-ASCII strings but not regular expressions; one 律 in a regex would make
    // the whole bundle two-byte text for V8 to scan on every cold start.
    const code = readFileSync(join(bundles.find((b) => b.name === name)?.dir ?? '', 'index.mjs'), 'latin1');
    const offending = /[^\x00-\x7f]/.exec(code);
    expect(offending && code.slice(Math.max(0, offending.index - 60), offending.index + 20)).toBeNull();
  });

  it.each(allFunctionNames)('%s loads with no node_modules around it', (name) => {
    // Copied where no node_modules can be found: an import of @aws-sdk (or of anything else) left
    // external would fail here as it would on Lambda.
    const alone = mkdtempSync(join(tmpdir(), `bundle-${name}-`));
    try {
      copyFileSync(join(bundles.find((b) => b.name === name)?.dir ?? '', 'index.mjs'), join(alone, 'index.mjs'));
      const url = pathToFileURL(join(alone, 'index.mjs')).href;
      const run = spawnSync(
        process.execPath,
        ['--input-type=module', '-e', `const m = await import(${JSON.stringify(url)}); if (typeof m.handler !== 'function') process.exit(3);`],
        {
          cwd: alone,
          encoding: 'utf8',
          env: { PATH: process.env.PATH, TABLE_NAME: 'bundle-test', AWS_REGION: 'cn-north-1', LOG_LEVEL: 'SILENT' },
        },
      );
      expect(run.stderr).not.toMatch(/ERR_MODULE_NOT_FOUND|Cannot find (module|package)/);
      expect(run.status).toBe(0);
    } finally {
      rmSync(alone, { recursive: true, force: true });
    }
  });
});
