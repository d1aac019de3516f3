import type { Calendar, Computation } from './calendar';
import type { LawText } from './cases';
import { daysBetween } from './dates';
import { rulesFor, type Completion, type DeadlineRule, type Trigger } from './deadline-rules';
import type { CaseKind, DeadlineType, Procedure, judgmentForms, instances } from './enums';

/** The dated events of a case that periods start and end on (built by the fold in case-actions.ts). */
export interface Review {
  startsOn: string;
  endedOn: string | null;
  /** ended by the law (视为受理) rather than by a step */
  deemed: boolean;
}
export interface Judgment {
  on: string;
  servedOn: string;
  form: keyof typeof judgmentForms;
  instance: keyof typeof instances;
  /** appealed, or the case concluded on it */
  settledOn: string | null;
}
export interface Suggestion {
  receivedOn: string;
  replyDueOn: string | null;
  repliedOn: string | null;
}
export interface Suspension {
  from: string;
  to: string | null;
}

export interface Timeline {
  kind: CaseKind;
  law: LawText;
  receivedOn: string;
  procedure: Procedure | null;
  reviews: Review[];
  acceptedOn: string | null;
  copySentOn: string | null;
  replyReceivedOn: string | null;
  suspensions: Suspension[];
  extension: { on: string; days: number } | null;
  decidedOn: string | null;
  closedOn: string | null;
  defenseFiledOn: string | null;
  judgments: Judgment[];
  suggestions: Suggestion[];
}

export type DeadlineStatus = 'open' | 'met' | 'overdue' | 'paused' | 'cancelled';

export interface Deadline {
  type: DeadlineType;
  /** stable within the case: the type and the occurrence (a second review after a correction is #2) */
  key: string;
  startsOn: string;
  /** null while paused */
  dueOn: string | null;
  unit: DeadlineRule['unit'];
  length: number;
  basis: string;
  law: LawText;
  status: DeadlineStatus;
  provisional: boolean;
  metOn?: string;
  /** met after dueOn */
  late?: boolean;
  /** the years whose holiday schedules the computation read */
  years: number[];
  explanation: string[];
}

/**
 * What a case item keeps of a deadline: enough to diff, index and count it. The rest (basis,
 * explanation, lengths) is recomputed on every read, so it is not stored twice.
 */
export type DeadlineSummary = Pick<Deadline, 'type' | 'key' | 'startsOn' | 'dueOn' | 'status' | 'provisional' | 'years'> &
  Partial<Pick<Deadline, 'metOn' | 'late'>>;

export function summarize(deadline: DeadlineSummary): DeadlineSummary {
  const { type, key, startsOn, dueOn, status, provisional, years, metOn, late } = deadline;
  return { type, key, startsOn, dueOn, status, provisional, years, ...(metOn ? { metOn } : {}), ...(late !== undefined ? { late } : {}) };
}

interface Start {
  startsOn: string;
  review?: Review;
  judgment?: Judgment;
  suggestion?: Suggestion;
}

/** Where each trigger's occurrences come from. */
const starts: Record<Trigger, (t: Timeline) => Start[]> = {
  'review-start': (t) => t.reviews.map((review) => ({ startsOn: review.startsOn, review })),
  acceptance: (t) => (t.acceptedOn ? [{ startsOn: t.acceptedOn }] : []),
  'copy-sent': (t) => (t.copySentOn ? [{ startsOn: t.copySentOn }] : []),
  'complaint-served': (t) => [{ startsOn: t.receivedOn }],
  'first-instance-judgment-served': (t) =>
    t.judgments.filter((j) => j.instance === 'first').map((judgment) => ({ startsOn: judgment.servedOn, judgment })),
  'judicial-suggestion-received': (t) => t.suggestions.map((suggestion) => ({ startsOn: suggestion.receivedOn, suggestion })),
};

/** Where each completion's date comes from. */
const completions: Record<Completion, (t: Timeline, start: Start) => string | null> = {
  'review-ended': (_t, s) => s.review?.endedOn ?? null,
  'copy-sent': (t) => t.copySentOn,
  'reply-received': (t) => t.replyReceivedOn,
  decided: (t) => t.decidedOn,
  'defense-filed': (t) => t.defenseFiledOn,
  'judgment-settled': (_t, s) => s.judgment?.settledOn ?? null,
  'suggestion-replied': (_t, s) => s.suggestion?.repliedOn ?? null,
};

/**
 * 第一款 / 第二款 closing a citation, written with escapes: esbuild escapes non-ASCII strings but
 * not regular expressions, and one non-ASCII character makes Node decode a whole Lambda bundle as
 * two-byte text (a test keeps every bundle ASCII).
 */
const PARAGRAPH_SUFFIX = /\u7B2C[\u4E00\u4E8C]\u6B3E$/;

