import type { Calendar, Computation } from './calendar';
import { addDays, daysBetween } from './dates';
import { rulesFor, type Completion, type DeadlineRule, type Trigger } from './deadline-rules';
import type { CaseKind, DeadlineType, Procedure, judgmentForms, instances, rulingTypes } from './enums';
import { countingBasis, deemedAcceptance, type LawText } from './law';

/** The dated events of a case that periods start and end on (built by the fold in case-actions.ts). */
export interface Review {
  startsOn: string;
  endedOn: string | null;
  /** ended by the law (视为受理) rather than by a step */
  deemed: boolean;
}
/** A correction asked for (补正通知): the applicant's period runs from its receipt. */
export interface Correction {
  requestedOn: string;
  /** the applicant's receipt, when recorded */
  servedOn: string | null;
  /** the correction received (the review starts again), or null */
  receivedOn: string | null;
  /** the period lengthened by the office, in order (复议法第三十一条第二款: 可以延长合理的补正期限) */
  extensions: CorrectionExtension[];
}
/** `extend-correction`: decided on `on`, the applicant's period now ends on `until`. */
export interface CorrectionExtension {
  on: string;
  until: string;
}
export interface Judgment {
  on: string;
  servedOn: string;
  form: keyof typeof judgmentForms;
  /** rulings only; absent on rulings recorded before it was asked for */
  rulingType?: keyof typeof rulingTypes;
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
  corrections: Correction[];
  acceptedOn: string | null;
  /** the date an `accept` step carried, when the law fixes acceptance on another day (2017 text) */
  acceptRecordedOn: string | null;
  copySentOn: string | null;
  /** the respondent's receipt of the copy, when recorded */
  copyServedOn: string | null;
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
  correction?: Correction;
  judgment?: Judgment;
  suggestion?: Suggestion;
  /** why the period starts on this day, given the article the rule cites first */
  explain?: (article: string) => string;
}

/** 行诉解释第一百零一条第二款: of the rulings, only 不予立案, 驳回起诉 and 管辖异议 may be appealed. */
const APPEALABLE_RULINGS: readonly (keyof typeof rulingTypes)[] = ['not-filed', 'suit-dismissed', 'jurisdiction'];

export function appealable(judgment: Pick<Judgment, 'form' | 'rulingType'>): boolean {
  // A ruling recorded before its type was asked for keeps its appeal period: a period shown that
  // does not apply costs a look, one missing may cost the appeal.
  return judgment.form === 'judgment' || judgment.rulingType === undefined || APPEALABLE_RULINGS.includes(judgment.rulingType);
}

/** Where each trigger's occurrences come from. */
const starts: Record<Trigger, (t: Timeline) => Start[]> = {
  'review-start': (t) => t.reviews.map((review) => ({ startsOn: review.startsOn, review })),
  'correction-requested': (t) =>
    t.corrections.map((correction) => ({
      startsOn: correction.servedOn ?? correction.requestedOn,
      correction,
      explain: (article) =>
        correction.servedOn
          ? `申请人于${correction.servedOn}收到补正通知，补正期限自收到之日起计算（${article}）`
          : `申请人收到补正通知的日期未记录，补正期限自通知发出之日${correction.requestedOn}起计算`,
    })),
  acceptance: (t) => {
    if (!t.acceptedOn) return [];
    const acceptedOn = t.acceptedOn;
    const recorded = t.acceptRecordedOn;
    // 行政复议法（2017）第十七条第二款: accepted on receipt, whatever day the acceptance was written.
    const onReceipt = t.law === 'reconsideration-law-2017' && recorded !== acceptedOn;
    return [
      {
        startsOn: acceptedOn,
        ...(onReceipt
          ? {
              explain: () =>
                `申请未被决定不予受理，依照行政复议法（2017）第十七条第二款，自收到申请之日${acceptedOn}起即为受理${recorded ? `（受理记录的日期${recorded}不影响受理之日）` : ''}`,
            }
          : {}),
      },
    ];
  },
  'copy-served': (t) => {
    if (!t.copySentOn) return [];
    const sentOn = t.copySentOn;
    const servedOn = t.copyServedOn;
    return [
      {
        startsOn: servedOn ?? sentOn,
        explain: (article) =>
          servedOn
            ? `被申请人于${servedOn}收到申请书副本，答复期限自收到之日起计算（${article}）`
            : `被申请人收到申请书副本的日期未记录，答复期限自副本发送之日${sentOn}起计算`,
      },
    ];
  },
  'complaint-served': (t) => [{ startsOn: t.receivedOn }],
  'first-instance-judgment-served': (t) =>
    t.judgments
      .filter((j) => j.instance === 'first' && appealable(j))
      .map((judgment) => ({
        startsOn: judgment.servedOn,
        judgment,
        ...(judgment.form === 'ruling' && judgment.rulingType === undefined
          ? { explain: () => '裁定类型未记录，按可以上诉的裁定（不予立案、驳回起诉、管辖异议）计算上诉期限' }
          : {}),
      })),
  'judicial-suggestion-received': (t) => t.suggestions.map((suggestion) => ({ startsOn: suggestion.receivedOn, suggestion })),
};

