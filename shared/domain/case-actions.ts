import { Calendar } from './calendar';
import { actionsOf, allowedActions, closedStatuses, initialStatus, nextStatus } from './case-machine';
import type { ActionInput, Actor, CaseFacts, CaseRecord, CaseRegistration, CaseStatus, FreshCaseRecord, HistoryEntry, Step } from './cases';
import { ruleOf } from './deadline-rules';
import { appealable, computeDeadlines, dueOnOf, reviewEndsOn, type Deadline, type DeadlineSummary, type Timeline } from './deadlines';
import {
  instances,
  litigationActions,
  litigationOutcomes,
  litigationStatuses,
  reconsiderationActions,
  reconsiderationOutcomes,
  reconsiderationStatuses,
  rulingTypes,
  type CaseKind,
} from './enums';
import { AppError, invalidField, type Localized } from './errors';
import { deemedAcceptance, lawFor } from './law';

export { lawFor, RECONSIDERATION_LAW_2023_FROM } from './law';

/**
 * A case's facts are a fold of its steps: registration, then each action in order. Replaying the
 * steps (rather than patching stored fields) is what lets a ledger entered late, a step dated in
 * the past, or a corrected calendar give the same answer as if the office had entered each step
 * on its day.
 */
export interface FoldOptions {
  /** today in China (deemed acceptance and overdue deadlines depend on it) */
  today: string;
  /** the working-day calendar (official schedules and the office's overrides) */
  calendar: Calendar;
}

interface FoldState extends CaseFacts, Timeline {
  /** the status a suspension interrupted */
  suspendedFrom: CaseStatus | null;
  lastOn: string | null;
}

function initialState(registration: CaseRegistration): FoldState {
  const law = lawFor(registration.kind, registration.receivedOn);
  const reconsideration = registration.kind === 'reconsideration';
  return {
    kind: registration.kind,
    receivedOn: registration.receivedOn,
    status: initialStatus[registration.kind],
    concluded: false,
    outcome: null,
    acceptedOn: null,
    deemedAccepted: false,
    concludedOn: null,
    rejectedOn: null,
    abandonedOn: null,
    major: false,
    markedMajorOn: null,
    collectivelyReviewedOn: null,
    procedure: reconsideration ? (registration.procedure ?? 'ordinary') : null,
    instance: reconsideration ? null : 'first',
    law,
    reviews: reconsideration ? [{ startsOn: registration.receivedOn, endedOn: null, deemed: false }] : [],
    corrections: [],
    acceptRecordedOn: null,
    copySentOn: null,
    copyServedOn: null,
    replyReceivedOn: null,
    suspensions: [],
    extension: null,
    decidedOn: null,
    closedOn: null,
    defenseFiledOn: null,
    judgments: [],
    suggestions: [],
    suspendedFrom: null,
    lastOn: null,
  };
}

/** `受理（accept）`: the clerk's name of an action, with its code. */
function actionName(kind: CaseKind, type: string): string {
  const labels: Readonly<Record<string, string>> = kind === 'reconsideration' ? reconsiderationActions : litigationActions;
  return labels[type] ? `${labels[type]}（${type}）` : type;
}

function statusName(kind: CaseKind, status: string): string {
  const labels: Readonly<Record<string, string>> = kind === 'reconsideration' ? reconsiderationStatuses : litigationStatuses;
  return labels[status] ?? status;
}

function illegal(state: FoldState, type: string, why?: Localized): AppError {
  return new AppError(
    'conflict',
    'ILLEGAL_TRANSITION',
    {
      zh: `案件当前状态为“${statusName(state.kind, state.status)}”，不能${actionName(state.kind, type)}${why ? `：${why.zh}` : ''}`,
      en: `${type} is not allowed while the case is ${state.status}${why ? `: ${why.en}` : ''}`,
    },
    { extensions: { currentStatus: state.status, allowedActions: allowedActions(state.kind, state.status) } },
  );
}

const currentReview = (state: FoldState) => state.reviews.at(-1);

/** A step of the 重大行政复议应诉案件集体研究制度 out of its order: 409 like any step the case does not allow now. */
function outOfOrder(state: FoldState, why: Localized): AppError {
  return new AppError('conflict', 'ILLEGAL_TRANSITION', why, {
    extensions: { currentStatus: state.status, allowedActions: allowedActions(state.kind, state.status) },
  });
}

