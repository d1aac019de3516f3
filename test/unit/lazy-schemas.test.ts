import * as z from 'zod/mini';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Calendar } from '../../shared/domain/calendar';
import { createApp } from '../../shared/http/app';
import { allContracts } from '../../shared/http/contracts';
import { openApiDocument } from '../../shared/http/openapi';
import { caseRoutes, type CaseDeps } from '../../shared/http/routes/cases';
import { lazy } from '../../shared/http/schemas/common';
import { Logger } from '../../shared/log/logger';

// Schemas are built on first use so that a cold Lambda builds only the schemas of the route it
// serves. Named schemas register themselves in zod's global registry when built, which is what
// these tests watch.
const registered = vi.spyOn(z.globalRegistry, 'add');
// (Unnamed entries, such as the descriptions of date and free-text fields, are not named schemas.)
const namesBuilt = () =>
  registered.mock.calls.map(([, meta]) => (meta as { id?: string } | undefined)?.id).filter((id) => id !== undefined);

afterEach(() => {
  registered.mockClear();
});

describe('lazy schemas', () => {
  it('builds once, on the first call', () => {
    const build = vi.fn(() => z.string());
    const schema = lazy(build);
    expect(build).not.toHaveBeenCalled();
    expect(schema()).toBe(schema());
    expect(build).toHaveBeenCalledTimes(1);
  });

  it('creating an app builds no schema; a request builds its own route’s schemas only', async () => {
    const deps: CaseDeps = {
      cases: { get: () => Promise.resolve(undefined) } as unknown as CaseDeps['cases'],
      calendar: () => Promise.resolve(new Calendar()),
      hearings: { ofCase: () => Promise.resolve([]) },
      hearingLeadDays: 3,
      clock: { now: () => new Date('2026-03-02T02:00:00Z') },
      newId: () => '01JBCD5G6QW0X8Y9Z1A2B3C4D5',
    };
    const app = createApp({
      routes: caseRoutes,
      deps,
      identify: () => ({ sub: 'u', name: 'u', roles: ['legal-office'] }),
      logger: new Logger({}, 'ERROR'),
    });
    expect(namesBuilt()).toEqual([]);

    const bad = await app.request('/cases/not-a-ulid');
    expect(bad.status).toBe(400);
    const missing = await app.request('/cases/01JBCD5G6QW0X8Y9Z1A2B3C4D5');
    expect(missing.status).toBe(404);
    // The path schema of GET /cases/{caseId} is unnamed; none of the body or response schemas were built.
    expect(namesBuilt()).toEqual([]);

    const invalid = await app.request('/cases', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"kind":"civil"}' });
    expect(invalid.status).toBe(400);
    expect(namesBuilt()).toEqual(['NewCase']);
  });

  it('the OpenAPI document builds and names every schema', () => {
    const document = openApiDocument(allContracts, { title: 't', version: '1' }) as { components: { schemas: Record<string, unknown> } };
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(['Case', 'NewCase', 'CaseAction', 'Hearing', 'Deadline', 'Statistics', 'MonthlyReport', 'Problem', 'Enums']),
    );
  });
});
