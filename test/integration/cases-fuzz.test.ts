import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../shared/domain/clock';
import { createLocalApp } from '../../shared/local/local-app';
import { ensureAgency, litigationBody, reconsiderationBody, registerCase } from '../support/cases';
import { freshTable } from '../support/dynamo';
import { authHeader, call } from '../support/http';

let app: ReturnType<typeof createLocalApp>;
let headers: Record<string, string>;
let caseId: string;

beforeAll(async () => {
  app = createLocalApp({ table: await freshTable('fuzz'), clock: fixedClock('2025-06-30T02:00:00Z') });
  await ensureAgency(app, 'market-regulation');
  headers = await authHeader('legal-office');
  caseId = (await registerCase(app, reconsiderationBody())).id;
});

/** A valid body with some fields replaced by arbitrary JSON, some removed, and unknown ones added. */
function mutated(valid: Record<string, unknown>) {
  const keys = Object.keys(valid);
  return fc
    .record({
      replace: fc.dictionary(fc.constantFrom(...keys), fc.jsonValue()),
      drop: fc.subarray(keys),
      add: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue(), { maxKeys: 2 }),
    })
    .map(({ replace, drop, add }) => {
      const body: Record<string, unknown> = { ...valid, ...replace, ...add };
      for (const key of drop) delete body[key];
      return body;
    });
}

const validAction = { type: 'judge', on: '2024-10-01', servedOn: '2024-10-03', form: 'judgment', instance: 'first', outcome: 'revoke', by: 'agency', reason: 'other', procedure: 'simple' };
const actionTypes = ['accept', 'reject', 'decide', 'extend', 'judge', 'appeal', 'suspend', 'send-copy', 'bogus'];

/**
 * Every request goes through the whole app, and one that passes validation reaches DynamoDB Local,
 * which on a busy two-core machine can take ten times as long as on an idle one: each test has
 * minutes rather than the default minute.
 */
const FUZZ_TIMEOUT_MS = 180_000;

describe('random input never produces a 5xx', () => {
  it('POST /cases with arbitrary JSON and mutated registrations', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.jsonValue(), mutated(reconsiderationBody()), mutated(litigationBody())),
        async (body) => {
          const res = await call(app, 'POST', '/cases', { headers, body });
          expect(res.status, res.text).toBeLessThan(500);
          if (res.status >= 400) expect(res.headers.get('content-type')).toContain('application/problem+json');
        },
      ),
      { numRuns: 150 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('POST /cases/{id}/actions with mutated actions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...actionTypes), mutated(validAction), async (type, body) => {
        const res = await call(app, 'POST', `/cases/${caseId}/actions`, { headers, body: { ...body, type } });
        expect(res.status, res.text).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('arbitrary path segments and query strings on the case routes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 40 }),
        fc.dictionary(fc.constantFrom('kind', 'agencyId', 'status', 'open', 'receivedFrom', 'receivedTo', 'limit', 'cursor', 'x'), fc.string({ maxLength: 30 })),
        async (segment, query) => {
          const qs = new URLSearchParams(query).toString();
          for (const path of [`/cases/${encodeURIComponent(segment)}`, `/cases/${encodeURIComponent(segment)}/history?${qs}`, `/cases?${qs}`]) {
            const res = await call(app, 'GET', path, { headers });
            expect(res.status, `${path}: ${res.text}`).toBeLessThan(500);
          }
        },
      ),
      { numRuns: 100 },
    );
  }, FUZZ_TIMEOUT_MS);
});