/**
 * 重大行政复议应诉案件集体研究制度 (行政复议法第五十二条 for the 行政复议委员会's advice): a case marked
 * major is decided or concluded only after it has been studied collectively.
 */
function collectiveReviewMissing(state: FoldState): AppError | undefined {
  if (!state.major || state.collectivelyReviewedOn) return undefined;
  return new AppError(
    'conflict',
    'COLLECTIVE_REVIEW_REQUIRED',
    {
      zh: `本案已于${state.markedMajorOn ?? ''}列为重大案件，依重大行政复议应诉案件集体研究制度，须经集体研究（collective-review）后方可作出决定或审结`,
      en: `the case was marked major on ${state.markedMajorOn ?? '?'}: it must be studied collectively (collective-review) before it is decided or concluded`,
    },
    { extensions: { currentStatus: state.status, markedMajorOn: state.markedMajorOn } },
  );
}

/** Ends the open review (accepted, rejected, correction requested, or lapsed). */
function endReview(state: FoldState, on: string, deemed = false): FoldState['reviews'] {
  return state.reviews.map((review, i) => (i === state.reviews.length - 1 && review.endedOn === null ? { ...review, endedOn: on, deemed } : review));
}

/**
 * 行政复议法第三十条第三款: a review that runs out with neither acceptance nor rejection counts as
 * acceptance from its last day. Under the 2017 text (old art. 17) the application counted as
 * accepted on receipt.
 */
function applyLapse(state: FoldState, upTo: string, options: FoldOptions): FoldState {
  const review = currentReview(state);
  if (state.kind !== 'reconsideration' || state.status !== 'received' || !review || review.endedOn !== null) return state;
  const lastDay = reviewEndsOn(options.calendar, state.law, review.startsOn);
  if (!lastDay || upTo <= lastDay) return state;
  return {
    ...state,
    status: 'accepted',
    acceptedOn: state.law === 'reconsideration-law-2017' ? review.startsOn : lastDay,
    deemedAccepted: true,
    reviews: endReview(state, lastDay, true),
  };
}

