import * as z from 'zod/mini';
import type { ActionInput, CaseRegistration } from '../../domain/cases';
import {
  actTypes,
  appellants,
  caseKinds,
  collectiveReviewForums,
  enforcementFields,
  instances,
  judgmentForms,
  litigationOutcomes,
  litigationStatuses,
  partyRoles,
  procedures,
  reconsiderationOutcomes,
  reconsiderationStatuses,
  rejectionReasons,
  rulingTypes,
  suspensionReasons,
  terminationReasons,
} from '../../domain/enums';
import { idNumberProblem } from '../../domain/id-number';
import { localized } from '../validation';
import { AgencyId } from './agencies';
import { enumOf, freeText, isoDate, lazy, named, nameText, pageQuery, text } from './common';

/** Server-chosen ids are ULIDs; anything else is a 400 before the store is asked. */
export const CaseId = lazy(() => z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, localized({ zh: '应为案件编号（26位）', en: 'must be a case id (26-character ULID)' }))));

const IdNumber = () =>
  z.pipe(
    z.string().check(z.trim(), z.toUpperCase()),
    z.string().check(
      z.refine((value) => idNumberProblem(value) === undefined, {
        error: (issue) => {
          const problem = idNumberProblem(String(issue.input)) ?? { zh: '无效', en: 'invalid' };
          return localized({ zh: `不是有效的身份证号：${problem.zh}`, en: `is not a valid resident ID number: ${problem.en}` });
        },
      }),
    ),
  );

const PartyInput = () =>
  z.strictObject({
    role: enumOf(partyRoles),
    name: nameText(100),
    idNumber: z.optional(IdNumber()),
  });

const registrationCommon = () => ({
  caseNumber: nameText(60),
  agencyId: AgencyId(),
  receivedOn: isoDate(),
  field: z.optional(enumOf(enforcementFields)),
  actType: z.optional(enumOf(actTypes)),
  parties: z.array(PartyInput()).check(z.minLength(1), z.maxLength(50)),
  title: z.optional(freeText(200)),
  summary: z.optional(freeText(4000)),
});

export const NewCase = named(
  'NewCase',
  () => {
    const common = registrationCommon();
    return z.discriminatedUnion('kind', [
      z.strictObject({
        kind: z.literal('reconsideration'),
        ...common,
        procedure: z.optional(enumOf(procedures)),
      }),
      z.strictObject({
        kind: z.literal('litigation'),
        ...common,
        court: z.optional(nameText(100)),
        filedOn: z.optional(isoDate()),
        relatedCaseId: z.optional(CaseId()),
      }),
    ]);
  },
  'A case to register. reconsideration: receivedOn is the day the application arrived; litigation: the day the complaint copy was served on the agency',
);

const step = <T extends string, S extends z.core.$ZodLooseShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), on: isoDate(), note: z.optional(freeText(2000)), ...shape });
const reason = <L extends Record<string, string>>(labels: L) => ({
  reason: enumOf(labels),
  reasonDetail: z.optional(freeText(2000)),
});

export const ActionSchema = named(
  'CaseAction',
  () =>
    z.discriminatedUnion('type', [
      step('request-correction', { items: z.optional(freeText(2000)), servedOn: z.optional(isoDate()) }),
      step('receive-correction', {}),
      // 行政复议法第三十一条第二款: the office lengthens the applicant's correction period to `until`.
      step('extend-correction', { until: isoDate(), reason: freeText(2000) }),
      step('correction-lapsed', {}),
      step('accept', { procedure: z.optional(enumOf(procedures)) }),
      step('reject', reason(rejectionReasons)),
      step('send-copy', { servedOn: z.optional(isoDate()) }),
      step('receive-reply', {}),
      step('suspend', reason(suspensionReasons)),
      step('resume', {}),
      step('extend', { approvedBy: nameText(100), days: z.optional(z.int().check(z.minimum(1), z.maximum(30))) }),
      step('convert-to-ordinary', {}),
      step('decide', { outcome: enumOf(reconsiderationOutcomes) }),
      step('terminate', reason(terminationReasons)),
      step('record-performance', { performed: z.optional(z.boolean()) }),
      step('file-defense', {}),
      step('judge', {
        form: enumOf(judgmentForms),
        instance: enumOf(instances),
        outcome: enumOf(litigationOutcomes),
        servedOn: isoDate(),
        rulingType: z.optional(enumOf(rulingTypes)),
      }),
      step('appeal', { by: enumOf(appellants) }),
      step('conclude', { outcome: enumOf(litigationOutcomes) }),
      step('receive-judicial-suggestion', { replyDueOn: z.optional(isoDate()), subject: z.optional(freeText(500)) }),
      step('reply-judicial-suggestion', {}),
      step('correct-outcome', {
        outcome: z.union([enumOf(reconsiderationOutcomes), enumOf(litigationOutcomes)]),
        reason: z.optional(freeText(1000)),
      }),
      // 重大行政复议应诉案件集体研究制度 (行政复议法第五十二条): any open case of either kind.
      step('mark-major', { reasonDetail: freeText(2000) }),
      step('collective-review', { forum: enumOf(collectiveReviewForums), conclusion: freeText(4000) }),
    ]),
  'One step of a case: `on` is the day it happened (past days are fine: ledgers are entered late)',
);

