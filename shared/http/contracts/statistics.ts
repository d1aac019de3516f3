import * as z from 'zod/mini';
import { defineRoute } from '../route';
import { lazy } from '../schemas/common';
import { CsvQuery, FiguresSchema, MonthlyQuery, MonthlySchema, ReportSchema, StatisticsQuery } from '../schemas/statistics';
import { problems } from './responses';

const readers = ['legal-office', 'agency-head', 'stats-reader'] as const;

export const statistics = defineRoute({
  method: 'get',
  path: '/statistics',
  operationId: 'statistics',
  summary: 'Figures for a window (default: this year to today), for the district or one agency',
  description: 'Read from counters kept by the stream aggregator: a bounded number of small items whatever the number of cases. An agency head gets its own agency’s figures.',
  tags: ['statistics'],
  access: readers,
  query: StatisticsQuery,
  responses: { 200: { description: 'The figures', schema: FiguresSchema }, ...problems(400, 401, 403, 404) },
});

export const monthlyStatistics = defineRoute({
  method: 'get',
  path: '/statistics/monthly',
  operationId: 'monthlyStatistics',
  summary: 'The twelve months of a year',
  tags: ['statistics'],
  access: readers,
  query: MonthlyQuery,
  responses: { 200: { description: 'Twelve rows', schema: MonthlySchema }, ...problems(400, 401, 403, 404) },
});

export const statisticsCsv = defineRoute({
  method: 'get',
  path: '/statistics.csv',
  operationId: 'statisticsCsv',
  summary: 'The figures as a spreadsheet: one row per agency and a total row (UTF-8 with BOM, Chinese headers)',
  tags: ['statistics'],
  access: readers,
  query: CsvQuery,
  responses: { 200: { description: 'text/csv', contentType: 'text/csv' }, ...problems(400, 401, 403) },
});

export const reports = defineRoute({
  method: 'get',
  path: '/reports',
  operationId: 'reports',
  summary: 'The monthly reports (月通报) the sweep emitted, newest first',
  tags: ['statistics'],
  access: ['legal-office', 'stats-reader'],
  query: lazy(() => z.strictObject({})),
  responses: { 200: { description: 'The reports', schema: lazy(() => z.object({ items: z.array(ReportSchema()) })) }, ...problems(401, 403) },
});

export const statisticsContracts = [statistics, monthlyStatistics, statisticsCsv, reports];
