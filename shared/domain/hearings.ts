import type { Calendar } from './calendar';
import type { Actor, CaseRecord, IdempotencyClaim, IdempotentResult, StoredResponse } from './cases';
import { chinaDate } from './clock';
import type { Deadline } from './deadlines';
import type { LawText } from './law';
import type { absenceReasons, hearingKinds, headTitles, instances } from './enums';
import { AppError, invalidField } from './errors';
import type { PageRequest, StorePage } from './paging';

/**
 * Hearings and the agency head's appearance (负责人出庭应诉): 行政诉讼法第三条第三款, the 2020
 * rules on heads appearing in court (出庭规定), and 行政复议法第五十一条 for reconsideration hearings.
 */
export type HearingKind = keyof typeof hearingKinds;
export type HeadTitle = keyof typeof headTitles;

export interface HearingInput {
  /** RFC 3339 with an offset */
  scheduledAt: string;
  court: string;
  courtroom?: string;
  kind: HearingKind;
  /** litigation: the instance heard (defaults to the case's current one) */
  instance?: keyof typeof instances;
}

export interface ConfirmationInput {
  attendance: 'head' | 'delegate';
  head?: { name: string; title: HeadTitle };
  delegate?: { name: string; position: string };
  reason?: keyof typeof absenceReasons;
  reasonDetail?: string;
  /** lawyers accompanying the head or the delegate (allowed, never alone: 出庭规定第十条、第十二条) */
  counsel?: { name: string; firm?: string }[];
}

export interface Confirmation extends ConfirmationInput {
  confirmedAt: string;
  confirmedBy: Actor & { role: 'agency-head' | 'legal-office' };
  /** entered by the legal office on the agency's behalf */
  onBehalf: boolean;
}

export interface AttendanceInput {
  held: boolean;
  headAppeared: boolean;
  appearedName?: string;
  appearedTitle?: HeadTitle;
  others?: { name: string; position: string }[];
}

export interface Attendance extends AttendanceInput {
  recordedAt: string;
  recordedBy: Actor;
}

export interface Hearing {
  id: string;
  caseId: string;
  caseNumber: string;
  caseKind: CaseRecord['kind'];
  agencyId: string;
  kind: HearingKind;
  instance: keyof typeof instances | null;
  scheduledAt: string;
  court: string;
  courtroom?: string;
  status: 'scheduled' | 'cancelled';
  cancelReason?: string;
  confirmation: Confirmation | null;
  attendance: Attendance | null;
  /** iCalendar SEQUENCE: goes up with every change a subscriber's calendar should show */
  sequence: number;
  version: number;
  createdAt: string;
  updatedAt: string;
  createdBy: Actor;
}

export interface HearingChange {
  hearing: Hearing;
  /** the case history entry for this change */
  history: { at: string; actor: Actor; action: string; details?: Record<string, unknown>; before?: Record<string, unknown>; after?: Record<string, unknown> };
  /** nothing to write: the request restates what is already recorded (a PUT sent again) */
  unchanged?: true;
}

/** The content of an attendance record, without who entered it and when, in a fixed order. */
function attendanceContent(a: AttendanceInput): string {
  return JSON.stringify([a.held, a.headAppeared, a.appearedName, a.appearedTitle, a.others?.map((o) => [o.name, o.position])]);
}

/** The content of a confirmation, without who entered it and when, in a fixed order. */
function confirmationContent(c: ConfirmationInput): string {
  return JSON.stringify([c.attendance, c.head?.name, c.head?.title, c.delegate?.name, c.delegate?.position, c.reason, c.reasonDetail, c.counsel?.map((l) => [l.name, l.firm])]);
}

const expectedKind: Record<CaseRecord['kind'], HearingKind> = {
  litigation: 'court',
  reconsideration: 'reconsideration-hearing',
};

/** The China date and time of a hearing, e.g. 2025-03-10 09:30. */
export function hearingDate(hearing: Pick<Hearing, 'scheduledAt'>): string {
  return chinaDate(new Date(hearing.scheduledAt));
}

