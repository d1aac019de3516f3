import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../shared/local/local-app';
import { setLogLevel, setLogSink, type LogSink } from '../../shared/log/logger';
import { ensureAgency, litigationBody, reconsiderationBody, validIdNumber } from '../support/cases';
import { movableClock } from '../support/clock';
import { freshTable } from '../support/dynamo';
import { authHeader, call, type Call } from '../support/http';
import { aggregatorFor } from '../support/stream';

/**
 * ID numbers are personal data: stored in full, never shown or logged in full. This runs a whole
 * case life — registration, a refused input quoting a wrong number, steps, a hearing, statistics —
 * with every log line captured, and searches all of it.
 */
const ID_NUMBER = validIdNumber('19820704', '531');
const WRONG_ID_NUMBER = `${ID_NUMBER.slice(0, 17)}${ID_NUMBER[17] === '1' ? '2' : '1'}`;
const lines: string[] = [];
const responses: Call[] = [];
let previousSink: LogSink;
let previousLevel: ReturnType<typeof setLogLevel>;

beforeAll(() => {
  previousSink = setLogSink((line) => lines.push(line));
  previousLevel = setLogLevel('DEBUG');
});
afterAll(() => {
  setLogSink(previousSink);
  setLogLevel(previousLevel);
});

describe('personal data through a full case lifecycle', () => {
  it('never shows or logs an ID number in full', async () => {
    const table = await freshTable('pii');
    const clock = movableClock('2025-06-30T10:00:00+08:00');
    const app = createLocalApp({ table, clock });
    const aggregator = aggregatorFor(table);
    const legal = await authHeader('legal-office');
    const record = async (method: string, path: string, body?: unknown, headers = legal) => {
      const res = await call(app, method, path, { headers, ...(body !== undefined ? { body } : {}) });
      responses.push(res);
      return res;
    };
    await ensureAgency(app, 'market-regulation');
    const parties = [{ role: 'applicant', name: '赵六', idNumber: ID_NUMBER }];

    const refused = await record('POST', '/cases', reconsiderationBody({ receivedOn: '2025-06-27', parties: [{ ...parties[0], idNumber: WRONG_ID_NUMBER }] }));
    expect(refused.status).toBe(400);
    const created = await record('POST', '/cases', reconsiderationBody({ receivedOn: '2025-06-27', parties }));
    const id = (created.body as { id: string }).id;
    await record('POST', `/cases/${id}/actions`, { type: 'accept', on: '2025-06-30' });
    await record('POST', `/cases/${id}/actions`, { type: 'send-copy', on: '2025-06-30' });
    await record('GET', `/cases/${id}`);
    await record('GET', '/cases');
    await record('GET', `/cases/${id}/history`);
    const litigation = await record('POST', '/cases', litigationBody({ receivedOn: '2025-06-20', filedOn: '2025-06-18', parties: [{ role: 'plaintiff', name: '赵六', idNumber: ID_NUMBER }] }));
    const litigationId = (litigation.body as { id: string }).id;
    const hearing = await record('POST', `/cases/${litigationId}/hearings`, { scheduledAt: '2025-07-10T09:00:00+08:00', court: '法院', kind: 'court' });
    await record('PUT', `/hearings/${(hearing.body as { id: string }).id}/confirmation`, { attendance: 'head', head: { name: '李局长', title: 'principal' } });
    await aggregator.drain();
    await record('GET', '/statistics?from=2025-01-01&to=2025-12-31', undefined, await authHeader('stats-reader'));
    await record('GET', '/statistics.csv?from=2025-01-01&to=2025-12-31', undefined, await authHeader('stats-reader'));
    // An unknown case: a 404, logged like any request.
    await record('GET', '/cases/01JBCD5G6QW0X8Y9Z1A2B3C4D5');

    expect(lines.length).toBeGreaterThan(10);
    const logged = lines.join('\n');
    const shown = responses.map((r) => r.text).join('\n');
    for (const number of [ID_NUMBER, WRONG_ID_NUMBER]) {
      expect(logged).not.toContain(number);
      expect(shown).not.toContain(number);
    }
    expect(shown).toContain(`${ID_NUMBER.slice(0, 4)}**********${ID_NUMBER.slice(-4)}`);
    // Request logs carry the route and status, not bodies: the party's name is not logged either.
    expect(logged).not.toContain('赵六');
  });
});
