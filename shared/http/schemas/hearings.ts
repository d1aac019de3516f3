import * as z from 'zod/mini';
import { absenceReasons, hearingKinds, headTitles, instances } from '../../domain/enums';
import { AgencyId } from './agencies';
import { DeadlineSchema } from './cases';
import { localized } from '../validation';
import { enumOf, freeText, isoDate, isoDateTime, lazy, named, nameText, pageQuery } from './common';

export const HearingId = lazy(() =>
  z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, localized({ zh: '应为庭审编号（26位）', en: 'must be a hearing id (26-character ULID)' }))),
);

export const NewHearing = named(
  'NewHearing',
  () =>
    z.strictObject({
      scheduledAt: isoDateTime(),
      court: nameText(100),
      courtroom: z.optional(nameText(50)),
      kind: enumOf(hearingKinds),
      instance: z.optional(enumOf(instances)),
    }),
  'A court hearing (litigation) or a reconsideration hearing (听证); past times are fine for ledgers entered late',
);

export const HearingPatchSchema = named(
  'HearingPatch',
  () =>
    z
      .strictObject({
        scheduledAt: z.optional(isoDateTime()),
        court: z.optional(nameText(100)),
        courtroom: z.optional(nameText(50)),
        status: z.optional(z.literal('cancelled')),
        cancelReason: z.optional(freeText(500)),
      })
      .check(
        z.refine((patch) => Object.keys(patch).length > 0, {
          error: localized({
            zh: '请至少填写 scheduledAt、court、courtroom、status 中的一项',
            en: 'send at least one of scheduledAt, court, courtroom, status',
          }),
        }),
        z.refine((patch) => patch.status !== 'cancelled' || (patch.scheduledAt === undefined && patch.court === undefined), {
          error: localized({ zh: '取消庭审时不能同时改期', en: 'cancel a hearing without rescheduling it' }),
        }),
      ),
  'Reschedule (a new time clears the confirmation) or cancel',
);

const Person = lazy(() => z.strictObject({ name: nameText(50), position: nameText(50) }));

export const ConfirmationInputSchema = named(
  'ConfirmationInput',
  () =>
    z.strictObject({
      attendance: z.enum(['head', 'delegate']),
      head: z.optional(z.strictObject({ name: nameText(50), title: enumOf(headTitles) })),
      delegate: z.optional(Person()),
      reason: z.optional(enumOf(absenceReasons)),
      reasonDetail: z.optional(freeText(1000)),
      counsel: z.optional(z.array(z.strictObject({ name: nameText(50), firm: z.optional(nameText(100)) })).check(z.maxLength(5))),
    }),
  'Who will appear: the head (正职、副职或分管负责人), or for a lawful reason a staff member; a lawyer alone is refused',
);

export const AttendanceInputSchema = named('AttendanceInput', () =>
  z.strictObject({
    held: z.boolean(),
    headAppeared: z.boolean(),
    appearedName: z.optional(nameText(50)),
    appearedTitle: z.optional(enumOf(headTitles)),
    others: z.optional(z.array(Person()).check(z.maxLength(20))),
  }),
);

export const HearingListQuery = lazy(() =>
  z.strictObject({
    from: z.optional(isoDate()),
    to: z.optional(isoDate()),
    agencyId: z.optional(AgencyId()),
    confirmation: z.optional(z.enum(['pending', 'confirmed'])),
    ...pageQuery(),
  }),
);

export const HearingSchema = named('Hearing', () =>
  z.object({
    id: z.string(),
    caseId: z.string(),
    caseNumber: z.string(),
    caseKind: z.string(),
    agencyId: z.string(),
    kind: enumOf(hearingKinds),
    instance: z.nullable(z.string()),
    scheduledAt: isoDateTime(),
    court: z.string(),
    courtroom: z.optional(z.string()),
    status: z.enum(['scheduled', 'cancelled']),
    cancelReason: z.optional(z.string()),
    confirmation: z.nullable(z.looseObject({ attendance: z.string(), confirmedAt: z.string(), onBehalf: z.boolean() })),
    attendance: z.nullable(z.looseObject({ held: z.boolean(), headAppeared: z.boolean() })),
    confirmationDeadline: DeadlineSchema(),
    version: z.int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
);

export const FeedTokenSchema = named(
  'FeedToken',
  () => z.object({ agencyId: z.string(), token: z.string(), feedPath: z.string() }),
  'A new calendar-feed token: the previous one stops working. Shown once; only its hash is stored',
);

export const IcsQuery = lazy(() =>
  z.strictObject({
    agencyId: AgencyId(),
    token: z.string().check(z.minLength(16), z.maxLength(128)),
  }),
);
