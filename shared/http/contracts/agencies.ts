import * as z from 'zod/mini';
import { defineRoute } from '../route';
import { AgencyId, AgencySchema, NewAgency } from '../schemas/agencies';
import { lazy, pageOf, pageQuery } from '../schemas/common';
import { problems } from './responses';

export const createAgency = defineRoute({
  method: 'post',
  path: '/agencies',
  operationId: 'createAgency',
  summary: 'Register an agency (respondent / defendant)',
  tags: ['agencies'],
  access: ['legal-office'],
  body: NewAgency,
  responses: {
    201: { description: 'The agency, with its Location and ETag', schema: AgencySchema },
    ...problems(400, 401, 403, 409, 413),
  },
});

export const listAgencies = defineRoute({
  method: 'get',
  path: '/agencies',
  operationId: 'listAgencies',
  summary: 'List agencies (an agency head sees its own)',
  tags: ['agencies'],
  access: ['legal-office', 'agency-head'],
  query: lazy(() => z.strictObject({ ...pageQuery() })),
  responses: {
    200: { description: 'One page of agencies, ordered by id', schema: pageOf(AgencySchema) },
    ...problems(400, 401, 403),
  },
});

export const getAgency = defineRoute({
  method: 'get',
  path: '/agencies/{agencyId}',
  operationId: 'getAgency',
  summary: 'One agency',
  tags: ['agencies'],
  access: ['legal-office', 'agency-head'],
  params: lazy(() => z.strictObject({ agencyId: AgencyId() })),
  responses: {
    200: { description: 'The agency', schema: AgencySchema },
    ...problems(400, 401, 403, 404),
  },
});

export const agencyContracts = [createAgency, listAgencies, getAgency];
