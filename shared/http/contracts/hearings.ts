import * as z from 'zod/mini';
import { idempotencyHeader, ifMatchHeader } from '../idempotency';
import { defineRoute } from '../route';
import { AgencyId } from '../schemas/agencies';
import { CaseId } from '../schemas/cases';
import { lazy, pageOf } from '../schemas/common';
import {
  AttendanceInputSchema,
  ConfirmationInputSchema,
  FeedTokenSchema,
  HearingId,
  HearingListQuery,
  HearingPatchSchema,
  HearingSchema,
  IcsQuery,
  NewHearing,
} from '../schemas/hearings';
import { problems } from './responses';

const hearingParams = lazy(() => z.strictObject({ hearingId: HearingId() }));

export const scheduleHearing = defineRoute({
  method: 'post',
  path: '/cases/{caseId}/hearings',
  operationId: 'scheduleHearing',
  summary: 'Schedule a court hearing or a reconsideration hearing (听证) of a case',
  tags: ['hearings'],
  access: ['legal-office'],
  params: lazy(() => z.strictObject({ caseId: CaseId() })),
  body: NewHearing,
  headers: [idempotencyHeader],
  responses: {
    201: { description: 'The hearing, with Location and ETag', schema: HearingSchema },
    ...problems(400, 401, 403, 404, 413, 422),
  },
});

export const listHearings = defineRoute({
  method: 'get',
  path: '/hearings',
  operationId: 'listHearings',
  summary: 'Hearings by time (an agency head sees its own agency’s)',
  tags: ['hearings'],
  access: ['legal-office', 'agency-head'],
  query: HearingListQuery,
  responses: {
    200: { description: 'One page of hearings, earliest first', schema: pageOf(HearingSchema) },
    ...problems(400, 401, 403),
  },
});

export const getHearing = defineRoute({
  method: 'get',
  path: '/hearings/{hearingId}',
  operationId: 'getHearing',
  summary: 'One hearing',
  tags: ['hearings'],
  access: ['legal-office', 'agency-head'],
  params: hearingParams,
  responses: { 200: { description: 'The hearing, with its ETag', schema: HearingSchema }, ...problems(400, 401, 403, 404) },
});

export const changeHearing = defineRoute({
  method: 'patch',
  path: '/hearings/{hearingId}',
  operationId: 'changeHearing',
  summary: 'Reschedule (clears the confirmation) or cancel a hearing',
  tags: ['hearings'],
  access: ['legal-office'],
  params: hearingParams,
  body: HearingPatchSchema,
  headers: [ifMatchHeader],
  responses: {
    200: { description: 'The hearing as changed', schema: HearingSchema },
    ...problems(400, 401, 403, 404, 409, 412, 413),
  },
});

export const confirmAppearance = defineRoute({
  method: 'put',
  path: '/hearings/{hearingId}/confirmation',
  operationId: 'confirmAppearance',
  summary: 'Confirm who will appear: the head, or a staff delegate for a lawful reason',
  description:
    'By the head of the case’s agency, or by the legal office on its behalf (recorded as such). 409 HEARING_STARTED once the hearing has begun; 400 LAWYER_ONLY_DELEGATION for a lawyer alone (出庭规定第十条).',
  tags: ['hearings'],
  access: ['agency-head', 'legal-office'],
  params: hearingParams,
  body: ConfirmationInputSchema,
  headers: [ifMatchHeader],
  responses: {
    200: { description: 'The hearing with its confirmation', schema: HearingSchema },
    ...problems(400, 401, 403, 404, 409, 412, 413),
  },
});

export const recordAttendance = defineRoute({
  method: 'put',
  path: '/hearings/{hearingId}/attendance',
  operationId: 'recordAttendance',
  summary: 'After the hearing: held or not, and whether a head appeared (what the statistics count)',
  tags: ['hearings'],
  access: ['legal-office'],
  params: hearingParams,
  body: AttendanceInputSchema,
  headers: [ifMatchHeader],
  responses: {
    200: { description: 'The hearing with its attendance', schema: HearingSchema },
    ...problems(400, 401, 403, 404, 409, 412, 413),
  },
});

export const hearingsFeed = defineRoute({
  method: 'get',
  path: '/hearings.ics',
  operationId: 'hearingsFeed',
  summary: 'An agency’s hearings as an iCalendar feed to subscribe to (reached with the agency’s feed token)',
  description: 'Calendar apps cannot send headers, so the feed takes the agency’s secret token in the query; a wrong token is 404.',
  tags: ['hearings'],
  access: 'public',
  query: IcsQuery,
  responses: { 200: { description: 'text/calendar (RFC 5545)', contentType: 'text/calendar' }, ...problems(400, 404) },
});

export const rotateFeedToken = defineRoute({
  method: 'post',
  path: '/agencies/{agencyId}/feed-token',
  operationId: 'rotateFeedToken',
  summary: 'Issue a new calendar-feed token for an agency (the old one stops working)',
  description: 'The legal office for any agency; an agency head for its own agency only (another agency is 404).',
  tags: ['hearings'],
  access: ['legal-office', 'agency-head'],
  params: lazy(() => z.strictObject({ agencyId: AgencyId() })),
  responses: { 201: { description: 'The new token, shown once', schema: FeedTokenSchema }, ...problems(400, 401, 403, 404) },
});

export const hearingContracts = [scheduleHearing, listHearings, getHearing, changeHearing, confirmAppearance, recordAttendance, hearingsFeed, rotateFeedToken];