/** The conditions beyond the status table; each returns why the step is refused, if it is. */
const guards: { [T in ActionInput['type']]?: (state: FoldState, step: Extract<ActionInput, { type: T }>) => AppError | undefined } = {
  'send-copy': (s, step) =>
    s.copySentOn
      ? illegal(s, 'send-copy', { zh: '副本已经发送', en: 'the copy was already sent' })
      : step.servedOn !== undefined && step.servedOn < step.on
        ? invalidField('servedOn', { zh: '被申请人收到副本的日期不能早于发送日期（on）', en: 'cannot be before the copy was sent (on)' })
        : undefined,
  'request-correction': (_s, step) =>
    step.servedOn !== undefined && step.servedOn < step.on
      ? invalidField('servedOn', { zh: '申请人收到补正通知的日期不能早于通知发出日期（on）', en: 'cannot be before the notice was sent (on)' })
      : undefined,
  // 行政复议法第三十一条第二款 lengthens the 2023 text's ten days; the 2017 text has no fixed period
  // (实施条例第二十九条: the notice sets a reasonable one), so there is nothing to lengthen.
  // (`until` after `on` follows from the period checks: on ≤ the current last day < until.)
  'extend-correction': (s) =>
    !ruleOf(s.law, 'correction-submission')
      ? illegal(s, 'extend-correction', {
          zh: '本案适用2017年文本，补正期限由补正通知载明（行政复议法实施条例第二十九条），不按法定期限计算，无需记录延长',
          en: 'the case follows the 2017 text: the notice itself sets the correction period (implementing regulations, article 29), so there is no statutory period to lengthen',
        })
      : undefined,
  'receive-reply': (s) =>
    !s.copySentOn
      ? illegal(s, 'receive-reply', { zh: '尚未向被申请人发送副本', en: 'the copy has not been sent to the respondent' })
      : s.replyReceivedOn
        ? illegal(s, 'receive-reply', { zh: '已经收到答复', en: 'the reply was already received' })
        : undefined,
  // 行政复议法第六十二条: one extension, of at most thirty days, in the ordinary procedure.
  extend: (s) =>
    s.extension
      ? illegal(s, 'extend', { zh: '审理期限已经延长过', en: 'the decision period was already extended' })
      : s.procedure !== 'ordinary'
        ? illegal(s, 'extend', {
          zh: '只有普通程序可以延期，请先转为普通程序',
          en: 'only the ordinary procedure can be extended; convert the case first',
        })
        : undefined,
  'convert-to-ordinary': (s) =>
    s.procedure !== 'simple' ? illegal(s, 'convert-to-ordinary', { zh: '本案不是简易程序', en: 'the case is not in the simple procedure' }) : undefined,
  accept: (s, step) =>
    step.procedure === 'simple' && s.law === 'reconsideration-law-2017'
      ? invalidField('procedure', {
          zh: '简易程序只适用于2024-01-01起收到的申请',
          en: 'the simple procedure exists only for applications received from 2024-01-01',
        })
      : undefined,
  'file-defense': (s) => (s.defenseFiledOn ? illegal(s, 'file-defense', { zh: '答辩状已经提交', en: 'the defense was already filed' }) : undefined),
  judge: (s, step) => {
    const expected = s.status === 'defending' ? 'first' : s.status === 'appealed' ? 'second' : 'retrial';
    if (step.instance !== expected) {
      return invalidField('instance', {
        zh: `案件当前状态为“${statusName(s.kind, s.status)}”，审级应为${instances[expected]}（${expected}）`,
        en: `must be ${expected} while the case is ${s.status}`,
      });
    }
    if (step.servedOn < step.on) return invalidField('servedOn', { zh: '送达日期不能早于裁判日期（on）', en: 'cannot be before the judgment date (on)' });
    if (step.rulingType !== undefined && step.form !== 'ruling') {
      return invalidField('rulingType', { zh: '只有裁定才有裁定类型（form 应为 ruling）', en: 'only a ruling has a ruling type (form must be ruling)' });
    }
    return undefined;
  },
  'receive-judicial-suggestion': (s, step) =>
    s.suggestions.some((x) => x.repliedOn === null)
      ? illegal(s, 'receive-judicial-suggestion', {
          zh: '上一份司法建议尚未回复',
          en: 'the previous judicial suggestion has not been answered',
        })
      : step.replyDueOn !== undefined && step.replyDueOn <= step.on
        ? invalidField('replyDueOn', { zh: '应晚于收到司法建议的日期', en: 'must be after the day the suggestion was received' })
        : undefined,
  'correct-outcome': (s, step) => {
    const allowed: readonly string[] = s.kind === 'reconsideration' ? Object.keys(reconsiderationOutcomes) : Object.keys(litigationOutcomes);
    if (!allowed.includes(step.outcome) || step.outcome === 'termination') {
      return invalidField('outcome', {
        zh: s.kind === 'reconsideration' ? '不是行政复议决定的结果' : '不是行政诉讼裁判的结果',
        en: `is not an outcome of a ${s.kind} decision`,
      });
    }
    return step.outcome === s.outcome ? invalidField('outcome', { zh: '与已登记的结果相同', en: 'is already the recorded outcome' }) : undefined;
  },
  decide: (s, step) =>
    step.outcome === 'termination' ? invalidField('outcome', { zh: '终止请用“终止”（terminate）操作登记', en: 'record a termination with the terminate action' }) : collectiveReviewMissing(s),
  conclude: (s) => collectiveReviewMissing(s),
  'mark-major': (s) =>
    s.major
      ? outOfOrder(s, { zh: `本案已于${s.markedMajorOn ?? ''}列为重大案件`, en: `the case was already marked major on ${s.markedMajorOn ?? '?'}` })
      : undefined,
  'collective-review': (s) =>
    !s.major
      ? outOfOrder(s, { zh: '本案尚未列为重大案件，请先记录列为重大案件（mark-major）', en: 'the case has not been marked major; record mark-major first' })
      : undefined,
  'reply-judicial-suggestion': (s) =>
    !s.suggestions.some((x) => x.repliedOn === null) ? illegal(s, 'reply-judicial-suggestion', { zh: '没有待回复的司法建议', en: 'no judicial suggestion is waiting for a reply' }) : undefined,
};

const settle = (judgments: FoldState['judgments'], on: string) => judgments.map((j) => (j.settledOn === null ? { ...j, settledOn: on } : j));