/** Normalises an RFC 3339 datetime to China time (+08:00), whole seconds. */
export function toChinaDateTime(value: string): string {
  const instant = new Date(value);
  return `${new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

export function scheduleHearing(id: string, record: CaseRecord, input: HearingInput, actor: Actor, at: string): HearingChange {
  if (input.kind !== expectedKind[record.kind]) {
    throw invalidField('kind', {
      zh: record.kind === 'litigation' ? '行政应诉案件的庭审应为开庭（court）' : '行政复议案件的庭审应为听证（reconsideration-hearing）',
      en: `a ${record.kind} case has ${expectedKind[record.kind]} hearings`,
    });
  }
  if (input.instance && record.kind !== 'litigation') throw invalidField('instance', { zh: '只有法院开庭才有审级', en: 'only court hearings have an instance' });
  const hearing: Hearing = {
    id,
    caseId: record.id,
    caseNumber: record.caseNumber,
    caseKind: record.kind,
    agencyId: record.agencyId,
    kind: input.kind,
    instance: record.kind === 'litigation' ? (input.instance ?? record.instance ?? 'first') : null,
    scheduledAt: toChinaDateTime(input.scheduledAt),
    court: input.court,
    ...(input.courtroom ? { courtroom: input.courtroom } : {}),
    status: 'scheduled',
    confirmation: null,
    attendance: null,
    sequence: 0,
    version: 1,
    createdAt: at,
    updatedAt: at,
    createdBy: actor,
  };
  return {
    hearing,
    history: {
      at,
      actor,
      action: 'schedule-hearing',
      after: { hearingId: id, scheduledAt: hearing.scheduledAt, court: hearing.court, ...(hearing.courtroom ? { courtroom: hearing.courtroom } : {}) },
    },
  };
}

function notCancelled(hearing: Hearing): void {
  if (hearing.status === 'cancelled') {
    throw new AppError('conflict', 'HEARING_CANCELLED', { zh: '该庭审已取消', en: 'the hearing was cancelled' }, { extensions: { hearingId: hearing.id } });
  }
}

export interface HearingPatch {
  scheduledAt?: string;
  court?: string;
  courtroom?: string;
  status?: 'cancelled';
  cancelReason?: string;
}

/** Reschedules or cancels. A new time clears the confirmation: the head confirmed another day. */
export function changeHearing(hearing: Hearing, patch: HearingPatch, actor: Actor, at: string): HearingChange {
  notCancelled(hearing);
  if (hearing.attendance) {
    throw new AppError('conflict', 'HEARING_HELD', {
      zh: '该庭审的出庭情况已登记，不能再修改',
      en: 'the attendance of this hearing is recorded; it cannot be changed',
    });
  }
  if (patch.status === 'cancelled') {
    return {
      hearing: { ...hearing, status: 'cancelled', ...(patch.cancelReason ? { cancelReason: patch.cancelReason } : {}), sequence: hearing.sequence + 1, version: hearing.version + 1, updatedAt: at },
      history: { at, actor, action: 'cancel-hearing', details: { hearingId: hearing.id, ...(patch.cancelReason ? { reason: patch.cancelReason } : {}) }, before: { status: 'scheduled' }, after: { status: 'cancelled' } },
    };
  }
  const scheduledAt = patch.scheduledAt ? toChinaDateTime(patch.scheduledAt) : hearing.scheduledAt;
  const moved = scheduledAt !== hearing.scheduledAt;
  const next: Hearing = {
    ...hearing,
    scheduledAt,
    court: patch.court ?? hearing.court,
    ...(patch.courtroom !== undefined ? { courtroom: patch.courtroom } : {}),
    confirmation: moved ? null : hearing.confirmation,
    sequence: hearing.sequence + 1,
    version: hearing.version + 1,
    updatedAt: at,
  };
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const key of ['scheduledAt', 'court', 'courtroom'] as const) {
    if (hearing[key] !== next[key]) {
      before[key] = hearing[key] ?? null;
      after[key] = next[key] ?? null;
    }
  }
  if (moved && hearing.confirmation) {
    before.confirmation = hearing.confirmation.attendance;
    after.confirmation = null;
  }
  return {
    hearing: next,
    history: {
      at,
      actor,
      action: 'reschedule-hearing',
      details: { hearingId: hearing.id, ...(moved && hearing.confirmation ? { confirmationCleared: true } : {}) },
      before,
      after,
    },
  };
}

// 律师 written as escapes: a regular expression is the one place esbuild keeps non-ASCII text, and
// Lambda bundles are kept ASCII (see PARAGRAPH_SUFFIX in deadlines.ts).
const LAWYER = /\u5F8B\u5E08|lawyer|attorney/i;

/**
 * The head confirms who will appear: the head in person (a principal, deputy or supervising head:
 * 出庭规定第二条), or, for a lawful reason (第八条), a staff member who exercises the power in
 * question (第十条). A lawyer alone is not a lawful appearance (第十条、第十二条第三项).
 */
export function confirmHearing(
  hearing: Hearing,
  input: ConfirmationInput,
  actor: Actor,
  role: 'agency-head' | 'legal-office',
  now: Date,
  at: string,
): HearingChange {
  notCancelled(hearing);
  if (now.getTime() >= new Date(hearing.scheduledAt).getTime()) {
    throw new AppError('conflict', 'HEARING_STARTED', {
      zh: `庭审已于 ${hearing.scheduledAt} 开始，不能再确认出庭`,
      en: `the hearing began at ${hearing.scheduledAt}; its appearance can no longer be confirmed`,
    });
  }
  if (input.attendance === 'head') {
    if (!input.head) throw invalidField('head', { zh: '请填写出庭负责人的姓名和职务', en: 'name the head who will appear (name and title)' });
    if (input.delegate) throw invalidField('delegate', { zh: '负责人亲自出庭，无需委托工作人员', en: 'a head appearing in person needs no delegate' });
    if (input.reason || input.reasonDetail) {
      throw invalidField('reason', { zh: '只有负责人不能出庭时才需填写理由', en: 'a reason is only given when the head cannot appear' });
    }
  } else {
    if (!input.delegate) {
      throw invalidField('delegate', { zh: '请填写受委托出庭工作人员的姓名和职务', en: 'name the staff member who will appear (name and position)' });
    }
    if (input.head) throw invalidField('head', { zh: '委托工作人员出庭时，不填写出庭负责人', en: 'the head does not appear when a delegate is sent' });
    if (!input.reason) {
      throw invalidField('reason', {
        zh: '负责人不能出庭的，应当说明正当理由（出庭规定第八条）',
        en: 'a head who cannot appear must give a lawful reason (出庭规定第八条)',
      });
    }
    if (!input.reasonDetail) {
      throw invalidField('reasonDetail', {
        zh: '请写明不能出庭的具体理由（出庭规定第九条：理由应有证明材料）',
        en: 'describe the reason (出庭规定第九条: it must be proven)',
      });
    }
    if (LAWYER.test(input.delegate.position)) {
      // A court hearing: 行诉解释第一百二十八条第二款 "不得仅委托律师出庭" (出庭规定第十条: a staff
      // member who exercises the power). A 听证: 行政复议法第五十一条第三款, 相应的工作人员 likewise.
      throw invalidField(
        'delegate.position',
        hearing.kind === 'reconsideration-hearing'
          ? {
              zh: '负责人不能参加听证的，应当委托相应的工作人员参加，不得仅委托律师（行政复议法第五十一条第三款）',
              en: 'a lawyer alone may not attend the hearing for the respondent: a head who cannot attend must delegate a staff member (行政复议法第五十一条第三款)',
            }
          : {
              zh: '负责人不能出庭的，应当委托行政机关相应的工作人员出庭，不得仅委托律师出庭（行诉解释第一百二十八条第二款）',
              en: 'a lawyer alone may not appear for the agency: a head who cannot appear must delegate a staff member of the agency (行诉解释第一百二十八条第二款)',
            },
        'LAWYER_ONLY_DELEGATION',
      );
    }
  }
  const confirmation: Confirmation = { ...input, confirmedAt: at, confirmedBy: { ...actor, role }, onBehalf: role === 'legal-office' };
  const current = hearing.confirmation;
  const restated =
    current !== null &&
    current !== undefined &&
    current.confirmedBy.sub === actor.sub &&
    current.confirmedBy.role === role &&
    confirmationContent(current) === confirmationContent(input);
  return {
    // PUT is idempotent: the same confirmation by the same person again changes nothing — no new
    // version, no history entry — so a double click or a client retry cannot collide with itself.
    ...(restated ? { unchanged: true as const } : {}),
    hearing: { ...hearing, confirmation, sequence: hearing.sequence + 1, version: hearing.version + 1, updatedAt: at },
    history: {
      at,
      actor,
      action: 'confirm-appearance',
      details: { hearingId: hearing.id, role, onBehalf: role === 'legal-office' },
      before: { confirmation: hearing.confirmation?.attendance ?? null },
      after: {
        confirmation: input.attendance,
        ...(input.head ? { head: input.head } : {}),
        ...(input.delegate ? { delegate: input.delegate, reason: input.reason } : {}),
      },
    },
  };
}

/** After the hearing, the legal office records what happened: this is what the statistics count. */
export function recordAttendance(hearing: Hearing, input: AttendanceInput, actor: Actor, now: Date, at: string): HearingChange {
  notCancelled(hearing);
  if (now.getTime() < new Date(hearing.scheduledAt).getTime()) {
    throw new AppError('conflict', 'HEARING_NOT_YET_HELD', {
      zh: `庭审定于 ${hearing.scheduledAt}，请在庭审后登记出庭情况`,
      en: `the hearing is scheduled for ${hearing.scheduledAt}; record attendance after it`,
    });
  }
  if (!input.held && input.headAppeared) {
    throw invalidField('headAppeared', { zh: '庭审未举行，不能登记负责人出庭', en: 'no head appeared at a hearing that was not held' });
  }
  if (input.headAppeared && !input.appearedName) throw invalidField('appearedName', { zh: '请填写出庭负责人的姓名', en: 'name the head who appeared' });
  if (input.headAppeared && !input.appearedTitle) {
    throw invalidField('appearedTitle', {
      zh: '请填写出庭负责人的职务（出庭规定第二条）',
      en: 'give the title of the head who appeared (出庭规定第二条)',
    });
  }
  const attendance: Attendance = { ...input, recordedAt: at, recordedBy: actor };
  const current = hearing.attendance;
  const restated = current !== null && current !== undefined && current.recordedBy.sub === actor.sub && attendanceContent(current) === attendanceContent(input);
  return {
    // Like the confirmation, the same record by the same person again writes nothing.
    ...(restated ? { unchanged: true as const } : {}),
    hearing: { ...hearing, attendance, version: hearing.version + 1, updatedAt: at },
    history: {
      at,
      actor,
      action: 'record-attendance',
      details: { hearingId: hearing.id },
      before: { held: hearing.attendance?.held ?? null, headAppeared: hearing.attendance?.headAppeared ?? null },
      after: { held: input.held, headAppeared: input.headAppeared, ...(input.appearedName ? { appearedName: input.appearedName } : {}) },
    },
  };
}

/** 出庭规定第六条: proof of who appears must reach the court before the hearing; default three working days. */
export const HEARING_CONFIRMATION_BASIS = '最高人民法院关于行政机关负责人出庭应诉若干问题的规定第六条';
/** 行政复议法第五十条、第五十一条: the reconsideration organ's 听证, which the respondent's head attends (第五十一条第三款). */
export const RECONSIDERATION_HEARING_BASIS = '行政复议法第五十条、第五十一条第三款';

/** What a confirmation deadline cites and says, by the kind of hearing. */
const confirmationTexts: Record<HearingKind, { basis: string; law: LawText; why: (scheduledAt: string) => string; cancelled: string }> = {
  court: {
    basis: HEARING_CONFIRMATION_BASIS,
    law: 'head-appearance-rules-2020',
    why: (at) => `开庭时间${at}，出庭负责人（或委托的工作人员）应在开庭前确定，以便提交身份证明（出庭规定第六条）`,
    cancelled: '庭审已取消',
  },
  'reconsideration-hearing': {
    basis: RECONSIDERATION_HEARING_BASIS,
    law: 'reconsideration-law-2023',
    why: (at) =>
      `听证时间${at}，被申请人的负责人应当参加听证，不能参加的，应当说明理由并委托相应的工作人员参加听证（行政复议法第五十一条第三款），参加听证的人员应在听证前确定`,
    cancelled: '听证已取消',
  },
};

export function confirmationDeadline(hearing: Hearing, calendar: Calendar, today: string, leadWorkingDays: number): Deadline {
  const date = hearingDate(hearing);
  const computation = calendar.workingDaysBefore(date, leadWorkingDays);
  const dueOn = computation.date;
  const texts = confirmationTexts[hearing.kind];
  const base = {
    type: 'hearing-confirmation' as const,
    key: `hearing-confirmation#${hearing.id}`,
    startsOn: date,
    dueOn,
    unit: 'working-days' as const,
    length: leadWorkingDays,
    basis: texts.basis,
    law: texts.law,
    provisional: computation.provisional,
    years: computation.years,
    explanation: [texts.why(hearing.scheduledAt), ...computation.steps],
  };
  if (hearing.status === 'cancelled') return { ...base, status: 'cancelled', explanation: [...base.explanation, texts.cancelled] };
  if (hearing.confirmation) {
    const metOn = chinaDate(new Date(hearing.confirmation.confirmedAt));
    return { ...base, status: 'met', metOn, late: metOn > dueOn };
  }
  if (hearing.attendance) {
    return { ...base, status: 'cancelled', explanation: [...base.explanation, `${hearing.kind === 'court' ? '庭审' : '听证'}已举行，未事先确认`] };
  }
  return { ...base, status: today > dueOn ? 'overdue' : 'open' };
}

export interface HearingFilter {
  agencyId?: string;
  /** China dates, inclusive */
  from?: string;
  to?: string;
  confirmation?: 'pending' | 'confirmed';
}

/** The port for hearings; shared/store implements it on DynamoDB. */
export interface HearingRepository {
  get(id: string): Promise<Hearing | undefined>;
  /** Writes the hearing (new, or replacing version `expectedVersion`) with its case history entry and deadline item. */
  save(
    change: HearingChange,
    expectedVersion: number | undefined,
    deadline: Deadline,
    idempotency?: { claim: IdempotencyClaim; response: StoredResponse },
  ): Promise<IdempotentResult<Hearing>>;
  findResponse(claim: IdempotencyClaim): Promise<StoredResponse | 'mismatch' | undefined>;
  list(filter: HearingFilter, page: PageRequest): Promise<StorePage<Hearing>>;
  ofCase(caseId: string): Promise<Hearing[]>;
}
