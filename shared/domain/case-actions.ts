import { Calendar } from './calendar';
import { actionsOf, allowedActions, closedStatuses, initialStatus, nextStatus } from './case-machine';
import type { ActionInput, Actor, CaseFacts, CaseRecord, CaseRegistration, CaseStatus, FreshCaseRecord, HistoryEntry, LawText, Step } from './cases';
import { computeDeadlines, reviewEndsOn, type Deadline, type DeadlineSummary, type Timeline } from './deadlines';
import { litigationOutcomes, reconsiderationOutcomes, type CaseKind } from './enums';
import { AppError, invalidField } from './errors';

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

/** 行政复议法第九十条: the 2023 text applies to applications received from 2024-01-01. */
export const RECONSIDERATION_LAW_2023_FROM = '2024-01-01';

export function lawFor(kind: CaseKind, receivedOn: string): LawText {
  if (kind === 'litigation') return 'litigation-law-2017';
  return receivedOn < RECONSIDERATION_LAW_2023_FROM ? 'reconsideration-law-2017' : 'reconsideration-law-2023';
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
    procedure: reconsideration ? (registration.procedure ?? 'ordinary') : null,
    instance: reconsideration ? null : 'first',
    law,
    reviews: reconsideration ? [{ startsOn: registration.receivedOn, endedOn: null, deemed: false }] : [],
    copySentOn: null,
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

function illegal(state: FoldState, type: string, why?: string): AppError {
  return new AppError(
    'conflict',
    'ILLEGAL_TRANSITION',
    `${type} is not allowed while the case is ${state.status}${why ? `: ${why}` : ''}`,
    { extensions: { currentStatus: state.status, allowedActions: allowedActions(state.kind, state.status) } },
  );
}

const currentReview = (state: FoldState) => state.reviews.at(-1);

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
  'send-copy': (s) => (s.copySentOn ? illegal(s, 'send-copy', 'the copy was already sent') : undefined),
  'receive-reply': (s) =>
    !s.copySentOn
      ? illegal(s, 'receive-reply', 'the copy has not been sent to the respondent')
      : s.replyReceivedOn
        ? illegal(s, 'receive-reply', 'the reply was already received')
        : undefined,
  // 行政复议法第六十二条: one extension, of at most thirty days, in the ordinary procedure.
  extend: (s) =>
    s.extension
      ? illegal(s, 'extend', 'the decision period was already extended')
      : s.procedure !== 'ordinary'
        ? illegal(s, 'extend', 'only the ordinary procedure can be extended; convert the case first')
        : undefined,
  'convert-to-ordinary': (s) => (s.procedure !== 'simple' ? illegal(s, 'convert-to-ordinary', 'the case is not in the simple procedure') : undefined),
  accept: (s, step) =>
    step.procedure === 'simple' && s.law === 'reconsideration-law-2017'
      ? invalidField('procedure', 'the simple procedure exists only for applications received from 2024-01-01')
      : undefined,
  'file-defense': (s) => (s.defenseFiledOn ? illegal(s, 'file-defense', 'the defense was already filed') : undefined),
  judge: (s, step) => {
    const expected = s.status === 'defending' ? 'first' : s.status === 'appealed' ? 'second' : 'retrial';
    if (step.instance !== expected) return invalidField('instance', `must be ${expected} while the case is ${s.status}`);
    if (step.servedOn < step.on) return invalidField('servedOn', 'cannot be before the judgment date (on)');
    return undefined;
  },
  'receive-judicial-suggestion': (s, step) =>
    s.suggestions.some((x) => x.repliedOn === null)
      ? illegal(s, 'receive-judicial-suggestion', 'the previous judicial suggestion has not been answered')
      : step.replyDueOn !== undefined && step.replyDueOn <= step.on
        ? invalidField('replyDueOn', 'must be after the day the suggestion was received')
        : undefined,
  'correct-outcome': (s, step) => {
    const allowed: readonly string[] = s.kind === 'reconsideration' ? Object.keys(reconsiderationOutcomes) : Object.keys(litigationOutcomes);
    if (!allowed.includes(step.outcome) || step.outcome === 'termination') return invalidField('outcome', `is not an outcome of a ${s.kind} decision`);
    return step.outcome === s.outcome ? invalidField('outcome', 'is already the recorded outcome') : undefined;
  },
  decide: (_s, step) =>
    step.outcome === 'termination' ? invalidField('outcome', 'record a termination with the terminate action') : undefined,
  'reply-judicial-suggestion': (s) =>
    !s.suggestions.some((x) => x.repliedOn === null) ? illegal(s, 'reply-judicial-suggestion', 'no judicial suggestion is waiting for a reply') : undefined,
};

