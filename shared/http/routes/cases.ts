import { caseHistory as historyOf, getCase as getOne, listCases as listAll, recordStep, registerCase, type CaseDeps } from '../../app/cases';
import { caseHistory, createCase, getCase, listCases, recordCaseAction } from '../contracts/cases';
import { etag, ifMatchVersion } from '../etag';
import { idempotencyClaim, replayed } from '../idempotency';
import { json } from '../respond';
import { routesFor } from '../route';

export type { CaseDeps } from '../../app/cases';

const route = routesFor<CaseDeps>();

/**
 * The case routes: HTTP in and out (idempotency key, If-Match, ETag, replays); who may, loading,
 * the domain and the store are the use cases' (shared/app/cases.ts), which the console calls too.
 */
export const caseRoutes = [
  route(createCase, async ({ c, body, identity, deps }) => {
    const claim = idempotencyClaim(c, 'POST /cases', identity, body);
    const result = await registerCase(deps, identity, body, { claim });
    if (result.kind === 'replay') return replayed(c, result.response);
    return json(c, result.presented, 201, result.response.headers);
  }),

  route(getCase, async ({ c, params, identity, deps }) => {
    const { presented, version } = await getOne(deps, identity, params.caseId);
    return json(c, presented, 200, { ETag: etag(version) });
  }),

  route(listCases, async ({ c, query, identity, deps }) => {
    const { limit, cursor, ...filter } = query;
    return json(c, await listAll(deps, identity, filter, { limit, cursor }));
  }),

  route(caseHistory, async ({ c, params, query, identity, deps }) => json(c, await historyOf(deps, identity, params.caseId, query))),

  route(recordCaseAction, async ({ c, params, body, identity, deps }) => {
    const claim = idempotencyClaim(c, `POST /cases/${params.caseId}/actions`, identity, body);
    const result = await recordStep(deps, identity, params.caseId, body, { claim, expectedVersion: ifMatchVersion(c) });
    if (result.kind === 'replay') return replayed(c, result.response);
    return json(c, result.presented, 200, result.response.headers);
  }),
];
