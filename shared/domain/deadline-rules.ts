import type { DeadlineType, periodUnits } from './enums';
import type { LawText } from './law';

/** What starts a period: one deadline per occurrence (each start's dates are read by `starts` in deadlines.ts). */
export type Trigger =
  | 'review-start' // receipt of the application, or of the correction (复议法第三十一条第三款)
  | 'correction-requested' // the applicant's receipt of the 补正通知 (复议法第三十一条第二款)
  | 'acceptance' // acceptance, explicit or deemed
  | 'copy-served' // the respondent's receipt of the application copy, else its sending (复议法第四十八条)
  | 'complaint-served' // the complaint copy served on the agency (receivedOn of a litigation case)
  | 'first-instance-judgment-served' // a first-instance judgment, or an appealable ruling, served
  | 'judicial-suggestion-received';

/** What ends a period (each end's date is read by `completions` in deadlines.ts). */
export type Completion =
  | 'review-ended' // accepted, rejected, or a correction requested (or deemed accepted when it lapsed)
  | 'correction-received'
  | 'copy-sent'
  | 'reply-received'
  | 'decided' // a decision or a termination
  | 'defense-filed'
  | 'judgment-settled' // an appeal lodged, or the case concluded
  | 'suggestion-replied';

/**
 * One statutory period as data. One generic calculator (deadlines.ts) reads these; no rule has
 * code of its own. `caseLaw` selects the rules of a case by the law text in force on its
 * receivedOn (行政复议法第九十条: the 2023 text from 2024-01-01).
 */
export interface DeadlineRule {
  type: DeadlineType;
  caseLaw: LawText;
  trigger: Trigger;
  completion: Completion;
  unit: keyof typeof periodUnits;
  length: number;
  basis: string;
  /** the text the basis cites */
  law: LawText;
  /** 简易程序 variant (复议法第五十三条、第五十四条、第六十二条第二款) */
  simple?: { length: number; basis: string };
  /** a length and basis by the form of the judgment served (行政诉讼法第八十五条) */
  byForm?: { ruling: { length: number; basis: string } };
  /** a period the court set replaces the statutory one (司法建议规定第八条) */
  courtMayFix?: boolean;
  /** suspension (中止) stops a running clock and the suspended days are added back on resume; one after the last day changes nothing */
  pausedBySuspension?: boolean;
  /** an approved extension (延期) adds its days, if approved while the period ran (复议法第六十二条) */
  extendable?: boolean;
  /** when the case closes first, the period no longer applies (cancelled) */
  cancelledOnClose: boolean;
}