/** What each step changes besides the status. */
function effects(state: FoldState, step: ActionInput): Partial<FoldState> {
  switch (step.type) {
    case 'request-correction':
      return {
        reviews: endReview(state, step.on),
        corrections: [...state.corrections, { requestedOn: step.on, servedOn: step.servedOn ?? null, receivedOn: null, extensions: [] }],
      };
    case 'extend-correction':
      // 行政复议法第三十一条第二款: 可以延长合理的补正期限 — the outstanding correction's period ends on `until`.
      return {
        corrections: state.corrections.map((c, i) =>
          i === state.corrections.length - 1 && c.receivedOn === null ? { ...c, extensions: [...c.extensions, { on: step.on, until: step.until }] } : c,
        ),
      };
    case 'receive-correction':
      // 行政复议法第三十一条第三款: the review starts again from the correction.
      return {
        reviews: [...state.reviews, { startsOn: step.on, endedOn: null, deemed: false }],
        corrections: state.corrections.map((c, i) => (i === state.corrections.length - 1 && c.receivedOn === null ? { ...c, receivedOn: step.on } : c)),
      };
    case 'correction-lapsed':
      // 行政复议法第三十一条第二款: 视为申请人放弃行政复议申请，并记录在案 — closed, but neither
      // rejected (不予受理) nor decided (审结).
      return { abandonedOn: step.on, closedOn: step.on };
    case 'accept':
      return {
        // 行政复议法（2017）第十七条第二款: an application not rejected is accepted on the day it was
        // received (the review's start: the correction's receipt after a 补正), whatever day the
        // acceptance carries.
        acceptedOn: state.law === 'reconsideration-law-2017' ? (currentReview(state)?.startsOn ?? step.on) : step.on,
        acceptRecordedOn: step.on,
        deemedAccepted: false,
        reviews: endReview(state, step.on),
        ...(step.procedure ? { procedure: step.procedure } : {}),
      };
    case 'reject':
      return { rejectedOn: step.on, closedOn: step.on, reviews: endReview(state, step.on) };
    case 'send-copy':
      return { copySentOn: step.on, copyServedOn: step.servedOn ?? null };
    case 'receive-reply':
      return { replyReceivedOn: step.on };
    case 'suspend':
      return { suspendedFrom: state.status, suspensions: [...state.suspensions, { from: step.on, to: null }] };
    case 'resume':
      return { suspendedFrom: null, suspensions: state.suspensions.map((s) => (s.to === null ? { ...s, to: step.on } : s)) };
    case 'extend':
      return { extension: { on: step.on, days: step.days ?? 30 } };
    case 'convert-to-ordinary':
      return { procedure: 'ordinary' };
    case 'decide':
      return { concluded: true, outcome: step.outcome, concludedOn: step.on, decidedOn: step.on, closedOn: step.on };
    case 'terminate':
      return {
        concluded: true,
        outcome: 'termination',
        concludedOn: step.on,
        decidedOn: step.on,
        closedOn: step.on,
        suspensions: state.suspensions.map((s) => (s.to === null ? { ...s, to: step.on } : s)),
      };
    case 'file-defense':
      return { defenseFiledOn: step.on };
    case 'judge': {
      const judgments = [
        ...state.judgments,
        { on: step.on, servedOn: step.servedOn, form: step.form, ...(step.rulingType ? { rulingType: step.rulingType } : {}), instance: step.instance, settledOn: null },
      ];
      return step.instance === 'retrial'
        ? { judgments, instance: 'retrial', concluded: false, outcome: null, concludedOn: null, closedOn: null }
        : { judgments, instance: step.instance };
    }
    case 'appeal':
      return { instance: 'second', judgments: settle(state.judgments, step.on) };
    case 'conclude':
      return { concluded: true, outcome: step.outcome, concludedOn: step.on, closedOn: step.on, judgments: settle(state.judgments, step.on) };
    case 'receive-judicial-suggestion':
      return { suggestions: [...state.suggestions, { receivedOn: step.on, replyDueOn: step.replyDueOn ?? null, repliedOn: null }] };
    case 'reply-judicial-suggestion':
      return { suggestions: state.suggestions.map((s) => (s.repliedOn === null ? { ...s, repliedOn: step.on } : s)) };
    case 'correct-outcome':
      // The conclusion keeps its date; only the recorded result changes.
      return { outcome: step.outcome };
    case 'mark-major':
      return { major: true, markedMajorOn: step.on };
    case 'collective-review':
      // The statistics count a major case as reviewed once, on its first review.
      return { collectivelyReviewedOn: state.collectivelyReviewedOn ?? step.on };
    default:
      return {};
  }
}

