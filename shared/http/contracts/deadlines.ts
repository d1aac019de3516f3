import * as z from 'zod/mini';
import { defineRoute } from '../route';
import { lazy, pageOf } from '../schemas/common';
import { AlertQuery, AlertSchema, BoardEntrySchema, BoardQuery, CalendarYearInput, CalendarYearSchema, Year } from '../schemas/deadlines';
import { problems } from './responses';

export const deadlineBoard = defineRoute({
  method: 'get',
  path: '/deadlines',
  operationId: 'deadlineBoard',
  summary: 'The board: open and overdue deadlines across cases, soonest first',
  description: 'Served from the due-date index. An agency head sees its own agency’s deadlines only.',
  tags: ['deadlines'],
  access: ['legal-office', 'agency-head'],
  query: BoardQuery,
  responses: {
    200: { description: 'One page of deadlines, by due date', schema: pageOf(BoardEntrySchema) },
    ...problems(400, 401, 403),
  },
});

const yearParams = lazy(() => z.strictObject({ year: Year() }));

export const getCalendarYear = defineRoute({
  method: 'get',
  path: '/calendar/{year}',
  operationId: 'getCalendarYear',
  summary: 'A year’s holidays and make-up working days, and where they come from',
  tags: ['calendar'],
  access: ['legal-office', 'agency-head'],
  params: yearParams,
  responses: {
    200: { description: 'The year’s schedule. published false: no State Council schedule yet; source statutory lists the holidays of the 全国年节及纪念日放假办法 (第二条, with 第六条 补假) that deadlines are counted with, provisionally (the 调休 are unknown); source null: weekends only', schema: CalendarYearSchema },
    ...problems(400, 401, 403),
  },
});

export const putCalendarYear = defineRoute({
  method: 'put',
  path: '/calendar/{year}',
  operationId: 'putCalendarYear',
  summary: 'Load or correct a year’s schedule; open deadlines that touch the year are recomputed',
  tags: ['calendar'],
  access: ['legal-office'],
  params: yearParams,
  body: CalendarYearInput,
  responses: {
    200: { description: 'The year as now in force, with what was recomputed', schema: CalendarYearSchema },
    ...problems(400, 401, 403, 413),
  },
});

export const listAlerts = defineRoute({
  method: 'get',
  path: '/alerts',
  operationId: 'listAlerts',
  summary: 'What the daily sweep raised since a day (default: the last 30 days)',
  tags: ['deadlines'],
  access: ['legal-office'],
  query: AlertQuery,
  responses: {
    200: { description: 'One page of alerts, oldest first', schema: pageOf(AlertSchema) },
    ...problems(400, 401, 403),
  },
});

export const deadlineContracts = [deadlineBoard, getCalendarYear, putCalendarYear, listAlerts];
