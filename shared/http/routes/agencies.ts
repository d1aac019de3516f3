import type { AgencyRepository } from '../../domain/agencies';
import { agencyScope } from '../../auth/identity';
import { chinaDateTime, type Clock } from '../../domain/clock';
import { notFound } from '../../domain/errors';
import { createAgency, getAgency, listAgencies } from '../contracts/agencies';
import { etag } from '../etag';
import { pageOf, pageRequest } from '../paging';
import { json } from '../respond';
import { routesFor } from '../route';

export interface AgencyDeps {
  agencies: AgencyRepository;
  clock: Clock;
}

const route = routesFor<AgencyDeps>();

export const agencyRoutes = [
  route(createAgency, async ({ c, body, deps }) => {
    const now = chinaDateTime(deps.clock.now());
    const agency = await deps.agencies.create({ ...body, version: 1, createdAt: now, updatedAt: now });
    return json(c, agency, 201, { Location: `/agencies/${agency.id}`, ETag: etag(agency.version) });
  }),

  route(listAgencies, async ({ c, query, identity, deps }) => {
    const scope = agencyScope(identity);
    if (scope !== undefined) {
      // An agency head sees its own agency only.
      const own = await deps.agencies.get(scope);
      return json(c, { items: own ? [own] : [], nextCursor: null });
    }
    const cursorScope = 'agencies';
    const page = await deps.agencies.list(pageRequest(query, cursorScope));
    return json(c, pageOf(page, cursorScope));
  }),

  route(getAgency, async ({ c, params, identity, deps }) => {
    const scope = agencyScope(identity);
    const agency = scope === undefined || scope === params.agencyId ? await deps.agencies.get(params.agencyId) : undefined;
    if (!agency) throw notFound({ zh: `机关 ${params.agencyId}`, en: `agency ${params.agencyId}` });
    return json(c, agency, 200, { ETag: etag(agency.version) });
  }),
];
