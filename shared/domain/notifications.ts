import type { Alert } from './alerts';
import type { DeadlineType } from './enums';

/** What a subscription can ask to hear about, with the clerks' labels. */
export const notificationEvents = {
  'deadline-approaching': '期限临近',
  'deadline-overdue': '期限已逾期',
  'hearing-unconfirmed': '出庭人员未确认',
  'deemed-acceptance': '视为受理',
  'statistics-monthly': '月度统计',
} as const;
export type NotificationEvent = keyof typeof notificationEvents;

export const notificationChannels = {
  wecom: '企业微信群机器人',
  dingtalk: '钉钉群机器人',
  webhook: 'Webhook（Standard Webhooks 签名）',
  email: '电子邮件',
} as const;
export type Channel = keyof typeof notificationChannels;

export const digestModes = {
  immediate: '即时推送',
  daily: '每日汇总（08:00）',
} as const;
export type DigestMode = keyof typeof digestModes;

export const deliveryStatuses = {
  pending: '待发送',
  delivered: '已送达',
  failed: '发送失败',
} as const;
export type DeliveryStatus = keyof typeof deliveryStatuses;

/**
 * One thing to tell subscribers: an alert of the sweep, a deemed acceptance, a monthly report.
 * Built only from case numbers, agencies, deadlines and dates: never a party's name or ID number.
 */
export interface Notice {
  /** stable: the alert's id, `deemed-acceptance|<case>|<day>`, `statistics-monthly|<month>` */
  id: string;
  event: NotificationEvent;
  raisedOn: string;
  /** undefined: concerns the whole office (the monthly report) */
  agencyId?: string;
  caseId?: string;
  caseNumber?: string;
  deadline?: { type: DeadlineType; key: string; dueOn: string; basis: string };
  hearing?: { id: string; scheduledAt: string };
  month?: string;
  /** a one-line summary in Chinese */
  summary: string;
}

/** The EventBridge detail types the notifier consumes (the sweep puts them on the bus). */
export const detailTypes = {
  alert: 'alert',
  deemedAcceptance: 'deemed-acceptance',
  monthly: 'statistics-monthly',
  digest: 'notification-digest',
} as const;

export function noticeOfAlert(alert: Alert): Notice {
  return {
    id: alert.id,
    event: alert.type,
    raisedOn: alert.raisedOn,
    agencyId: alert.agencyId,
    caseId: alert.caseId,
    caseNumber: alert.caseNumber,
    ...(alert.deadline ? { deadline: alert.deadline } : {}),
    ...(alert.hearing ? { hearing: alert.hearing } : {}),
    summary: alert.message,
  };
}

/** What the sweep puts on the bus when a lapsed acceptance review became a deemed acceptance. */
export interface DeemedAcceptanceDetail {
  caseId: string;
  caseNumber: string;
  agencyId: string;
  /** the acceptance review deadline's key */
  key: string;
  /** the last day of the review period: the case counts as accepted on it */
  dueOn: string;
  basis: string;
  raisedOn: string;
}

export function noticeOfDeemedAcceptance(detail: DeemedAcceptanceDetail): Notice {
  return {
    id: `deemed-acceptance|${detail.caseId}|${detail.dueOn}`,
    event: 'deemed-acceptance',
    raisedOn: detail.raisedOn,
    agencyId: detail.agencyId,
    caseId: detail.caseId,
    caseNumber: detail.caseNumber,
    deadline: { type: 'acceptance-review', key: detail.key, dueOn: detail.dueOn, basis: detail.basis },
    // 行政复议法第三十条第三款: not rejected within the review period, the application counts as accepted.
    summary: `${detail.caseNumber}：受理审查期限已于${detail.dueOn}届满，视为受理（${detail.basis}）`,
  };
}

export function noticeOfMonthlyReport(report: { month: string; generatedOn: string }): Notice {
  return {
    id: `statistics-monthly|${report.month}`,
    event: 'statistics-monthly',
    raisedOn: report.generatedOn,
    month: report.month,
    summary: `${report.month}月度统计（月通报）已生成`,
  };
}
