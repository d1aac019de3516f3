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
    }),
  'An open deadline: status overdue when dueOn is before today (China); daysLeft counts calendar days',
);

export const Year = lazy(() => z.coerce.number().check(z.int(), z.minimum(2000), z.maximum(2100)));

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
    source: z.nullable(z.enum(['official', 'override'])),
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