/**
 * The checks made only on the step being recorded (a period's last day; whether a ruling can be
 * appealed): a step already stored is not judged again on every read (a calendar corrected since,
 * or a check added since, must not make a stored case unreadable), and the calculator keeps such a
 * step from moving a lapsed period (deadlines.ts).
 */
function periodChecks(state: FoldState, step: ActionInput, options: FoldOptions): AppError | undefined {
  if (step.type === 'extend') {
    // 行政复议法第六十二条第一款 (2017 text, 第三十一条): an extension is for a case that "不能在规定期限内作出";
    // once the period has run out there is nothing left to extend.
    const dueOn = dueOnOf(state, options.calendar, 'decision');
    const basis = ruleOf(state.law, 'decision')?.basis ?? '行政复议法第六十二条第一款';
    if (dueOn && step.on > dueOn) {
      return new AppError(
        'conflict',
        'DECISION_PERIOD_LAPSED',
        {
          zh: `审理期限已于${dueOn}届满，不能再延期：延期只适用于不能在规定期限内作出决定的案件（${basis}）`,
          en: `the decision period ran out on ${dueOn}; only a period still running can be extended (${basis})`,
        },
        { extensions: { currentStatus: state.status, decisionDueOn: dueOn } },
      );
    }
  }
  if (step.type === 'extend-correction') {
    // 行政复议法第三十一条第二款: "有正当理由不能按期补正的" — the period is lengthened before it runs out,
    // and to a later day; once it has run out the applicant is 逾期 and there is nothing to lengthen.
    const dueOn = dueOnOf(state, options.calendar, 'correction-submission');
    if (dueOn && step.on > dueOn) {
      return new AppError(
        'conflict',
        'CORRECTION_PERIOD_LAPSED',
        {
          zh: `申请人的补正期限已于${dueOn}届满，不能再延长：延长补正期限须在期限届满前决定（行政复议法第三十一条第二款）`,
          en: `the applicant's period for the correction ran out on ${dueOn}; it can be lengthened only while it runs (article 31, paragraph 2)`,
        },
        { extensions: { currentStatus: state.status, correctionDueOn: dueOn } },
      );
    }
    if (dueOn && step.until <= dueOn) {
      return invalidField('until', {
        zh: `应晚于当前补正期限的最后一日${dueOn}`,
        en: `must be after the current last day of the correction period, ${dueOn}`,
      });
    }
  }
  if (step.type === 'appeal') {
    // 行诉解释第一百零一条第二款: of the rulings only 不予立案, 驳回起诉 and 管辖异议 may be appealed;
    // a ruling of any other type (准予撤诉, …) ends the instance without an appeal. Checked on the
    // step being recorded only: an appeal stored before ruling types were checked stays readable.
    const last = state.judgments.at(-1);
    if (last && !appealable(last)) {
      const type = last.rulingType ? rulingTypes[last.rulingType] : '';
      return illegal(state, 'appeal', {
        zh: `${last.on}的${type}裁定不可上诉（最高人民法院关于适用行政诉讼法的解释第一百零一条第二款：只有不予立案、驳回起诉、管辖异议的裁定可以上诉）`,
        en: `the ${last.rulingType ?? ''} ruling of ${last.on} cannot be appealed (only rulings not to file, dismissing the suit, or on jurisdiction can)`,
      });
    }
  }
  if (step.type === 'correction-lapsed') {
    // 行政复议法第三十一条第二款: 视为放弃 only when the correction is overdue ("逾期不补正"). The 2017
    // text has no fixed period (实施条例第二十九条: the one the notice set), so there the office judges.
    const dueOn = dueOnOf(state, options.calendar, 'correction-submission');
    if (dueOn && step.on <= dueOn) {
      return new AppError(
        'conflict',
        'CORRECTION_PERIOD_RUNNING',
        {
          zh: `申请人的补正期限至${dueOn}届满，届满后方可记录视为放弃（行政复议法第三十一条第二款）`,
          en: `the applicant's period for the correction runs until ${dueOn}; the application counts as abandoned only after it (article 31, paragraph 2)`,
        },
        { extensions: { currentStatus: state.status, correctionDueOn: dueOn } },
      );
    }
  }
  return undefined;
}