// The schemas must produce exactly what the domain expects.
type Assert<T extends true> = T;
export type _RegistrationFits = Assert<z.output<ReturnType<typeof NewCase>> extends CaseRegistration ? true : false>;
export type _ActionFits = Assert<z.output<ReturnType<typeof ActionSchema>> extends ActionInput ? true : false>;

const allStatuses = { ...reconsiderationStatuses, ...litigationStatuses };

/** The filters of GET /cases (and of its export, GET /cases.xlsx). */
export const caseFilterShape = () => ({
  kind: z.optional(enumOf(caseKinds)),
  agencyId: z.optional(AgencyId()),
  status: z.optional(enumOf(allStatuses)),
  open: z.optional(z.pipe(z.enum(['true', 'false']), z.transform((value) => value === 'true'))),
  receivedFrom: z.optional(isoDate()),
  receivedTo: z.optional(isoDate()),
  // A case number (exact or its beginning) or a party's exact name: an index lookup, never a scan.
  q: z.optional(text(100)),
});

export const CaseListQuery = lazy(() =>
  z.strictObject({
    ...caseFilterShape(),
    ...pageQuery(),
  }),
);

const Actor = lazy(() => z.object({ sub: z.string(), name: z.string() }));

export const DeadlineSchema = named('Deadline', () =>
  z.object({
    type: z.string(),
    dueOn: z.nullable(isoDate()),
    unit: z.enum(['working-days', 'calendar-days', 'months']),
    length: z.int(),
    basis: z.string(),
    law: z.string(),
    status: z.enum(['open', 'met', 'overdue', 'paused', 'cancelled']),
    provisional: z.boolean(),
    metOn: z.optional(isoDate()),
    late: z.optional(z.boolean()),
    explanation: z.array(z.string()),
  }),
);

export const CaseSchema = named(
  'Case',
  () =>
    z.object({
      id: z.string(),
      kind: enumOf(caseKinds),
      caseNumber: z.string(),
      agencyId: z.string(),
      receivedOn: isoDate(),
      procedure: z.nullable(enumOf(procedures)),
      field: z.optional(z.string()),
      actType: z.optional(z.string()),
      parties: z.array(z.object({ role: z.string(), name: z.string(), idNumber: z.optional(z.string()) })),
      court: z.optional(z.string()),
      filedOn: z.optional(isoDate()),
      title: z.optional(z.string()),
      summary: z.optional(z.string()),
      relatedCaseId: z.optional(z.string()),
      linkedCases: z.array(z.object({ id: z.string(), kind: z.string(), caseNumber: z.string() })),
      status: z.string(),
      concluded: z.boolean(),
      outcome: z.nullable(z.string()),
      acceptedOn: z.nullable(isoDate()),
      deemedAccepted: z.boolean(),
      concludedOn: z.nullable(isoDate()),
      rejectedOn: z.nullable(isoDate()),
      abandonedOn: z.nullable(isoDate()),
      major: z.boolean(),
      markedMajorOn: z.nullable(isoDate()),
      collectivelyReviewedOn: z.nullable(isoDate()),
      instance: z.nullable(z.string()),
      law: z.string(),
      allowedActions: z.array(z.string()),
      steps: z.array(z.looseObject({ type: z.string(), on: isoDate(), recordedAt: z.string(), recordedBy: Actor() })),
      deadlines: z.array(DeadlineSchema()),
      hearings: z.optional(
        z.array(
          z.object({
            id: z.string(),
            kind: z.string(),
            scheduledAt: z.string(),
            court: z.string(),
            status: z.string(),
            confirmation: z.nullable(z.string()),
            held: z.nullable(z.boolean()),
            headAppeared: z.nullable(z.boolean()),
          }),
        ),
      ),
      version: z.int(),
      createdAt: z.string(),
      updatedAt: z.string(),
    }),
  'A case. Party ID numbers are masked; deadlines and status are as of today (China time)',
);

export const HistoryEntrySchema = named('HistoryEntry', () =>
  z.object({
    at: z.string(),
    actor: Actor(),
    action: z.string(),
    on: z.optional(isoDate()),
    details: z.optional(z.record(z.string(), z.unknown())),
    before: z.optional(z.record(z.string(), z.unknown())),
    after: z.optional(z.record(z.string(), z.unknown())),
  }),
);
