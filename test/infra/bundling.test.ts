import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allFunctionNames } from '../../infra/api-functions';
import { swaggerUiBundleDir, swaggerUiFileNames } from '../../shared/http/swagger-ui';
import { lambdaNode } from '../support/lambda-node';
import { synthStack, type Resources } from './stack-fixture';

/** Hosts of public CDNs: a page or bundle naming one would not work on a government intranet. */
const cdnHosts = ['unpkg.com', 'jsdelivr.net', 'cdnjs.cloudflare.com', 'googleapis.com', 'gstatic.com', 'bootcdn.net', 'bootcss.com', 'staticfile.org', 'staticfile.net', 'esm.sh', 'skypack.dev', 'jspm.io', 'cdn.'];

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
    // api-meta also carries Swagger UI's files (below).
    expect(readdirSync(bundle?.dir ?? '').filter((file) => file !== swaggerUiBundleDir || name !== 'api-meta').sort()).toEqual(['index.mjs', 'index.mjs.map']);
  });

  it('api-meta ships the pinned swagger-ui-dist files beside its bundle', () => {
    const dir = join(bundles.find((b) => b.name === 'api-meta')?.dir ?? '', swaggerUiBundleDir);
    expect(readdirSync(dir).sort()).toEqual([...swaggerUiFileNames].sort());
    for (const file of swaggerUiFileNames) {
      expect(readFileSync(join(dir, file)).equals(readFileSync(join('node_modules/swagger-ui-dist', file))), file).toBe(true);
    }
  });

  it('no bundle or shipped file names a CDN', () => {
    const offending: string[] = [];
    for (const bundle of bundles) {
      for (const file of readdirSync(bundle.dir, { recursive: true, encoding: 'utf8' })) {
        const path = join(bundle.dir, file);
        if (statSync(path).isDirectory()) continue;
        const text = readFileSync(path, 'latin1');
        for (const host of cdnHosts) if (text.includes(host)) offending.push(`${bundle.name}/${file}: ${host}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('the deployed /docs page loads Swagger UI from the API itself, and the API serves it', () => {
    const dir = bundles.find((b) => b.name === 'api-meta')?.dir ?? '';
    const url = pathToFileURL(join(dir, 'index.mjs')).href;
    const event = (path: string) => ({
      version: '2.0',
      routeKey: path === '/docs' ? 'GET /docs' : 'GET /docs/{file}',
      rawPath: path,
      rawQueryString: '',
      headers: { host: 'api.example.gov.cn' },
      requestContext: { http: { method: 'GET', path }, domainName: 'api.example.gov.cn', requestId: 'r1' },
      isBase64Encoded: false,
    });
    const script = `const m = await import(${JSON.stringify(url)});
      const out = [];
      for (const path of ['/docs', '/docs/swagger-ui.css', '/docs/swagger-ui-bundle.js']) {
        const r = await m.handler((${event.toString()})(path), {});
        out.push({ path, status: r.statusCode, type: r.headers['content-type'], body: path === '/docs' ? r.body : String(r.body.length) });
      }
      process.stdout.write(JSON.stringify(out));`;
    const run = spawnSync(lambdaNode(), ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, TABLE_NAME: 'bundle-test', AWS_REGION: 'cn-north-1', LOG_LEVEL: 'SILENT', AWS_LAMBDA_FUNCTION_NAME: 'api-meta' },
    });
    expect(run.stderr).toBe('');
    const [page, css, js] = JSON.parse(run.stdout) as { path: string; status: number; type: string; body: string }[];
    expect(page?.status).toBe(200);
    const urls = [...(page?.body ?? '').matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(urls.sort()).toEqual(['./docs/swagger-ui-bundle.js', './docs/swagger-ui.css']);
    expect(page?.body).not.toMatch(/https?:\/\//);
    for (const host of cdnHosts) expect(page?.body).not.toContain(host);
    expect(css).toMatchObject({ status: 200, type: 'text/css; charset=utf-8' });
    expect(js).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' });
    expect(Number(js?.body)).toBe(readFileSync('node_modules/swagger-ui-dist/swagger-ui-bundle.js', 'utf8').length);
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

  it.each(allFunctionNames.filter((name) => name.startsWith('api-')))(
    '%s loads and answers on Node 22, the Lambda runtime, without loading undici',
    (name) => {
      // Node 22 loads undici (~20 ms) when the bundle touches a Web global or imports node:http as
      // ESM; the light Web classes and the node:http alias (infra/node-http.cjs) keep it unloaded.
      const node = lambdaNode();
      const url = pathToFileURL(join(bundles.find((b) => b.name === name)?.dir ?? '', 'index.mjs')).href;
      const event = {
        version: '2.0', routeKey: '$default', rawPath: '/health', rawQueryString: '', headers: {},
        requestContext: { http: { method: 'GET', path: '/health', sourceIp: '127.0.0.1' }, requestId: 'bundling' },
      };
      const run = spawnSync(
        node,
        ['--input-type=module', '-e', `const m = await import(${JSON.stringify(url)});
          const r = await m.handler(${JSON.stringify(event)}, {});
          process.stdout.write(JSON.stringify({ version: process.version, answered: typeof r.statusCode === 'number', undici: process.moduleLoadList.some((m) => m.includes('undici')) }));`],
        { encoding: 'utf8', env: { PATH: process.env.PATH, TABLE_NAME: 'bundle-test', AWS_REGION: 'cn-north-1', LOG_LEVEL: 'SILENT', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', DYNAMODB_ENDPOINT: 'http://127.0.0.1:9' } },
      );
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout)).toEqual({ version: expect.stringMatching(/^v22\./), answered: true, undici: false });
    },
  );

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