const unitWords = { 'working-days': '个工作日', 'calendar-days': '日', months: '个月' } as const;

function lengthOf(rule: DeadlineRule, timeline: Timeline, start: Start): { length: number; basis: string } {
  if (rule.simple && timeline.procedure === 'simple') return rule.simple;
  if (rule.byForm && start.judgment?.form === 'ruling') return { length: rule.byForm.ruling, basis: rule.basis };
  return { length: rule.length, basis: rule.basis };
}

function compute(calendar: Calendar, rule: DeadlineRule, startsOn: string, days: number): Computation {
  if (rule.unit === 'working-days') return calendar.addWorkingDays(startsOn, days);
  if (rule.unit === 'months') return calendar.addMonths(startsOn, days);
  return calendar.addCalendarDays(startsOn, days);
}

/**
 * Every deadline of a case as of `today`: for each rule of the case's law, for each occurrence of
 * its trigger, the last day (start day not counted; holidays and make-up days from the calendar;
 * suspended days added back; an approved extension added; a last day off moved to the next
 * working day) and whether it was met, in time or late.
 */
export function computeDeadlines(timeline: Timeline, calendar: Calendar, today: string): Deadline[] {
  const deadlines: Deadline[] = [];
  for (const rule of rulesFor(timeline.law)) {
    starts[rule.trigger](timeline).forEach((start, index) => {
      const { length, basis } = lengthOf(rule, timeline, start);
      const completedOn = completions[rule.completion](timeline, start);
      const explanation = [`法定期限：${length}${unitWords[rule.unit]}（${basis}）`];
      const base = { type: rule.type, key: `${rule.type}#${index + 1}`, startsOn: start.startsOn, unit: rule.unit, length, basis, law: rule.law };

      const openSuspension = rule.pausedBySuspension ? timeline.suspensions.find((s) => s.to === null) : undefined;
      if (openSuspension && !completedOn) {
        const used = daysBetween(start.startsOn, openSuspension.from) - suspendedDays(timeline, start.startsOn);
        explanation.push(`自${openSuspension.from}起中止，期限暂停计算；中止前已经过${used}日，恢复后继续计算`);
        deadlines.push({ ...base, dueOn: null, status: 'paused', provisional: false, years: [], explanation });
        return;
      }

      let computation: Computation;
      const fixed = rule.courtMayFix ? start.suggestion?.replyDueOn : null;
      if (fixed) {
        computation = { date: fixed, provisional: false, years: [], steps: [`人民法院确定的答复期限至${fixed}（司法建议规定第八条）`] };
      } else {
        let days = length;
        if (rule.extendable && timeline.extension) {
          days += timeline.extension.days;
          explanation.push(`${timeline.extension.on}经批准延长${timeline.extension.days}日（${basis.replace(PARAGRAPH_SUFFIX, '')}）`);
        }
        if (rule.pausedBySuspension) {
          for (const s of timeline.suspensions) {
            if (s.to === null || s.from < start.startsOn) continue;
            const gap = daysBetween(s.from, s.to);
            days += gap;
            explanation.push(`中止期间${s.from}至${s.to}共${gap}日不计入审理期限`);
          }
        }
        computation = compute(calendar, rule, start.startsOn, days);
      }
      explanation.push(...computation.steps);
      const dueOn = computation.date;
      const shared = { ...base, dueOn, provisional: computation.provisional, years: computation.years, explanation };

      if (completedOn) {
        const late = completedOn > dueOn;
        if (start.review?.deemed) explanation.push(`期限届满未作出不予受理决定，自${completedOn}起视为受理（行政复议法第三十条第三款）`);
        else explanation.push(`${completedOn}已履行${late ? `，超过期限${daysBetween(dueOn, completedOn)}日` : '，在期限内'}`);
        deadlines.push({ ...shared, status: 'met', metOn: completedOn, late });
      } else if (timeline.closedOn && rule.cancelledOnClose) {
        explanation.push(`案件已于${timeline.closedOn}结案，该期限不再适用${timeline.closedOn > dueOn ? '（结案时已逾期）' : ''}`);
        deadlines.push({ ...shared, status: 'cancelled' });
      } else {
        deadlines.push({ ...shared, status: today > dueOn ? 'overdue' : 'open' });
      }
    });
  }
  return deadlines;
}

function suspendedDays(timeline: Timeline, from: string): number {
  return timeline.suspensions
    .filter((s) => s.to !== null && s.from >= from)
    .reduce((sum, s) => sum + daysBetween(s.from, s.to ?? s.from), 0);
}

/** The last day of an acceptance review that started on `start`, under the case's law. */
export function reviewEndsOn(calendar: Calendar, law: LawText, start: string): string | undefined {
  const rule = rulesFor(law).find((r) => r.trigger === 'review-start');
  return rule ? compute(calendar, rule, start, rule.length).date : undefined;
}
