import { beforeAll, describe, expect, it } from 'vitest';
import { allContracts } from '../../shared/http/contracts';
import { openApiDocument } from '../../shared/http/openapi';
import { createLocalApp } from '../../shared/local/local-app';
import { ensureAgency, litigationBody, reconsiderationBody, registerCase, validIdNumber } from '../support/cases';
import { movableClock } from '../support/clock';
import { freshTable } from '../support/dynamo';
import { authHeader, call } from '../support/http';

/**
 * Free text (a summary, a note, a reason's detail, a conclusion…) comes back verbatim to the office
 * and to agency heads: a resident ID number or a mobile number typed into it is refused with a
 * 400 naming the field. Names (of parties, heads, courts…) may carry anything but an ID number.
 * The table is checked against the OpenAPI document: a text field added to any request body
 * without a row here (or a stated reason to be neither) fails the first test.
 */
const ID_HERE = '请在当事人信息中填写身份证号';
const MOBILE_HERE = '请勿在此填写手机号码';

const ID_NUMBERS = [validIdNumber('19800101', '123'), '11010519491231002X', '11010519491231002x', '140402800101123'];
const MOBILES = ['13800138000', '138 0013 8000', '138-0013-8000', '+86 13800138000', '+86-138-0013-8000'];
/** Ordinary text with numbers in it: a case number, an amount, a date, an article. */
const NORMAL = ['（2024）晋0403行初15号，罚款13800元', '2024-10-08送达，第12条', '潞复〔2024〕12号 人民币1380013800元'];

/** Request body text fields that are neither free text nor a name, and why. */
const NEITHER: Record<string, string> = {
  'POST /cases body parties.0.idNumber': 'the place for an ID number (stored, returned masked)',
  'POST /subscriptions body target': 'a URL or an email address the office enters, never shown to agency heads',
  'POST /subscriptions body secret': 'a robot secret, never returned',
};

let app: ReturnType<typeof createLocalApp>;
let headers: Record<string, string>;
let reconsiderationId: string;
let litigationId: string;
let futureHearing: string;
let pastHearing: string;

beforeAll(async () => {
  app = createLocalApp({ table: await freshTable('free-text'), clock: movableClock('2025-06-30T10:00:00+08:00') });
  headers = await authHeader('legal-office');
  await ensureAgency(app, 'market-regulation');
  reconsiderationId = (await registerCase(app, reconsiderationBody({ receivedOn: '2025-06-02' }))).id;
  litigationId = (await registerCase(app, litigationBody({ receivedOn: '2025-06-02', filedOn: '2025-05-28' }))).id;
  const schedule = async (scheduledAt: string) => {
    const res = await call(app, 'POST', `/cases/${litigationId}/hearings`, { headers, body: { scheduledAt, court: '潞州区人民法院', kind: 'court' } });
    return (res.body as { id: string }).id;
  };
  futureHearing = await schedule('2025-07-18T09:30:00+08:00');
  pastHearing = await schedule('2025-06-20T09:30:00+08:00');
});

type Kind = 'free' | 'name';
interface Row {
  route: string;
  field: string;
  kind: Kind;
  request: (text: string) => { method: string; path: string; body: unknown };
}

const post = (path: string, body: unknown) => ({ method: 'POST', path, body });
const action = (body: Record<string, unknown>) => post(`/cases/${reconsiderationId}/actions`, { on: '2025-06-03', ...body });
const confirm = (body: Record<string, unknown>) => ({ method: 'PUT', path: `/hearings/${futureHearing}/confirmation`, body });
const delegate = (overrides: Record<string, unknown>) =>
  confirm({ attendance: 'delegate', delegate: { name: '王五', position: '法制科科长' }, reason: 'accident', reasonDetail: '因公出差', ...overrides });
const attendance = (body: Record<string, unknown>) => ({ method: 'PUT', path: `/hearings/${pastHearing}/attendance`, body: { held: true, headAppeared: true, appearedName: '李局长', appearedTitle: 'principal', ...body } });
const patch = (body: Record<string, unknown>) => ({ method: 'PATCH', path: `/hearings/${futureHearing}`, body });

