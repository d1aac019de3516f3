import { beforeAll, describe, expect, it } from 'vitest';
import { allContracts } from '../../shared/http/contracts';
import { openApiDocument } from '../../shared/http/openapi';
import { createLocalApp } from '../../shared/local/local-app';
import { ensureAgency, litigationBody, reconsiderationBody, registerCase } from '../support/cases';
import { movableClock } from '../support/clock';
import { freshTable } from '../support/dynamo';
import { authHeader, call } from '../support/http';

/**
 * Business dates run from 1990-01-01 to 2099-12-31 on every route and every date, datetime and
 * year field: a date outside (a year below 1000 once answered 500, 1000–1899 were stored,
 * statistics from 1000-01-01 counted negative figures) is a 400 naming the field. The table below
 * is checked against the OpenAPI document: a date field added to any request without a row here
 * fails the first test.
 */
const TOO_EARLY = ['0999-12-31', '1899-01-01'];
const TOO_LATE = ['2100-01-01'];
const IN_RANGE = ['1990-01-01', '2099-12-31'];
const DATE_RANGE = '日期应在1990-01-01至2099-12-31之间';
const YEAR_RANGE = '年份应在1990至2099之间';

let app: ReturnType<typeof createLocalApp>;
let headers: Record<string, string>;
let reconsiderationId: string;
let litigationId: string;
let hearingId: string;

beforeAll(async () => {
  app = createLocalApp({ table: await freshTable('date-range'), clock: movableClock('2025-06-30T10:00:00+08:00') });
  headers = await authHeader('legal-office');
  await ensureAgency(app, 'market-regulation');
  reconsiderationId = (await registerCase(app, reconsiderationBody({ receivedOn: '2025-06-02' }))).id;
  litigationId = (await registerCase(app, litigationBody({ receivedOn: '2025-06-02', filedOn: '2025-05-28' }))).id;
  const hearing = await call(app, 'POST', `/cases/${litigationId}/hearings`, {
    headers,
    body: { scheduledAt: '2025-07-18T09:30:00+08:00', court: '潞州区人民法院', kind: 'court' },
  });
  hearingId = (hearing.body as { id: string }).id;
});

type Kind = 'date' | 'datetime' | 'year';
type Location = 'body' | 'query' | 'path';
interface Row {
  /** `POST /cases`, as in the OpenAPI document */
  route: string;
  in: Location;
  field: string;
  kind: Kind;
  request: (value: string) => { method: string; path: string; body?: unknown };
}

const asKind = (kind: Kind, date: string) => (kind === 'datetime' ? `${date}T09:30:00+08:00` : kind === 'year' ? date.slice(0, 4) : date);
const get = (path: string) => ({ method: 'GET', path });
const action = (body: Record<string, unknown>) => ({ method: 'POST', path: `/cases/${reconsiderationId}/actions`, body });
const litigationAction = (body: Record<string, unknown>) => ({ method: 'POST', path: `/cases/${litigationId}/actions`, body });

