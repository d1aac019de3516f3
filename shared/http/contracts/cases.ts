import * as z from 'zod/mini';
import { idempotencyHeader, ifMatchHeader } from '../idempotency';
import { defineRoute } from '../route';
import { ActionSchema, CaseId, CaseListQuery, CaseSchema, HistoryEntrySchema, NewCase } from '../schemas/cases';
import { lazy, pageOf, pageQuery } from '../schemas/common';
import { problems } from './responses';

const caseParams = lazy(() => z.strictObject({ caseId: CaseId() }));

export const createCase = defineRoute({
  method: 'post',
  path: '/cases',
  operationId: 'createCase',
  summary: 'Register a case (行政复议 or 行政应诉)',
  description:
    'Case numbers are unique per kind (409 CASE_NUMBER_TAKEN). Historical cases may be registered with a past receivedOn; their deadlines and any deemed acceptance are computed as of today.',
  tags: ['cases'],
  access: ['legal-office'],
  body: NewCase,
  headers: [idempotencyHeader],
  responses: {
    201: { description: 'The case, with Location and ETag', schema: CaseSchema },
    ...problems(400, 401, 403, 409, 413, 422),
  },
});

export const listCases = defineRoute({
  method: 'get',
  path: '/cases',
  operationId: 'listCases',
  summary: 'List cases, newest received first (an agency head sees its own agency’s)',
  tags: ['cases'],
  access: ['legal-office', 'agency-head'],
  query: CaseListQuery,
  responses: {
    200: { description: 'One page of cases', schema: pageOf(CaseSchema) },
    ...problems(400, 401, 403),
  },
});

export const getCase = defineRoute({
  method: 'get',
  path: '/cases/{caseId}',
  operationId: 'getCase',
  summary: 'One case, with its steps, deadlines and linked cases',
  tags: ['cases'],
  access: ['legal-office', 'agency-head'],
  params: caseParams,
  responses: {
    200: { description: 'The case, with its ETag', schema: CaseSchema },
    ...problems(400, 401, 403, 404),
  },
});

export const caseHistory = defineRoute({
  method: 'get',
  path: '/cases/{caseId}/history',
  operationId: 'caseHistory',
  summary: 'The append-only audit trail of a case, oldest first',
  tags: ['cases'],
  access: ['legal-office', 'agency-head'],
  params: caseParams,
  query: lazy(() => z.strictObject({ ...pageQuery() })),
  responses: {
    200: { description: 'One page of history entries', schema: pageOf(HistoryEntrySchema) },
    ...problems(400, 401, 403, 404),
  },
});

export const recordCaseAction = defineRoute({
  method: 'post',
  path: '/cases/{caseId}/actions',
  operationId: 'recordCaseAction',
  summary: 'Record one step of a case',
  description:
    'An action the current status does not allow is 409 ILLEGAL_TRANSITION; a date before an earlier step, before receivedOn or after today is 400. ' +
    'A period-bound step is judged against its period: extend after the decision period ran out is 409 DECISION_PERIOD_LAPSED; ' +
    'extend-correction (行政复议法第三十一条第二款) after the correction period ran out is 409 CORRECTION_PERIOD_LAPSED, and its `until` must be after the current last day (400); ' +
    'correction-lapsed before that day is 409 CORRECTION_PERIOD_RUNNING.',
  tags: ['cases'],
  access: ['legal-office'],
  params: caseParams,
  body: ActionSchema,
  headers: [idempotencyHeader, ifMatchHeader],
  responses: {
    200: { description: 'The updated case, with its new ETag', schema: CaseSchema },
    ...problems(400, 401, 403, 404, 409, 412, 413, 422),
  },
});

export const caseContracts = [createCase, listCases, getCase, caseHistory, recordCaseAction];
