import * as z from 'zod/mini';
import { alertTypes, deadlineTypes } from '../../domain/enums';
import { AgencyId } from './agencies';
import { enumOf, isoDate, lazy, named, pageQuery } from './common';

export const BoardQuery = lazy(() =>
  z.strictObject({
    status: z.optional(z.enum(['open', 'overdue'])),
    dueFrom: z.optional(isoDate()),
    dueTo: z.optional(isoDate()),
    agencyId: z.optional(AgencyId()),
    type: z.optional(enumOf(deadlineTypes)),
    ...pageQuery(),
  }),
);

export const BoardEntrySchema = named(
  'BoardEntry',
  () =>
    z.object({
      caseId: z.string(),
      caseNumber: z.string(),
      kind: z.string(),
      agencyId: z.string(),
      type: enumOf(deadlineTypes),
      key: z.string(),
      startsOn: isoDate(),
      dueOn: isoDate(),
      basis: z.string(),
      provisional: z.boolean(),
      status: z.enum(['open', 'overdue']),
      daysLeft: z.int(),
      hearing: z.optional(z.object({ id: z.string(), scheduledAt: z.string() })),
      // 重大行政复议应诉案件集体研究制度: on a case's own deadlines (not on hearing confirmations)
      major: z.optional(z.boolean()),
    }),
  'An open deadline: status overdue when dueOn is before today (China); daysLeft counts calendar days',
);

export { Year } from './common';

export const CalendarYearInput = named(
  'CalendarYearInput',
  () =>
    z.strictObject({
      holidays: z.array(isoDate()).check(z.maxLength(366)),
      workdays: z.array(isoDate()).check(z.maxLength(366)),
    }),
  'A year’s schedule: days off that would be working days, and weekend days that are working days (调休上班)',
);

export const CalendarYearSchema = named('CalendarYear', () =>
  z.object({
    year: z.int(),
    published: z.boolean(),
    // statutory: not published; the holidays of the 全国年节及纪念日放假办法 (第二条, 第六条) without 调休
    source: z.nullable(z.enum(['official', 'override', 'statutory'])),
    holidays: z.array(isoDate()),
    workdays: z.array(isoDate()),
    recomputed: z.optional(z.object({ cases: z.int(), deadlinesMoved: z.int() })),
  }),
);

export const AlertSchema = named('Alert', () =>
  z.object({
    id: z.string(),
    type: enumOf(alertTypes),
    raisedOn: isoDate(),
    caseId: z.string(),
    caseNumber: z.string(),
    agencyId: z.string(),
    deadline: z.optional(z.object({ type: z.string(), key: z.string(), dueOn: isoDate(), basis: z.string() })),
    hearing: z.optional(z.object({ id: z.string(), scheduledAt: z.string() })),
    message: z.string(),
  }),
);

export const AlertQuery = lazy(() => z.strictObject({ since: z.optional(isoDate()), ...pageQuery() }));