const settle = (judgments: FoldState['judgments'], on: string) => judgments.map((j) => (j.settledOn === null ? { ...j, settledOn: on } : j));

/** What each step changes besides the status. */
function effects(state: FoldState, step: ActionInput): Partial<FoldState> {
  switch (step.type) {
    case 'request-correction':
      return { reviews: endReview(state, step.on) };
    case 'receive-correction':
      // 行政复议法第三十一条第三款: the review starts again from the correction.
      return { reviews: [...state.reviews, { startsOn: step.on, endedOn: null, deemed: false }] };
    case 'accept':
      return {
        acceptedOn: step.on,
        deemedAccepted: false,
        reviews: endReview(state, step.on),
        ...(step.procedure ? { procedure: step.procedure } : {}),
      };
    case 'reject':
      return { rejectedOn: step.on, closedOn: step.on, reviews: endReview(state, step.on) };
    case 'send-copy':
      return { copySentOn: step.on };
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
      const judgments = [...state.judgments, { on: step.on, servedOn: step.servedOn, form: step.form, instance: step.instance, settledOn: null }];
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
    default:
      return {};
  }
}

function applyStep(state: FoldState, step: ActionInput, options: FoldOptions): FoldState {
  if (!actionsOf(state.kind).has(step.type)) {
    throw invalidField('type', `${step.type} is not an action of a ${state.kind} case`);
  }
  if (step.on < state.receivedOn) throw invalidField('on', `cannot be before the case was received (${state.receivedOn})`);
  if (state.lastOn && step.on < state.lastOn) throw invalidField('on', `cannot be before the previous step (${state.lastOn})`);
  if (step.on > options.today) throw invalidField('on', `cannot be after today (${options.today}, China time)`);

  const lapsed = applyLapse(state, step.on, options);
  if (lapsed.deemedAccepted && lapsed.status === 'accepted' && (step.type === 'accept' || step.type === 'reject')) {
    const review = lapsed.reviews.at(-1);
    throw new AppError(
      'conflict',
      'REVIEW_PERIOD_LAPSED',
      `the review period ended on ${review?.endedOn ?? '?'}; the application counts as accepted from then (行政复议法第三十条第三款)`,
      { extensions: { currentStatus: lapsed.status, reviewEndedOn: review?.endedOn } },
    );
  }
  const next = nextStatus(lapsed.kind, lapsed.status, step.type, lapsed.suspendedFrom ?? undefined);
  if (next === undefined) throw illegal(lapsed, step.type);
  const guard = guards[step.type] as ((s: FoldState, a: ActionInput) => AppError | undefined) | undefined;
  const refused = guard?.(lapsed, step);
  if (refused) throw refused;
  return { ...lapsed, ...effects(lapsed, step), status: next, lastOn: step.on };
}

function toFacts(state: FoldState): CaseFacts {
  const { status, concluded, outcome, acceptedOn, deemedAccepted, concludedOn, rejectedOn, procedure, instance, law } = state;
  return { status, concluded, outcome, acceptedOn, deemedAccepted, concludedOn, rejectedOn, procedure, instance, law };
}

export interface Folded {
  facts: CaseFacts;
  deadlines: Deadline[];
}

/** The facts and deadlines of a case from its registration and steps, as of `options.today`. */
export function replay(registration: CaseRegistration, steps: readonly ActionInput[], options: FoldOptions): Folded {
  let state = initialState(registration);
  for (const step of steps) state = applyStep(state, step, options);
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
  'procedure',
  'instance',
];

/** The facts that differ between two states, as the history's before/after. */
export function diffFacts(before: CaseFacts, after: CaseFacts): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of factKeys) {
    if (before[key] !== after[key]) {
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
    throw invalidField('receivedOn', `cannot be after today (${now.today}, China time)`);
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
  const after = replay(registrationOf(record), [...record.steps, step], { today: now.today, calendar });
  const { type, on, ...details } = input;
  // Before is what was stored, so the trail shows each write's change as the office saw it.
  const diff = diffFacts(record, after.facts);
  return {
    record: { ...record, ...after.facts, deadlines: after.deadlines, steps: [...record.steps, step], version: record.version + 1, updatedAt: now.at },
    history: { at: now.at, actor, action: type, on, ...(Object.keys(details).length ? { details } : {}), ...diff },
  };
}

/** A stored case recomputed for today (a review lapsed since the last write, a deadline now overdue). */
export function refresh(record: CaseRecord, options: FoldOptions): FreshCaseRecord {
  const { facts, deadlines } = replay(registrationOf(record), record.steps, options);
  return { ...record, ...facts, deadlines };
}