function applyStep(state: FoldState, step: ActionInput, options: FoldOptions, recording: boolean): FoldState {
  if (!actionsOf(state.kind).has(step.type)) {
    throw invalidField('type', {
      zh: `${step.type} 不是${state.kind === 'reconsideration' ? '行政复议' : '行政应诉'}案件的操作`,
      en: `${step.type} is not an action of a ${state.kind} case`,
    });
  }
  if (step.on < state.receivedOn) {
    throw invalidField('on', { zh: `不能早于收案日期（${state.receivedOn}）`, en: `cannot be before the case was received (${state.receivedOn})` });
  }
  if (state.lastOn && step.on < state.lastOn) {
    throw invalidField('on', { zh: `不能早于上一步骤的日期（${state.lastOn}）`, en: `cannot be before the previous step (${state.lastOn})` });
  }
  if (step.on > options.today) {
    throw invalidField('on', { zh: `不能晚于今天（${options.today}，北京时间）`, en: `cannot be after today (${options.today}, China time)` });
  }
  if ((step.type === 'send-copy' || step.type === 'request-correction') && step.servedOn !== undefined && step.servedOn > options.today) {
    throw invalidField('servedOn', { zh: `不能晚于今天（${options.today}，北京时间）`, en: `cannot be after today (${options.today}, China time)` });
  }

  const lapsed = applyLapse(state, step.on, options);
  if (lapsed.deemedAccepted && lapsed.status === 'accepted' && (step.type === 'accept' || step.type === 'reject')) {
    const review = lapsed.reviews.at(-1);
    const deemed = deemedAcceptance(lapsed.law, { startsOn: review?.startsOn ?? lapsed.receivedOn, endedOn: review?.endedOn ?? '?' });
    throw new AppError(
      'conflict',
      'REVIEW_PERIOD_LAPSED',
      {
        zh: `审查期限已于${review?.endedOn ?? '?'}届满，不能再受理或不予受理：${deemed.zh}`,
        en: `the review period ended on ${review?.endedOn ?? '?'}; the application can no longer be accepted or rejected: ${deemed.en}`,
      },
      { extensions: { currentStatus: lapsed.status, reviewEndedOn: review?.endedOn, acceptedOn: lapsed.acceptedOn } },
    );
  }
  const next = nextStatus(lapsed.kind, lapsed.status, step.type, lapsed.suspendedFrom ?? undefined);
  if (next === undefined) throw illegal(lapsed, step.type);
  const guard = guards[step.type] as ((s: FoldState, a: ActionInput) => AppError | undefined) | undefined;
  const refused = guard?.(lapsed, step) ?? (recording ? periodChecks(lapsed, step, options) : undefined);
  if (refused) throw refused;
  return { ...lapsed, ...effects(lapsed, step), status: next, lastOn: step.on };
}

function toFacts(state: FoldState): CaseFacts {
  const { status, concluded, outcome, acceptedOn, deemedAccepted, concludedOn, rejectedOn, abandonedOn, procedure, instance, law } = state;
  const major = { major: state.major ?? false, markedMajorOn: state.markedMajorOn ?? null, collectivelyReviewedOn: state.collectivelyReviewedOn ?? null };
  return { status, concluded, outcome, acceptedOn, deemedAccepted, concludedOn, rejectedOn, abandonedOn: abandonedOn ?? null, procedure, instance, law, ...major };
}

export interface Folded {
  facts: CaseFacts;
  deadlines: Deadline[];
}

/**
 * The facts and deadlines of a case from its registration and steps, as of `options.today`. Steps
 * from index `recordingFrom` on are being recorded (by default all: a fold of new steps) and are
 * checked against the periods' last days too (`periodChecks`); the ones before are stored.
 */
export function replay(registration: CaseRegistration, steps: readonly ActionInput[], options: FoldOptions, recordingFrom = 0): Folded {
  let state = initialState(registration);
  steps.forEach((step, index) => {
    state = applyStep(state, step, options, index >= recordingFrom);
  });
  state = applyLapse(state, options.today, options);
  return { facts: toFacts(state), deadlines: computeDeadlines(state, options.calendar, options.today) };
}

export function isClosed(kind: CaseKind, status: CaseStatus): boolean {
  return closedStatuses[kind].includes(status);
}

const factKeys: (keyof CaseFacts)[] = [
  'status',
  'concluded',
  'outcome',
  'acceptedOn',
  'deemedAccepted',
  'concludedOn',
  'rejectedOn',
  'abandonedOn',
  'procedure',
  'instance',
  'major',
  'markedMajorOn',
  'collectivelyReviewedOn',
];

