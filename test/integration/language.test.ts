import { beforeAll, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../shared/local/local-app';
import { ensureAgency, reconsiderationBody, registerCase } from '../support/cases';
import { freshTable } from '../support/dynamo';
import { authHeader, call } from '../support/http';
import { lambdaContext, loadHandler, sampleEvent } from '../support/lambda';

/**
 * API.md "Messages in Chinese": `title`, `detail` and every `errors[].message` are Chinese by
 * default (the clerks' language) and English with `Accept-Language: en`; `code` never changes.
 */
let app: ReturnType<typeof createLocalApp>;
let headers: Record<string, string>;
let caseId: string;

beforeAll(async () => {
  const table = await freshTable('language');
  app = createLocalApp({ table });
  headers = await authHeader('legal-office');
  await ensureAgency(app, 'market-regulation');
  caseId = (await registerCase(app, reconsiderationBody({ receivedOn: '2024-09-27' }))).id;
});

interface Problem {
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: { in: string; path: string; message: string }[];
}

const HAN = /[\u4e00-\u9fff]/;

/** The same failing request, once with the default language and once per Accept-Language value. */
async function inBothLanguages(method: string, path: string, body?: unknown) {
  const ask = async (language?: string) => {
    const res = await call(app, method, path, { headers: { ...headers, ...(language ? { 'accept-language': language } : {}) }, body });
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(res.headers.get('vary')).toContain('Accept-Language');
    const { requestId: _requestId, ...problem } = res.body as Problem & { requestId: string };
    return { status: res.status, problem };
  };
  return { zh: await ask(), zhCN: await ask('zh-CN,zh;q=0.9,en;q=0.8'), en: await ask('en'), enUS: await ask('en-US,en;q=0.9,zh;q=0.5') };
}

describe('problem texts are Chinese by default and English with Accept-Language: en', () => {
  it('a validation error (400): title, detail and each field message', async () => {
    const { zh, zhCN, en, enUS } = await inBothLanguages('POST', '/agencies', { id: 'Bad Id', extra: 1 });
    expect(zh.status).toBe(400);
    expect(zh.problem).toMatchObject({ title: '请求有误', code: 'VALIDATION_FAILED', detail: expect.stringMatching(/^请求正文有误：/) });
    expect(zh.problem.errors).toEqual(
      expect.arrayContaining([
        { in: 'body', path: 'id', message: '应为2–40个字符的简称：小写字母开头，只含小写字母、数字和连字符' },
        { in: 'body', path: 'name', message: '必填' },
        { in: 'body', path: 'extra', message: '未知字段' },
      ]),
    );
    expect(zhCN.problem).toEqual(zh.problem);

    expect(en.status).toBe(400);
    expect(en.problem).toMatchObject({ title: 'Bad Request', code: 'VALIDATION_FAILED', detail: expect.stringMatching(/^the request body is invalid: /) });
    expect(en.problem.errors).toEqual(
      expect.arrayContaining([
        { in: 'body', path: 'id', message: 'must be a slug: lowercase letters, digits and hyphens, 2–40 characters' },
        { in: 'body', path: 'name', message: 'is required' },
        { in: 'body', path: 'extra', message: 'unknown field' },
      ]),
    );
    expect(enUS.problem).toEqual(en.problem);
    for (const text of [en.problem.title, en.problem.detail, ...(en.problem.errors ?? []).map((e) => e.message)]) expect(text).not.toMatch(HAN);
  });

  it('a 404', async () => {
    const missing = '01JBCD5G6QW0X8Y9Z1A2B3C4D5';
    const { zh, en } = await inBothLanguages('GET', `/cases/${missing}`);
    expect(zh.status).toBe(404);
    expect(zh.problem).toMatchObject({ title: '未找到', code: 'NOT_FOUND', detail: `未找到案件 ${missing}` });
    expect(en.problem).toMatchObject({ title: 'Not Found', code: 'NOT_FOUND', detail: `case ${missing} was not found` });
  });

  it('a 404 for a path no route serves', async () => {
    const { zh, en } = await inBothLanguages('GET', '/nowhere');
    expect(zh.problem).toMatchObject({ status: 404, title: '未找到', code: 'ROUTE_NOT_FOUND', detail: '没有 GET /nowhere 这一接口' });
    expect(en.problem).toMatchObject({ status: 404, title: 'Not Found', code: 'ROUTE_NOT_FOUND', detail: 'no route for GET /nowhere' });
  });

  it('a 409: an action the state does not allow', async () => {
    const { zh, en } = await inBothLanguages('POST', `/cases/${caseId}/actions`, { type: 'receive-reply', on: '2024-09-30' });
    expect(zh.status).toBe(409);
    expect(zh.problem).toMatchObject({ title: '状态冲突', code: 'ILLEGAL_TRANSITION' });
    expect(zh.problem.detail).toMatch(HAN);
    expect(zh.problem.detail).toContain('案件当前状态为');
    expect(en.problem).toMatchObject({ title: 'Conflict', code: 'ILLEGAL_TRANSITION' });
    expect(en.problem.detail).toMatch(/^receive-reply is not allowed while the case is received/);
    expect(en.problem.detail).not.toMatch(HAN);
  });

  it('a 409: a taken case number, with its field message', async () => {
    const body = reconsiderationBody();
    await registerCase(app, body);
    const { zh, en } = await inBothLanguages('POST', '/cases', body);
    expect(zh.problem).toMatchObject({ status: 409, title: '状态冲突', code: 'CASE_NUMBER_TAKEN', errors: [{ path: 'caseNumber', message: '该案号已登记' }] });
    expect(zh.problem.detail).toBe(`案号 ${body.caseNumber} 已登记为行政复议案件`);
    expect(en.problem).toMatchObject({ status: 409, title: 'Conflict', code: 'CASE_NUMBER_TAKEN', errors: [{ path: 'caseNumber', message: 'is already registered' }] });
  });

  it('a 403 names the roles in Chinese by default', async () => {
    const res = await call(app, 'POST', '/agencies', { headers: await authHeader('stats-reader'), body: { id: 'tax', name: '区税务局' } });
    expect(res.body).toMatchObject({ status: 403, title: '无权操作', code: 'FORBIDDEN', detail: '此操作需要以下角色之一：司法局（行政复议机构）' });
  });

  it('a language other than English, or English less preferred than Chinese, stays Chinese', async () => {
    for (const language of ['de', 'fr, *;q=0.5', 'zh;q=1, en;q=0.9', 'en;q=0']) {
      const res = await call(app, 'GET', `/cases/01JBCD5G6QW0X8Y9Z1A2B3C4D5`, { headers: { ...headers, 'accept-language': language } });
      expect((res.body as Problem).title, language).toBe('未找到');
    }
  });
});

describe('the Lambda entry answers in the same languages', () => {
  it('a 404 through api-cases: Chinese by default, English with Accept-Language: en', async () => {
    const handler = await loadHandler('api-cases', await freshTable('language-lambda'));
    const event = await sampleEvent('api-cases-get.json');
    const zh = await handler(event, lambdaContext);
    const en = await handler({ ...event, headers: { ...event.headers, 'Accept-Language': 'en-US,en;q=0.9' } }, lambdaContext);
    expect(zh.statusCode).toBe(404);
    expect(JSON.parse(zh.body ?? '')).toMatchObject({ title: '未找到', code: 'NOT_FOUND', detail: '未找到案件 01JBCD5G6QW0X8Y9Z1A2B3C4D5' });
    expect(en.statusCode).toBe(404);
    expect(JSON.parse(en.body ?? '')).toMatchObject({ title: 'Not Found', code: 'NOT_FOUND', detail: 'case 01JBCD5G6QW0X8Y9Z1A2B3C4D5 was not found' });
  });
});
