import type { BoardEntry } from './deadline-board';
import type { DeadlineType, alertTypes } from './enums';
import type { PageRequest, StorePage } from './paging';

export type AlertType = keyof typeof alertTypes;

/** What the daily sweep raised (GET /alerts; in AWS also an EventBridge event). */
export interface Alert {
  /** deterministic, so a second run on the same day raises nothing new */
  id: string;
  type: AlertType;
  raisedOn: string;
  caseId: string;
  caseNumber: string;
  agencyId: string;
  deadline?: { type: DeadlineType; key: string; dueOn: string; basis: string };
  hearing?: { id: string; scheduledAt: string };
  message: string;
}

export interface AlertRepository {
  /** Stores an alert unless one with its id exists; true when it is new. */
  raise(alert: Alert): Promise<boolean>;
  since(date: string, page: PageRequest): Promise<StorePage<Alert>>;
}

const typeNames: Record<DeadlineType, string> = {
  'acceptance-review': '受理审查',
  'correction-submission': '申请人补正',
  'copy-to-respondent': '发送申请书副本',
  'respondent-reply': '被申请人答复',
  decision: '作出复议决定',
  defense: '提交答辩状和证据',
  appeal: '上诉',
  'judicial-suggestion-reply': '回复司法建议',
  'hearing-confirmation': '负责人出庭确认',
};

export interface SweepPlan {
  alerts: Alert[];
  /** deadlines past due whose overdue alert is raised now: the sweep need not read them again */
  settled: BoardEntry[];
  /** cases whose acceptance review lapsed: re-fold them so the deemed acceptance is stored */
  recompute: string[];
}

/**
 * What a day's sweep does with the open deadlines it read (pure): a deadline past due is overdue,
 * one due within the window is approaching; an acceptance review past due is not a failure but a
 * deemed acceptance (行政复议法第三十条第三款) to store.
 */
export function planSweep(entries: readonly BoardEntry[], today: string, windowEnd: string): SweepPlan {
  const alerts: Alert[] = [];
  const settled: BoardEntry[] = [];
  const recompute = new Set<string>();
  for (const entry of entries) {
    const deadline = { type: entry.type, key: entry.key, dueOn: entry.dueOn, basis: entry.basis };
    const base = { raisedOn: today, caseId: entry.caseId, caseNumber: entry.caseNumber, agencyId: entry.agencyId, deadline };
    if (entry.type === 'hearing-confirmation') {
      // 出庭规定第六条 (a court hearing) or 行政复议法第五十一条第三款 (a 听证): who appears must be
      // settled before the hearing; raised once per due date.
      if (entry.dueOn > windowEnd) continue;
      alerts.push({
        ...base,
        id: `hearing-unconfirmed|${entry.hearing?.id ?? entry.key}|${entry.dueOn}`,
        type: 'hearing-unconfirmed',
        ...(entry.hearing ? { hearing: entry.hearing } : {}),
        message: `${entry.caseNumber}：${entry.hearing?.scheduledAt ?? ''}${entry.kind === 'reconsideration' ? '听证，参加听证的负责人' : '开庭，出庭负责人'}尚未确认（应于${entry.dueOn}前确认，${entry.basis}）`,
      });
      if (entry.dueOn < today) settled.push(entry);
      continue;
    }
    if (entry.dueOn < today) {
      if (entry.type === 'acceptance-review') {
        recompute.add(entry.caseId);
        continue;
      }
      alerts.push({
        ...base,
        id: `deadline-overdue|${entry.caseId}|${entry.key}|${entry.dueOn}`,
        type: 'deadline-overdue',
        message: `${entry.caseNumber}：${typeNames[entry.type]}期限已于${entry.dueOn}届满（${entry.basis}）`,
      });
      settled.push(entry);
    } else if (entry.dueOn <= windowEnd) {
      alerts.push({
        ...base,
        id: `deadline-approaching|${entry.caseId}|${entry.key}|${entry.dueOn}`,
        type: 'deadline-approaching',
        message: `${entry.caseNumber}：${typeNames[entry.type]}期限将于${entry.dueOn}届满（${entry.basis}）`,
      });
    }
  }
  return { alerts, settled, recompute: [...recompute] };
}