const rows: Row[] = [
  // free text
  { route: 'POST /cases', field: 'title', kind: 'free', request: (t) => post('/cases', reconsiderationBody({ title: t })) },
  { route: 'POST /cases', field: 'summary', kind: 'free', request: (t) => post('/cases', reconsiderationBody({ summary: t })) },
  { route: 'POST /cases/{caseId}/actions', field: 'note', kind: 'free', request: (t) => action({ type: 'accept', note: t }) },
  { route: 'POST /cases/{caseId}/actions', field: 'items', kind: 'free', request: (t) => action({ type: 'request-correction', items: t }) },
  { route: 'POST /cases/{caseId}/actions', field: 'reasonDetail', kind: 'free', request: (t) => action({ type: 'reject', reason: 'out-of-time', reasonDetail: t }) },
  { route: 'POST /cases/{caseId}/actions', field: 'reasonDetail', kind: 'free', request: (t) => action({ type: 'mark-major', reasonDetail: t }) },
  {
    route: 'POST /cases/{caseId}/actions',
    field: 'conclusion',
    kind: 'free',
    request: (t) => action({ type: 'collective-review', forum: 'office-meeting', conclusion: t }),
  },
  { route: 'POST /cases/{caseId}/actions', field: 'subject', kind: 'free', request: (t) => action({ type: 'receive-judicial-suggestion', subject: t }) },
  { route: 'POST /cases/{caseId}/actions', field: 'reason', kind: 'free', request: (t) => action({ type: 'correct-outcome', outcome: 'revoke', reason: t }) },
  {
    route: 'POST /cases/{caseId}/actions',
    field: 'reason',
    kind: 'free',
    request: (t) => action({ type: 'extend-correction', until: '2025-06-30', reason: t }),
  },
  { route: 'PATCH /hearings/{hearingId}', field: 'cancelReason', kind: 'free', request: (t) => patch({ status: 'cancelled', cancelReason: t }) },
  { route: 'PUT /hearings/{hearingId}/confirmation', field: 'reasonDetail', kind: 'free', request: (t) => delegate({ reasonDetail: t }) },
  // names
  { route: 'POST /agencies', field: 'name', kind: 'name', request: (t) => post('/agencies', { id: 'tax', name: t }) },
  { route: 'POST /cases', field: 'caseNumber', kind: 'name', request: (t) => post('/cases', reconsiderationBody({ caseNumber: `${t}${Math.random()}`.slice(0, 60) })) },
  { route: 'POST /cases', field: 'parties.0.name', kind: 'name', request: (t) => post('/cases', reconsiderationBody({ parties: [{ role: 'applicant', name: t }] })) },
  { route: 'POST /cases', field: 'court', kind: 'name', request: (t) => post('/cases', litigationBody({ court: t })) },
  { route: 'POST /cases/{caseId}/actions', field: 'approvedBy', kind: 'name', request: (t) => action({ type: 'extend', approvedBy: t }) },
  { route: 'POST /cases/{caseId}/hearings', field: 'court', kind: 'name', request: (t) => post(`/cases/${litigationId}/hearings`, { scheduledAt: '2025-08-01T09:30:00+08:00', court: t, kind: 'court' }) },
  {
    route: 'POST /cases/{caseId}/hearings',
    field: 'courtroom',
    kind: 'name',
    request: (t) => post(`/cases/${litigationId}/hearings`, { scheduledAt: '2025-08-01T09:30:00+08:00', court: '潞州区人民法院', courtroom: t, kind: 'court' }),
  },
  { route: 'PATCH /hearings/{hearingId}', field: 'court', kind: 'name', request: (t) => patch({ court: t }) },
  { route: 'PATCH /hearings/{hearingId}', field: 'courtroom', kind: 'name', request: (t) => patch({ courtroom: t }) },
  { route: 'PUT /hearings/{hearingId}/confirmation', field: 'head.name', kind: 'name', request: (t) => confirm({ attendance: 'head', head: { name: t, title: 'principal' } }) },
  { route: 'PUT /hearings/{hearingId}/confirmation', field: 'delegate.name', kind: 'name', request: (t) => delegate({ delegate: { name: t, position: '法制科科长' } }) },
  { route: 'PUT /hearings/{hearingId}/confirmation', field: 'delegate.position', kind: 'name', request: (t) => delegate({ delegate: { name: '王五', position: t } }) },
  { route: 'PUT /hearings/{hearingId}/confirmation', field: 'counsel.0.name', kind: 'name', request: (t) => delegate({ counsel: [{ name: t }] }) },
  { route: 'PUT /hearings/{hearingId}/confirmation', field: 'counsel.0.firm', kind: 'name', request: (t) => delegate({ counsel: [{ name: '赵律师', firm: t }] }) },
  { route: 'PUT /hearings/{hearingId}/attendance', field: 'appearedName', kind: 'name', request: (t) => attendance({ appearedName: t }) },
  { route: 'PUT /hearings/{hearingId}/attendance', field: 'others.0.name', kind: 'name', request: (t) => attendance({ others: [{ name: t, position: '科员' }] }) },
  { route: 'PUT /hearings/{hearingId}/attendance', field: 'others.0.position', kind: 'name', request: (t) => attendance({ others: [{ name: '王五', position: t }] }) },
];

type JsonSchema = Record<string, unknown>;