/** Where each completion's date comes from. */
const completions: Record<Completion, (t: Timeline, start: Start) => string | null> = {
  'review-ended': (_t, s) => s.review?.endedOn ?? null,
  'correction-received': (_t, s) => s.correction?.receivedOn ?? null,
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

/** The first article a basis cites, with its law's name: 行政复议法第四十八条 of 行政复议法第四十八条、第八十八条第二款. */
const firstArticle = (basis: string) => basis.split('、')[0] ?? basis;

function lengthOf(rule: DeadlineRule, timeline: Timeline, start: Start): { length: number; basis: string } {
  if (rule.simple && timeline.procedure === 'simple') return rule.simple;
  if (rule.byForm && start.judgment?.form === 'ruling') return rule.byForm.ruling;
  return { length: rule.length, basis: rule.basis };
}

function compute(calendar: Calendar, rule: DeadlineRule, startsOn: string, days: number, counting: string): Computation {
  if (rule.unit === 'working-days') return calendar.addWorkingDays(startsOn, days, counting);
  if (rule.unit === 'months') return calendar.addMonths(startsOn, days, counting);
  return calendar.addCalendarDays(startsOn, days, [], counting);
}

/**
 * 复议法第三十一条第二款: the office may lengthen the applicant's correction period to a day it sets.
 * Each extension decided while the period ran, to a later day, makes that day the last one; one
 * decided after the period ran out, or to a day not later, leaves the period as it was (the
 * recording refuses both: case-actions.ts `periodChecks`).
 */
function extendCorrection(computation: Computation, correction: Correction | undefined, article: string): Computation {
  let result = computation;
  for (const extension of correction?.extensions ?? []) {
    const dueOn = result.date;
    if (extension.on > dueOn || extension.until <= dueOn) {
      result = { ...result, steps: [...result.steps, `${extension.on}决定的延长补正期限不予计入：补正期限已于${dueOn}届满或延长后的期限不晚于${dueOn}`] };
      continue;
    }
    result = {
      date: extension.until,
      provisional: false,
      years: result.years,
      steps: [...result.steps, `行政复议机关于${extension.on}决定延长补正期限至${extension.until}（${article}）`],
    };
  }
  return result;
}

/** What moves a running period, in the order it happened: a suspension, or the extension. */
type Interruption = { kind: 'suspension'; on: string; suspension: Suspension } | { kind: 'extension'; on: string; days: number };

function interruptions(rule: DeadlineRule, timeline: Timeline, startsOn: string): Interruption[] {
  const out: Interruption[] = [];
  if (rule.pausedBySuspension) {
    for (const suspension of timeline.suspensions) if (suspension.from >= startsOn) out.push({ kind: 'suspension', on: suspension.from, suspension });
  }
  if (rule.extendable && timeline.extension) out.push({ kind: 'extension', on: timeline.extension.on, days: timeline.extension.days });
  return out.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
}

type Running = { kind: 'due'; computation: Computation } | { kind: 'paused'; from: string; used: number };

/**
 * The last day of one period: the statutory length, then each suspension and the extension in
 * the order they happened, each judged against the last day as it stood then. Only a period
 * still running can be suspended or extended (复议法第六十二条: an extension is for a case that
 * "不能在规定期限内作出"); a step after the last day leaves the lapsed period as it was. The
 * suspended days are those after the day of suspension up to and including the day of
 * resumption (the day of suspension has run; the case runs again the day after it resumes).
 */
function runPeriod(calendar: Calendar, rule: DeadlineRule, timeline: Timeline, startsOn: string, length: number, basis: string, completed: boolean, explanation: string[]): Running {
  const counting = countingBasis[timeline.law];
  let days = length;
  let suspended = 0;
  let computation = compute(calendar, rule, startsOn, days, counting);
  for (const event of interruptions(rule, timeline, startsOn)) {
    const dueOn = computation.date;
    if (event.kind === 'extension') {
      const article = basis.replace(PARAGRAPH_SUFFIX, '');
      if (event.on > dueOn) {
        explanation.push(`${event.on}批准的延期不予计入：期限已于${dueOn}届满，延期只适用于期限内不能作出决定的案件（${article}）`);
        continue;
      }
      days += event.days;
      explanation.push(`${event.on}经批准延长${event.days}日（${article}）`);
      computation = compute(calendar, rule, startsOn, days, counting);
      continue;
    }
    const { from, to } = event.suspension;
    if (from > dueOn) {
      explanation.push(`${from}中止时期限已于${dueOn}届满，中止不影响已届满的期限`);
      continue;
    }
    if (to === null) {
      if (completed) continue;
      return { kind: 'paused', from, used: daysBetween(startsOn, from) - suspended };
    }
    const gap = daysBetween(from, to);
    if (gap === 0) {
      explanation.push(`${from}中止并于当日恢复，期限不变`);
      continue;
    }
    days += gap;
    suspended += gap;
    explanation.push(`中止期间${from}至${to}：自中止次日${addDays(from, 1)}起至恢复之日${to}止（含首尾两日）共${gap}日不计入审理期限`);
    computation = compute(calendar, rule, startsOn, days, counting);
    if (computation.date < to) {
      // Suspended on the last day, which had been moved forward past a day off: the period runs
      // out on the day the case resumes, never inside the suspension.
      days = daysBetween(startsOn, to);
      explanation.push(`中止发生在期限的最后一日${dueOn}，期限于恢复之日${to}届满`);
      computation = compute(calendar, rule, startsOn, days, counting);
    }
  }
  return { kind: 'due', computation };
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
      if (start.explain) explanation.push(start.explain(firstArticle(basis)));
      const base = { type: rule.type, key: `${rule.type}#${index + 1}`, startsOn: start.startsOn, unit: rule.unit, length, basis, law: rule.law };

      let computation: Computation;
      const fixed = rule.courtMayFix ? start.suggestion?.replyDueOn : null;
      if (fixed) {
        computation = { date: fixed, provisional: false, years: [], steps: [`人民法院确定的答复期限至${fixed}（司法建议规定第八条）`] };
      } else {
        const running = runPeriod(calendar, rule, timeline, start.startsOn, length, basis, completedOn !== null, explanation);
        if (running.kind === 'paused') {
          explanation.push(`自${running.from}起中止，期限暂停计算；中止前已经过${running.used}日，恢复后继续计算`);
          deadlines.push({ ...base, dueOn: null, status: 'paused', provisional: false, years: [], explanation });
          return;
        }
        computation = extendCorrection(running.computation, start.correction, firstArticle(basis));
      }
      explanation.push(...computation.steps);
      const dueOn = computation.date;
      const shared = { ...base, dueOn, provisional: computation.provisional, years: computation.years, explanation };

      if (completedOn) {
        const late = completedOn > dueOn;
        if (start.review?.deemed) explanation.push(deemedAcceptance(timeline.law, { startsOn: start.review.startsOn, endedOn: completedOn }).zh);
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

/** The last day of one kind of period as a case stands (its latest occurrence), or undefined if it has none or it is paused. */
export function dueOnOf(timeline: Timeline, calendar: Calendar, type: DeadlineType): string | undefined {
  return computeDeadlines(timeline, calendar, timeline.receivedOn).filter((d) => d.type === type).at(-1)?.dueOn ?? undefined;
}

/** The last day of an acceptance review that started on `start`, under the case's law. */
export function reviewEndsOn(calendar: Calendar, law: LawText, start: string): string | undefined {
  const rule = rulesFor(law).find((r) => r.trigger === 'review-start');
  return rule ? compute(calendar, rule, start, rule.length, countingBasis[law]).date : undefined;
}