export const deadlineRules: readonly DeadlineRule[] = [
  // 行政复议法（2023）
  {
    type: 'acceptance-review',
    caseLaw: 'reconsideration-law-2023',
    trigger: 'review-start',
    completion: 'review-ended',
    unit: 'working-days',
    length: 5,
    basis: '行政复议法第三十条、第三十一条、第八十八条第二款',
    law: 'reconsideration-law-2023',
    cancelledOnClose: false,
  },
  {
    // The applicant's period: when it runs out with no correction, the office records
    // `correction-lapsed` (视为放弃，记录在案).
    type: 'correction-submission',
    caseLaw: 'reconsideration-law-2023',
    trigger: 'correction-requested',
    completion: 'correction-received',
    unit: 'working-days',
    length: 10,
    basis: '行政复议法第三十一条第二款、第八十八条第二款',
    law: 'reconsideration-law-2023',
    cancelledOnClose: true,
  },
  {
    type: 'copy-to-respondent',
    caseLaw: 'reconsideration-law-2023',
    trigger: 'acceptance',
    completion: 'copy-sent',
    unit: 'working-days',
    length: 7,
    basis: '行政复议法第四十八条、第八十八条第二款',
    law: 'reconsideration-law-2023',
    simple: { length: 3, basis: '行政复议法第五十四条第一款、第八十八条第二款' },
    cancelledOnClose: true,
  },
  {
    type: 'respondent-reply',
    caseLaw: 'reconsideration-law-2023',
    trigger: 'copy-served',
    completion: 'reply-received',
    unit: 'working-days',
    length: 10,
    basis: '行政复议法第四十八条、第八十八条第二款',
    law: 'reconsideration-law-2023',
    simple: { length: 5, basis: '行政复议法第五十四条第一款、第八十八条第二款' },
    cancelledOnClose: true,
  },
  {
    type: 'decision',
    caseLaw: 'reconsideration-law-2023',
    trigger: 'acceptance',
    completion: 'decided',
    unit: 'calendar-days',
    length: 60,
    basis: '行政复议法第六十二条第一款',
    law: 'reconsideration-law-2023',
    simple: { length: 30, basis: '行政复议法第六十二条第二款' },
    pausedBySuspension: true,
    extendable: true,
    cancelledOnClose: false,
  },
  // 行政复议法（2017）: only 五日 and 七日 were working days (old art. 40), so the ten-day reply
  // ran in calendar days; there was no simple procedure, and no fixed correction period (the notice
  // set a reasonable one, 实施条例第二十九条), so the office judges when a correction is overdue.
  {
    type: 'acceptance-review',
    caseLaw: 'reconsideration-law-2017',
    trigger: 'review-start',
    completion: 'review-ended',
    unit: 'working-days',
    length: 5,
    basis: '行政复议法（2017）第十七条、第四十条',
    law: 'reconsideration-law-2017',
    cancelledOnClose: false,
  },
  {
    type: 'copy-to-respondent',
    caseLaw: 'reconsideration-law-2017',
    trigger: 'acceptance',
    completion: 'copy-sent',
    unit: 'working-days',
    length: 7,
    basis: '行政复议法（2017）第二十三条、第四十条',
    law: 'reconsideration-law-2017',
    cancelledOnClose: true,
  },
  {
    type: 'respondent-reply',
    caseLaw: 'reconsideration-law-2017',
    trigger: 'copy-served',
    completion: 'reply-received',
    unit: 'calendar-days',
    length: 10,
    basis: '行政复议法（2017）第二十三条',
    law: 'reconsideration-law-2017',
    cancelledOnClose: true,
  },
  {
    type: 'decision',
    caseLaw: 'reconsideration-law-2017',
    trigger: 'acceptance',
    completion: 'decided',
    unit: 'calendar-days',
    length: 60,
    basis: '行政复议法（2017）第三十一条',
    law: 'reconsideration-law-2017',
    pausedBySuspension: true,
    extendable: true,
    cancelledOnClose: false,
  },
  // 行政诉讼法 and its interpretation
  {
    type: 'defense',
    caseLaw: 'litigation-law-2017',
    trigger: 'complaint-served',
    completion: 'defense-filed',
    unit: 'calendar-days',
    length: 15,
    basis: '行政诉讼法第六十七条第一款',
    law: 'litigation-law-2017',
    cancelledOnClose: true,
  },
  {
    type: 'appeal',
    caseLaw: 'litigation-law-2017',
    trigger: 'first-instance-judgment-served',
    completion: 'judgment-settled',
    unit: 'calendar-days',
    length: 15,
    byForm: { ruling: { length: 10, basis: '行政诉讼法第八十五条、最高人民法院关于适用行政诉讼法的解释第一百零一条第二款' } },
    basis: '行政诉讼法第八十五条',
    law: 'litigation-law-2017',
    cancelledOnClose: false,
  },
  {
    type: 'judicial-suggestion-reply',
    caseLaw: 'litigation-law-2017',
    trigger: 'judicial-suggestion-received',
    completion: 'suggestion-replied',
    unit: 'calendar-days',
    length: 60,
    courtMayFix: true,
    basis: '最高人民法院关于适用行政诉讼法的解释第一百四十九条第四款',
    law: 'litigation-interpretation-2018',
    cancelledOnClose: false,
  },
];

export function rulesFor(caseLaw: LawText): DeadlineRule[] {
  return deadlineRules.filter((rule) => rule.caseLaw === caseLaw);
}

export function ruleOf(caseLaw: LawText, type: DeadlineType): DeadlineRule | undefined {
  return deadlineRules.find((rule) => rule.caseLaw === caseLaw && rule.type === type);
}