/** Every text field of every request body, from the OpenAPI document, with what it refuses. */
function textFieldsOfDocument(): Map<string, string[] | undefined> {
  const document = openApiDocument(allContracts, { title: 't', version: '1' }) as {
    paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: JsonSchema }> } }>>;
    components: { schemas: Record<string, JsonSchema> };
  };
  const found = new Map<string, string[] | undefined>();
  const walk = (schema: JsonSchema, path: string, route: string, seen: Set<string>) => {
    const ref = schema.$ref;
    if (typeof ref === 'string') {
      if (seen.has(ref)) return;
      const target = document.components.schemas[ref.replace('#/components/schemas/', '')];
      if (target) walk(target, path, route, new Set([...seen, ref]));
      return;
    }
    const constrained = 'enum' in schema || 'const' in schema || 'format' in schema || 'pattern' in schema;
    if (schema.type === 'string' && !constrained && path) found.set(`${route} body ${path}`, schema['x-refuses'] as string[] | undefined);
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const) for (const branch of (schema[key] as JsonSchema[] | undefined) ?? []) walk(branch, path, route, seen);
    if (schema.items) walk(schema.items as JsonSchema, path ? `${path}.0` : '0', route, seen);
    for (const [name, property] of Object.entries((schema.properties as Record<string, JsonSchema> | undefined) ?? {})) {
      walk(property, path ? `${path}.${name}` : name, route, seen);
    }
  };
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const body = operation.requestBody?.content['application/json']?.schema;
      if (body) walk(body, '', `${method.toUpperCase()} ${path}`, new Set());
    }
  }
  return found;
}

interface Problem {
  code: string;
  errors?: { in: string; path: string; message: string }[];
}

const label = (row: Pick<Row, 'route' | 'field'>) => `${row.route} body ${row.field}`;

async function send(row: Row, text: string) {
  const request = row.request(text);
  const res = await call(app, request.method, request.path, { headers, body: request.body });
  return { status: res.status, text: res.text, errors: (res.body as Problem).errors ?? [] };
}

describe('no resident ID number or mobile number in free text', () => {
  it('the table covers every text field of every request body, and the document says what each refuses', () => {
    const documented = textFieldsOfDocument();
    expect(documented.size).toBeGreaterThan(25);
    const unlisted = [...documented.keys()].filter((field) => !rows.some((row) => label(row) === field) && !(field in NEITHER));
    expect(unlisted).toEqual([]);
    for (const row of rows) {
      expect(documented.get(label(row)), label(row)).toEqual(row.kind === 'free' ? ['id-number', 'mobile'] : ['id-number']);
    }
    for (const field of Object.keys(NEITHER)) expect(documented.has(field), field).toBe(true);
  });

  describe.each(rows.map((row, i) => [`${label(row)} (${row.kind}, #${i + 1})`, row] as const))('%s', (_name, row) => {
    it.each(ID_NUMBERS)('refuses the ID number %s with 请在当事人信息中填写身份证号', async (id) => {
      const res = await send(row, `申请人身份证号${id}，住潞州区`);
      expect(res.status, res.text).toBe(400);
      expect(res.errors).toContainEqual({ in: 'body', path: row.field, message: ID_HERE });
    });

    if (row.kind === 'free') {
      it.each(MOBILES)('refuses the mobile number %s with 请勿在此填写手机号码', async (mobile) => {
        const res = await send(row, `联系电话：${mobile}`);
        expect(res.status, res.text).toBe(400);
        expect(res.errors).toContainEqual({ in: 'body', path: row.field, message: MOBILE_HERE });
      });
    }

    it.each(NORMAL)('lets %s pass', async (text) => {
      const res = await send(row, text);
      expect(res.status, res.text).toBeLessThan(500);
      expect(res.errors.filter((e) => e.path === row.field)).toEqual([]);
    });
  });

  it('says it in English with Accept-Language: en', async () => {
    const res = await call(app, 'POST', '/cases', {
      headers: { ...headers, 'accept-language': 'en' },
      body: reconsiderationBody({ summary: '电话13800138000', title: `身份证${ID_NUMBERS[1]}` }),
    });
    expect((res.body as Problem).errors).toEqual([
      { in: 'body', path: 'title', message: 'write resident ID numbers in the party record, not here' },
      { in: 'body', path: 'summary', message: 'do not write mobile phone numbers here' },
    ]);
  });

  it('a party record still takes the ID number, and a name may hold a phone number', async () => {
    const res = await call(app, 'POST', '/cases', {
      headers,
      body: reconsiderationBody({ parties: [{ role: 'applicant', name: '张三（13800138000）', idNumber: ID_NUMBERS[0] }] }),
    });
    expect(res.status, res.text).toBe(201);
  });
});
