import * as z from 'zod/mini';
import { AgencyId } from './agencies';
import { isoDate, lazy, named, Year } from './common';

const rate = () => z.nullable(z.number());
const counts = () => z.record(z.string(), z.int());

export const FiguresSchema = named(
  'Statistics',
  () =>
    z.object({
      from: isoDate(),
      to: isoDate(),
      agencyId: z.nullable(z.string()),
      reconsideration: z.object({
        received: z.int(),
        accepted: z.int(),
        deemedAccepted: z.int(),
        notAccepted: z.int(),
        abandoned: z.int(),
        concluded: z.int(),
        handled: z.int(),
        pending: z.int(),
        byOutcome: counts(),
        correctionRate: rate(),
        decisionCorrectionRate: rate(),
        concludedOnTime: z.int(),
        overdueOpen: z.int(),
        // 重大行政复议应诉案件集体研究制度: marked major in the window; first collectively reviewed in it
        majorCases: z.int(),
        majorCasesReviewed: z.int(),
      }),
      litigation: z.object({
        received: z.int(),
        concluded: z.int(),
        handled: z.int(),
        pending: z.int(),
        byOutcome: counts(),
        lossRate: rate(),
        hearingsHeld: z.int(),
        hearingsWithHead: z.int(),
        headAppearanceRate: rate(),
        hearingHeadAppearanceRate: rate(),
        instancesHeard: z.int(),
        instancesWithHead: z.int(),
        majorCases: z.int(),
        majorCasesReviewed: z.int(),
      }),
    }),
  'Aggregates only: counts by the date of their event in [from, to]; handled = received + open at the start; pending = open at the end; rates are fractions, null on a zero denominator',
);

export const StatisticsQuery = lazy(() =>
  z.strictObject({
    from: z.optional(isoDate()),
    to: z.optional(isoDate()),
    agencyId: z.optional(AgencyId()),
  }),
);

export const CsvQuery = lazy(() => z.strictObject({ from: z.optional(isoDate()), to: z.optional(isoDate()) }));

export const MonthlyQuery = lazy(() =>
  z.strictObject({
    year: z.optional(Year()),
    agencyId: z.optional(AgencyId()),
  }),
);

export const MonthlySchema = named('MonthlyStatistics', () =>
  z.object({
    year: z.int(),
    agencyId: z.nullable(z.string()),
    months: z.array(z.looseObject({ month: z.string(), from: isoDate(), to: isoDate() })),
  }),
);

export const ReportSchema = named(
  'MonthlyReport',
  () =>
    z.object({
      month: z.string(),
      generatedOn: isoDate(),
      total: FiguresSchema(),
      agencies: z.array(z.object({ agencyId: z.string(), agencyName: z.string(), figures: FiguresSchema() })),
    }),
  'A month’s figures as emitted on the first day of the next month (月通报)',
);
