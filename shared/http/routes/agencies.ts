import { createAgency as create, getAgency as getOne, listAgencies as listAll, type AgencyDeps } from '../../app/agencies';
import { createAgency, getAgency, listAgencies } from '../contracts/agencies';
import { etag } from '../etag';
import { json } from '../respond';
import { routesFor } from '../route';

export type { AgencyDeps } from '../../app/agencies';

const route = routesFor<AgencyDeps>();

/** The agency routes; the use cases (shared/app/agencies.ts) decide who sees which agency. */
export const agencyRoutes = [
  route(createAgency, async ({ c, body, identity, deps }) => {
    const agency = await create(deps, identity, body);
    return json(c, agency, 201, { Location: `/agencies/${agency.id}`, ETag: etag(agency.version) });
  }),

  route(listAgencies, async ({ c, query, identity, deps }) => json(c, await listAll(deps, identity, query))),

  route(getAgency, async ({ c, params, identity, deps }) => {
    const agency = await getOne(deps, identity, params.agencyId);
    return json(c, agency, 200, { ETag: etag(agency.version) });
  }),
];