const rows: Row[] = [
  { route: 'POST /cases', in: 'body', field: 'receivedOn', kind: 'date', request: (v) => ({ method: 'POST', path: '/cases', body: reconsiderationBody({ receivedOn: v }) }) },
  { route: 'POST /cases', in: 'body', field: 'filedOn', kind: 'date', request: (v) => ({ method: 'POST', path: '/cases', body: litigationBody({ filedOn: v }) }) },
  { route: 'GET /cases', in: 'query', field: 'receivedFrom', kind: 'date', request: (v) => get(`/cases?receivedFrom=${v}`) },
  { route: 'GET /cases', in: 'query', field: 'receivedTo', kind: 'date', request: (v) => get(`/cases?receivedTo=${v}`) },
  { route: 'POST /cases/{caseId}/actions', in: 'body', field: 'on', kind: 'date', request: (v) => action({ type: 'accept', on: v }) },
  {
    route: 'POST /cases/{caseId}/actions',
    in: 'body',
    field: 'servedOn',
    kind: 'date',
    request: (v) => action({ type: 'request-correction', on: '2025-06-03', servedOn: v }),
  },
  { route: 'POST /cases/{caseId}/actions', in: 'body', field: 'servedOn', kind: 'date', request: (v) => action({ type: 'send-copy', on: '2025-06-10', servedOn: v }) },
  {
    route: 'POST /cases/{caseId}/actions',
    in: 'body',
    field: 'until',
    kind: 'date',
    request: (v) => action({ type: 'extend-correction', on: '2025-06-10', until: v, reason: '申请人住院治疗' }),
  },
  {
    route: 'POST /cases/{caseId}/actions',
    in: 'body',
    field: 'servedOn',
    kind: 'date',
    request: (v) => litigationAction({ type: 'judge', on: '2025-06-20', form: 'judgment', instance: 'first', outcome: 'claims-dismissed', servedOn: v }),
  },
  {
    route: 'POST /cases/{caseId}/actions',
    in: 'body',
    field: 'replyDueOn',
    kind: 'date',
    request: (v) => litigationAction({ type: 'receive-judicial-suggestion', on: '2025-06-20', replyDueOn: v }),
  },
  {
    route: 'POST /cases/{caseId}/hearings',
    in: 'body',
    field: 'scheduledAt',
    kind: 'datetime',
    request: (v) => ({ method: 'POST', path: `/cases/${litigationId}/hearings`, body: { scheduledAt: v, court: '潞州区人民法院', kind: 'court' } }),
  },
  { route: 'PATCH /hearings/{hearingId}', in: 'body', field: 'scheduledAt', kind: 'datetime', request: (v) => ({ method: 'PATCH', path: `/hearings/${hearingId}`, body: { scheduledAt: v } }) },
  { route: 'GET /hearings', in: 'query', field: 'from', kind: 'date', request: (v) => get(`/hearings?from=${v}`) },
  { route: 'GET /hearings', in: 'query', field: 'to', kind: 'date', request: (v) => get(`/hearings?to=${v}`) },
  { route: 'GET /deadlines', in: 'query', field: 'dueFrom', kind: 'date', request: (v) => get(`/deadlines?dueFrom=${v}`) },
  { route: 'GET /deadlines', in: 'query', field: 'dueTo', kind: 'date', request: (v) => get(`/deadlines?dueTo=${v}`) },
  { route: 'GET /alerts', in: 'query', field: 'since', kind: 'date', request: (v) => get(`/alerts?since=${v}`) },
  { route: 'GET /calendar/{year}', in: 'path', field: 'year', kind: 'year', request: (v) => get(`/calendar/${v}`) },
  {
    route: 'PUT /calendar/{year}',
    in: 'path',
    field: 'year',
    kind: 'year',
    request: (v) => ({ method: 'PUT', path: `/calendar/${v}`, body: { holidays: [], workdays: [] } }),
  },
  {
    route: 'PUT /calendar/{year}',
    in: 'body',
    field: 'holidays.0',
    kind: 'date',
    request: (v) => ({ method: 'PUT', path: '/calendar/2031', body: { holidays: [v], workdays: [] } }),
  },
  {
    route: 'PUT /calendar/{year}',
    in: 'body',
    field: 'workdays.0',
    kind: 'date',
    request: (v) => ({ method: 'PUT', path: '/calendar/2031', body: { holidays: [], workdays: [v] } }),
  },
  { route: 'GET /statistics', in: 'query', field: 'from', kind: 'date', request: (v) => get(`/statistics?from=${v}`) },
  { route: 'GET /statistics', in: 'query', field: 'to', kind: 'date', request: (v) => get(`/statistics?to=${v}`) },
  { route: 'GET /statistics.csv', in: 'query', field: 'from', kind: 'date', request: (v) => get(`/statistics.csv?from=${v}`) },
  { route: 'GET /statistics.csv', in: 'query', field: 'to', kind: 'date', request: (v) => get(`/statistics.csv?to=${v}`) },
  { route: 'GET /statistics/monthly', in: 'query', field: 'year', kind: 'year', request: (v) => get(`/statistics/monthly?year=${v}`) },
  { route: 'GET /statistics.xlsx', in: 'query', field: 'from', kind: 'date', request: (v) => get(`/statistics.xlsx?from=${v}`) },
  { route: 'GET /statistics.xlsx', in: 'query', field: 'to', kind: 'date', request: (v) => get(`/statistics.xlsx?to=${v}`) },
  { route: 'GET /cases.xlsx', in: 'query', field: 'receivedFrom', kind: 'date', request: (v) => get(`/cases.xlsx?receivedFrom=${v}`) },
  { route: 'GET /cases.xlsx', in: 'query', field: 'receivedTo', kind: 'date', request: (v) => get(`/cases.xlsx?receivedTo=${v}`) },
  { route: 'GET /reports/annual', in: 'query', field: 'year', kind: 'year', request: (v) => get(`/reports/annual?year=${v}`) },
  { route: 'GET /reports/annual.docx', in: 'query', field: 'year', kind: 'year', request: (v) => get(`/reports/annual.docx?year=${v}`) },
];

type JsonSchema = Record<string, unknown>;