/** The facts that differ between two states, as the history's before/after. */
export function diffFacts(before: CaseFacts, after: CaseFacts): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of factKeys) {
    // A fact absent from a record stored before it existed is its default (false, null): no change.
    const absent = before[key] === undefined && (after[key] === null || after[key] === false);
    if (before[key] !== after[key] && !absent) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}

/** The due dates that moved, as `{ "decision#1": "2024-05-06" }` maps for the history. */
export function diffDeadlines(before: readonly DeadlineSummary[], after: readonly DeadlineSummary[]): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const old = new Map(before.map((d) => [d.key, d.dueOn]));
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const deadline of after) {
    const previous = old.get(deadline.key);
    if (previous !== undefined && previous !== deadline.dueOn) {
      b[deadline.key] = previous;
      a[deadline.key] = deadline.dueOn;
    }
  }
  return { before: b, after: a };
}

export function registrationOf(record: CaseRecord): CaseRegistration {
  return {
    kind: record.kind,
    caseNumber: record.caseNumber,
    agencyId: record.agencyId,
    receivedOn: record.receivedOn,
    parties: record.parties,
    ...(record.kind === 'reconsideration' ? { procedure: record.registeredProcedure ?? 'ordinary' } : {}),
  };
}

export interface Now {
  /** the instant, as an RFC 3339 string with the China offset */
  at: string;
  /** today in China */
  today: string;
}

/** A new case from its registration: facts as of today (a ledger entered late may already be past its review). */
export function registerCase(
  id: string,
  registration: CaseRegistration,
  actor: Actor,
  now: Now,
  calendar: Calendar,
): { record: FreshCaseRecord; history: HistoryEntry } {
  if (registration.receivedOn > now.today) {
    throw invalidField('receivedOn', { zh: `不能晚于今天（${now.today}，北京时间）`, en: `cannot be after today (${now.today}, China time)` });
  }
  const { facts, deadlines } = replay(registration, [], { today: now.today, calendar });
  const { procedure: registeredProcedure, ...rest } = registration;
  const record: FreshCaseRecord = {
    ...rest,
    ...(registeredProcedure ? { registeredProcedure } : {}),
    ...facts,
    deadlines,
    id,
    steps: [],
    version: 1,
    createdAt: now.at,
    updatedAt: now.at,
    createdBy: actor,
  };
  const history: HistoryEntry = {
    at: now.at,
    actor,
    action: 'register',
    on: registration.receivedOn,
    after: {
      caseNumber: registration.caseNumber,
      agencyId: registration.agencyId,
      receivedOn: registration.receivedOn,
      ...Object.fromEntries(factKeys.filter((key) => facts[key] !== null && facts[key] !== false).map((key) => [key, facts[key]])),
    },
  };
  return { record, history };
}

/** Applies one step to a stored case: the new record (version + 1) and its history entry. */
export function recordAction(
  record: CaseRecord,
  input: ActionInput,
  actor: Actor,
  now: Now,
  calendar: Calendar,
): { record: FreshCaseRecord; history: HistoryEntry } {
  const step: Step = { ...input, recordedAt: now.at, recordedBy: actor };
  const after = replay(registrationOf(record), [...record.steps, step], { today: now.today, calendar }, record.steps.length);
  const { type, on, ...details } = input;
  // Before is what was stored, so the trail shows each write's change as the office saw it; a due
  // date the step moved (an extension, 延长补正期限) is shown like the recomputation shows one.
  const facts = diffFacts(record, after.facts);
  const dates = diffDeadlines(record.deadlines, after.deadlines);
  const moved = Object.keys(dates.after).length > 0;
  const diff = moved ? { before: { ...facts.before, deadlines: dates.before }, after: { ...facts.after, deadlines: dates.after } } : facts;
  return {
    record: { ...record, ...after.facts, deadlines: after.deadlines, steps: [...record.steps, step], version: record.version + 1, updatedAt: now.at },
    history: { at: now.at, actor, action: type, on, ...(Object.keys(details).length ? { details } : {}), ...diff },
  };
}

/** A stored case recomputed for today (a review lapsed since the last write, a deadline now overdue). */
export function refresh(record: CaseRecord, options: FoldOptions): FreshCaseRecord {
  const { facts, deadlines } = replay(registrationOf(record), record.steps, options, record.steps.length);
  return { ...record, ...facts, deadlines };
}
