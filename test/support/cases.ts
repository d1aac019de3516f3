import type { Hono } from 'hono';
import { idNumberCheckCharacter } from '../../shared/domain/id-number';
import { authHeader, call, type Call } from './http';

type App = Pick<Hono, 'request'>;

/** A valid resident ID number for a birth date, e.g. 19800101 (region 140402, 长治市潞州区). */
export function validIdNumber(birth = '19800101', sequence = '123'): string {
  const first17 = `140402${birth}${sequence}`;
  return `${first17}${idNumberCheckCharacter(first17)}`;
}

let counter = 0;
export function uniqueNumber(prefix = '潞复'): string {
  counter += 1;
  return `${prefix}〔2024〕${counter}${Math.floor(Math.random() * 1e6)}号`;
}

export function reconsiderationBody(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'reconsideration',
    caseNumber: uniqueNumber(),
    agencyId: 'market-regulation',
    receivedOn: '2024-09-27',
    field: 'market-regulation',
    actType: 'penalty',
    parties: [{ role: 'applicant', name: '张三', idNumber: validIdNumber() }],
    title: '不服行政处罚决定',
    ...overrides,
  };
}

export function litigationBody(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'litigation',
    caseNumber: uniqueNumber('(2025)晋0403行初'),
    agencyId: 'market-regulation',
    receivedOn: '2025-01-13',
    court: '潞州区人民法院',
    filedOn: '2025-01-08',
    parties: [{ role: 'plaintiff', name: '某某有限公司' }],
    ...overrides,
  };
}

export async function ensureAgency(app: App, id: string, name = `${id}局`): Promise<void> {
  const res = await call(app, 'POST', '/agencies', { headers: await authHeader('legal-office'), body: { id, name } });
  if (res.status !== 201 && res.status !== 409) throw new Error(`agency ${id}: ${res.status} ${res.text}`);
}

export interface CaseBody {
  id: string;
  status: string;
  version: number;
  [key: string]: unknown;
}

export async function registerCase(app: App, body: Record<string, unknown>): Promise<CaseBody> {
  const res = await call(app, 'POST', '/cases', { headers: await authHeader('legal-office'), body });
  if (res.status !== 201) throw new Error(`register: ${res.status} ${res.text}`);
  return res.body as CaseBody;
}

export async function act(app: App, caseId: string, action: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Call> {
  return call(app, 'POST', `/cases/${caseId}/actions`, {
    headers: { ...(await authHeader('legal-office', undefined, '王科长')), ...headers },
    body: action,
  });
}

/** Records actions in order, failing loudly on the first refusal. */
export async function actAll(app: App, caseId: string, actions: Record<string, unknown>[]): Promise<CaseBody> {
  let last: Call | undefined;
  for (const action of actions) {
    last = await act(app, caseId, action);
    if (last.status !== 200) throw new Error(`${String(action.type)}: ${last.status} ${last.text}`);
  }
  return last?.body as CaseBody;
}
