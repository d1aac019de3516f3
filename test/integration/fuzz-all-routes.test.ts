import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { allContracts } from '../../shared/http/contracts';
import { honoPath } from '../../shared/http/app';
import { createLocalApp } from '../../shared/local/local-app';
import { ensureAgency, litigationBody, registerCase } from '../support/cases';
import { movableClock } from '../support/clock';
import { freshTable } from '../support/dynamo';
import { authHeader, call } from '../support/http';

/**
 * Random bodies, query strings and path segments against every route of the route table, as the
 * legal office (the role that reaches furthest): never a 5xx, never a stack trace.
 */
let app: ReturnType<typeof createLocalApp>;
let headers: Record<string, string>;
let caseId: string;

beforeAll(async () => {
  app = createLocalApp({ table: await freshTable('fuzz-all'), clock: movableClock('2025-06-30T10:00:00+08:00') });
  await ensureAgency(app, 'market-regulation');
  headers = await authHeader('legal-office');
  caseId = (await registerCase(app, litigationBody({ receivedOn: '2025-06-02', filedOn: '2025-05-28' }))).id;
});

const segment = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('01JBCD5G6QW0X8Y9Z1A2B3C4D5', 'market-regulation', '2025', '99999', '..', '%00', ''),
  fc.constant(''),
);
const queryKeys = ['from', 'to', 'agencyId', 'limit', 'cursor', 'status', 'kind', 'open', 'type', 'year', 'since', 'token', 'confirmation', 'dueFrom', 'dueTo', 'receivedFrom', 'receivedTo', 'x'];
const bodies = fc.oneof(
  fc.jsonValue(),
  fc.dictionary(fc.constantFrom('scheduledAt', 'court', 'kind', 'attendance', 'head', 'delegate', 'reason', 'held', 'headAppeared', 'holidays', 'workdays', 'type', 'on', 'id', 'name', 'outcome'), fc.jsonValue()),
);

describe('random input on every route never produces a 5xx', () => {
  it.each(allContracts.map((c) => [c.method.toUpperCase(), c.path] as const))('%s %s', async (method, path) => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(segment, { minLength: 3, maxLength: 3 }),
        fc.dictionary(fc.constantFrom(...queryKeys), fc.string({ maxLength: 40 }), { maxKeys: 4 }),
        bodies,
        fc.boolean(),
        async (segments, query, body, realCase) => {
          let i = 0;
          const concrete = honoPath(path).replace(/:(\w+)/g, (_m, name: string) =>
            realCase && name === 'caseId' ? caseId : encodeURIComponent(segments[i++ % segments.length] ?? ''),
          );
          const qs = new URLSearchParams(query).toString();
          const res = await call(app, method, `${concrete}${qs ? `?${qs}` : ''}`, method === 'GET' ? { headers } : { headers, body });
          expect(res.status, `${method} ${concrete}?${qs}: ${res.text.slice(0, 200)}`).toBeLessThan(500);
          expect(res.text).not.toMatch(/\n\s+at [\w.<>]+ \(/);
        },
      ),
      { numRuns: 25 },
    );
  });
});