/** Every date, datetime and year field of every request, from the OpenAPI document: `POST /cases body receivedOn`. */
function dateFieldsOfDocument(): Set<string> {
  const document = openApiDocument(allContracts, { title: 't', version: '1' }) as {
    paths: Record<string, Record<string, { parameters?: { name: string; in: string; schema: JsonSchema }[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>>;
    components: { schemas: Record<string, JsonSchema> };
  };
  const kindOf = (schema: JsonSchema): Kind | undefined =>
    schema.format === 'date' ? 'date' : schema.format === 'date-time' ? 'datetime' : schema.type === 'integer' && schema.minimum === 1990 ? 'year' : undefined;
  const found = new Set<string>();
  const walk = (schema: JsonSchema, path: string, route: string, seen: Set<string>) => {
    const ref = schema.$ref;
    if (typeof ref === 'string') {
      if (seen.has(ref)) return;
      const target = document.components.schemas[ref.replace('#/components/schemas/', '')];
      if (target) walk(target, path, route, new Set([...seen, ref]));
      return;
    }
    if (kindOf(schema) && path) found.add(`${route} body ${path}`);
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const) for (const branch of (schema[key] as JsonSchema[] | undefined) ?? []) walk(branch, path, route, seen);
    if (schema.items) walk(schema.items as JsonSchema, path ? `${path}.0` : '0', route, seen);
    for (const [name, property] of Object.entries((schema.properties as Record<string, JsonSchema> | undefined) ?? {})) {
      walk(property, path ? `${path}.${name}` : name, route, seen);
    }
  };
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const route = `${method.toUpperCase()} ${path}`;
      for (const parameter of operation.parameters ?? []) if (kindOf(parameter.schema)) found.add(`${route} ${parameter.in} ${parameter.name}`);
      const body = operation.requestBody?.content['application/json']?.schema;
      if (body) walk(body, '', route, new Set());
    }
  }
  return found;
}

interface Problem {
  code: string;
  errors?: { in: string; path: string; message: string }[];
}

const label = (row: Row) => `${row.route} ${row.in} ${row.field}`;

describe('business dates run from 1990-01-01 to 2099-12-31', () => {
  it('the table covers every date, datetime and year field of every request', () => {
    const documented = [...dateFieldsOfDocument()].sort();
    expect(documented.length).toBeGreaterThan(20);
    expect(documented.filter((field) => !rows.some((row) => label(row) === field))).toEqual([]);
  });

  it('the OpenAPI document states the range', () => {
    const document = JSON.stringify(openApiDocument(allContracts, { title: 't', version: '1' }));
    expect(document).toContain('"formatMinimum":"1990-01-01"');
    expect(document).toContain('"formatMaximum":"2099-12-31"');
    expect(document).toContain('from 1990-01-01 to 2099-12-31');
    expect(document).toContain('"minimum":1990,"maximum":2099');
  });

  describe.each(rows.map((row, i) => [`${label(row)} (#${i + 1})`, row] as const))('%s', (_name, row) => {
    it.each([...TOO_EARLY, ...TOO_LATE])('%s is a 400 naming the field', async (date) => {
      const request = row.request(asKind(row.kind, date));
      const res = await call(app, request.method, request.path, { headers, body: request.body });
      expect(res.status, res.text).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect((res.body as Problem).errors).toContainEqual({ in: row.in, path: row.field, message: row.kind === 'year' ? YEAR_RANGE : DATE_RANGE });
    });

    it.each(IN_RANGE)('%s passes validation', async (date) => {
      const request = row.request(asKind(row.kind, date));
      const res = await call(app, request.method, request.path, { headers, body: request.body });
      // The route may still refuse it for what it means (an action dated before the case was received…), never for its range.
      expect(res.status, res.text).toBeLessThan(500);
      const errors = (res.body as Problem).errors ?? [];
      expect(errors.filter((e) => e.path === row.field && (e.message === DATE_RANGE || e.message === YEAR_RANGE))).toEqual([]);
      // Statistics windows may be refused for their order, an annual report for a year not begun.
      const meaningful = ['GET /statistics', 'GET /statistics.csv', 'GET /statistics.xlsx', 'GET /reports/annual', 'GET /reports/annual.docx'];
      if (row.in !== 'body' && !meaningful.includes(row.route)) expect(res.status, res.text).toBe(200);
    });
  });

  it('a statistics window in the first years counts nothing negative', async () => {
    const res = await call(app, 'GET', '/statistics?from=1990-01-01&to=1999-12-31', { headers });
    expect(res.status, res.text).toBe(200);
    const negative: string[] = [];
    const walk = (value: unknown, path: string): void => {
      if (typeof value === 'number' && value < 0) negative.push(`${path} = ${value}`);
      else if (value && typeof value === 'object') for (const [key, inner] of Object.entries(value)) walk(inner, `${path}.${key}`);
    };
    walk(res.body, '');
    expect(negative).toEqual([]);
  });

  it('a datetime counts by the date written in it', async () => {
    const res = await call(app, 'POST', `/cases/${litigationId}/hearings`, {
      headers,
      body: { scheduledAt: '2100-01-01T00:30:00+09:00', court: '潞州区人民法院', kind: 'court' },
    });
    expect(res.status).toBe(400);
    expect((res.body as Problem).errors).toContainEqual({ in: 'body', path: 'scheduledAt', message: DATE_RANGE });
  });

  it('says the range in English with Accept-Language: en', async () => {
    const res = await call(app, 'GET', '/statistics?from=0999-12-31', { headers: { ...headers, 'accept-language': 'en' } });
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ in: 'query', path: 'from', message: 'must be a date from 1990-01-01 to 2099-12-31' }] });
  });
});
