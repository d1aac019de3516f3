import { beforeAll, describe, expect, it } from 'vitest';
import { allContracts } from '../../shared/http/contracts';
import { createLocalApp } from '../../shared/local/local-app';
import type { Table } from '../../shared/store/table';
import { freshTable } from '../support/dynamo';
import { authHeader, call } from '../support/http';

let table: Table;
let app: ReturnType<typeof createLocalApp>;

beforeAll(async () => {
  table = await freshTable('agencies');
  app = createLocalApp({ table });
});

describe('POST /agencies', () => {
  it('registers an agency and answers 201 with Location and ETag', async () => {
    const res = await call(app, 'POST', '/agencies', {
      headers: await authHeader('legal-office'),
      body: { id: 'market-regulation', name: '区市场监督管理局' },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe('/agencies/market-regulation');
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.body).toMatchObject({ id: 'market-regulation', name: '区市场监督管理局', version: 1 });
  });

  it('refuses a second agency with the same id with 409 AGENCY_EXISTS', async () => {
    const headers = await authHeader('legal-office');
    await call(app, 'POST', '/agencies', { headers, body: { id: 'public-security', name: '区公安分局' } });
    const res = await call(app, 'POST', '/agencies', { headers, body: { id: 'public-security', name: '另一个' } });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(res.body).toMatchObject({ status: 409, code: 'AGENCY_EXISTS' });
  });

  it('names each bad field and rejects unknown ones', async () => {
    const res = await call(app, 'POST', '/agencies', {
      headers: await authHeader('legal-office'),
      body: { id: 'Bad Id', name: '', extra: true },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    const paths = (res.body as { errors: { path: string }[] }).errors.map((e) => e.path).sort();
    expect(paths).toEqual(['extra', 'id', 'name']);
  });

  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await call(app, 'POST', '/agencies', {
      headers: { ...(await authHeader('legal-office')), 'content-type': 'application/json' },
      rawBody: '{"id": "tax",',
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'MALFORMED_JSON' });
  });

  it('answers a body over 64 KB with 413', async () => {
    const res = await call(app, 'POST', '/agencies', {
      headers: await authHeader('legal-office'),
      body: { id: 'big', name: 'x'.repeat(70 * 1024) },
    });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'BODY_TOO_LARGE' });
  });

  it('answers a non-JSON content type with 415', async () => {
    const res = await call(app, 'POST', '/agencies', {
      headers: { ...(await authHeader('legal-office')), 'content-type': 'text/plain' },
      rawBody: 'id=tax',
    });
    expect(res.status).toBe(415);
  });

  it('answers a non-object body with 400 at the root', async () => {
    const res = await call(app, 'POST', '/agencies', { headers: await authHeader('legal-office'), body: ['tax'] });
    expect(res.status).toBe(400);
    expect((res.body as { errors: { path: string }[] }).errors[0]?.path).toBe('');
  });

  it('needs a token (401 with WWW-Authenticate) and the legal-office role (403)', async () => {
    const anonymous = await call(app, 'POST', '/agencies', { body: { id: 'tax', name: '区税务局' } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    const reader = await call(app, 'POST', '/agencies', {
      headers: await authHeader('stats-reader'),
      body: { id: 'tax', name: '区税务局' },
    });
    expect(reader.status).toBe(403);
    expect(reader.body).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('forbids a token whose only role is unknown', async () => {
    const res = await call(app, 'GET', '/agencies', { headers: await authHeader('janitor') });
    expect(res.status).toBe(403);
  });
});

describe('GET /agencies', () => {
  it('pages through agencies with a cursor the server issued', async () => {
    const headers = await authHeader('legal-office');
    for (const id of ['pg-a', 'pg-b', 'pg-c']) {
      await call(app, 'POST', '/agencies', { headers, body: { id, name: `机关${id}` } });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: Awaited<ReturnType<typeof call>> = await call(app, 'GET', `/agencies?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { headers });
      expect(res.status).toBe(200);
      const page = res.body as { items: { id: string }[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((a) => a.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.filter((id) => id.startsWith('pg-'))).toEqual(['pg-a', 'pg-b', 'pg-c']);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('rejects a tampered cursor with 400 naming the cursor', async () => {
    const res = await call(app, 'GET', '/agencies?cursor=eyJwayI6IngifQ.AAAA', { headers: await authHeader('legal-office') });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'INVALID_CURSOR', errors: [{ in: 'query', path: 'cursor' }] });
  });

  it('rejects a page size over 200 and unknown query parameters', async () => {
    const headers = await authHeader('legal-office');
    expect((await call(app, 'GET', '/agencies?limit=500', { headers })).status).toBe(400);
    const unknown = await call(app, 'GET', '/agencies?agency=tax', { headers });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ errors: [{ in: 'query', path: 'agency', message: '未知字段' }] });
  });

  it('shows an agency head only its own agency', async () => {
    const res = await call(app, 'GET', '/agencies', { headers: await authHeader('agency-head', 'market-regulation') });
    expect(res.status).toBe(200);
    expect((res.body as { items: { id: string }[] }).items.map((a) => a.id)).toEqual(['market-regulation']);
  });

  it('hides another agency from an agency head with 404', async () => {
    const res = await call(app, 'GET', '/agencies/public-security', {
      headers: await authHeader('agency-head', 'market-regulation'),
    });
    expect(res.status).toBe(404);
  });

  it('answers a malformed agency id with 400, not 500', async () => {
    const res = await call(app, 'GET', '/agencies/%E2%9C%93%20bad', { headers: await authHeader('legal-office') });
    expect(res.status).toBe(400);
  });
});

describe('meta routes', () => {
  it('reports health once the table is reachable', async () => {
    const res = await call(app, 'GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('reports 503 when the table is not reachable', async () => {
    const { Table } = await import('../../shared/store/table');
    const broken = createLocalApp({ table: new Table(table.doc, 'no-such-table') });
    const res = await call(broken, 'GET', '/health');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
  });

  it('serves an OpenAPI 3.1 document with every route, its security and roles', async () => {
    const res = await call(app, 'GET', '/openapi.json');
    const doc = res.body as {
      openapi: string;
      paths: Record<string, Record<string, { security: unknown[]; 'x-roles': unknown; requestBody?: unknown }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/agencies', '/agencies/{agencyId}', '/docs', '/health', '/meta/enums', '/openapi.json']));
    for (const contract of allContracts) {
      expect(doc.paths[contract.path]?.[contract.method], `${contract.method} ${contract.path}`).toBeDefined();
    }
    expect(doc.paths['/health']?.get?.security).toEqual([]);
    expect(doc.paths['/agencies']?.post?.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/agencies']?.post?.['x-roles']).toEqual(['legal-office']);
    expect(doc.paths['/agencies']?.post?.requestBody).toBeDefined();
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Agency', 'NewAgency', 'Problem']));
  });

  it('serves Swagger UI at /docs pointing at the document', async () => {
    const res = await call(app, 'GET', '/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.text).toContain('/openapi.json');
  });

  it('lists every enum with Chinese labels for any role', async () => {
    const res = await call(app, 'GET', '/meta/enums', { headers: await authHeader('stats-reader') });
    expect(res.status).toBe(200);
    const { enums } = res.body as { enums: Record<string, { code: string; zh: string }[]> };
    expect(enums.caseKind).toEqual([
      { code: 'reconsideration', zh: '行政复议' },
      { code: 'litigation', zh: '行政应诉' },
    ]);
    expect(enums.reconsiderationOutcome).toContainEqual({ code: 'confirm-illegal', zh: '确认违法' });
    for (const entries of Object.values(enums)) {
      for (const entry of entries) expect(entry.zh).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('answers an unknown route with a problem document', async () => {
    const res = await call(app, 'GET', '/nowhere');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
  });
});
