import {
  caseKinds,
  deadlineStatuses,
  deadlineTypes,
  litigationActions,
  litigationOutcomes,
  litigationStatuses,
  reconsiderationActions,
  reconsiderationOutcomes,
  reconsiderationStatuses,
  type CaseKind,
} from '../../domain/enums';

/** A code's Chinese label, the code itself when it has none (never an empty cell). */
export const label = (labels: Readonly<Record<string, string>>, code: string | null | undefined): string => (code ? (labels[code] ?? code) : '—');

export const statusLabels: Readonly<Record<string, string>> = { ...reconsiderationStatuses, ...litigationStatuses };
export const outcomeLabels: Readonly<Record<string, string>> = { ...reconsiderationOutcomes, ...litigationOutcomes };
export const actionLabelsOf = (kind: CaseKind): Readonly<Record<string, string>> => (kind === 'litigation' ? litigationActions : reconsiderationActions);
export const allActionLabels: Readonly<Record<string, string>> = {
  ...reconsiderationActions,
  ...litigationActions,
  register: '登记',
  'schedule-hearing': '安排庭审',
  'change-hearing': '变更庭审',
  'confirm-appearance': '确认出庭',
  'record-attendance': '登记出庭情况',
  'calendar-updated': '节假日安排更新后重算期限',
  'deemed-acceptance': '视为受理',
};
export { caseKinds, deadlineStatuses, deadlineTypes };

/** The tone of a deadline: overdue red, due within `soon` days amber. */
export function deadlineTone(status: string, dueOn: string | null, today: string, soonUntil: string): string | undefined {
  if (status === 'overdue') return 'overdue';
  if (status === 'open' && dueOn !== null && dueOn < today) return 'overdue';
  if (status === 'open' && dueOn !== null && dueOn <= soonUntil) return 'approaching';
  if (status === 'met') return 'met';
  if (status === 'paused' || status === 'cancelled') return 'paused';
  return undefined;
}

export function deadlineText(status: string, dueOn: string | null, today: string, soonUntil: string): string {
  const tone = deadlineTone(status, dueOn, today, soonUntil);
  if (tone === 'overdue') return '已逾期';
  if (tone === 'approaching') return '即将到期';
  return label(deadlineStatuses, status);
}

/** 2026-12-18T09:30:00+08:00 → 2026-12-18 09:30 (China time, as stored). */
export const hearingTime = (scheduledAt: string) => `${scheduledAt.slice(0, 10)} ${scheduledAt.slice(11, 16)}`;
