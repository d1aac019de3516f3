import { actionsOf, closedStatuses, initialStatus, nextStatus, allowedActions } from './case-machine';
import type { ActionInput, Actor, CaseFacts, CaseRecord, CaseRegistration, CaseStatus, HistoryEntry, LawText, Step } from './cases';
import type { CaseKind } from './enums';
import { AppError, invalidField } from './errors';

/**
 * A case's facts are a fold of its steps: registration, then each action in order. Replaying the
 * steps (rather than patching stored fields) is what lets a ledger entered late, a step dated in
 * the past, or a corrected calendar all give the same answer as if the office had entered each
 * step on its day.
 */
export interface FoldOptions {
  /** today in China (deemed acceptance depends on whether a period has run out) */
  today: string;
  /**
   * The last day of the acceptance review that started on `start` (行政复议法第三十条: five working
   * days). Without it no deemed acceptance is applied.
   */
  reviewEnds?: (start: string, law: LawText) => string;
}

/** 行政复议法第九十条: the 2023 text applies to applications received from 2024-01-01. */
export const RECONSIDERATION_LAW_2023_FROM = '2024-01-01';

export function lawFor(kind: CaseKind, receivedOn: string): LawText {
  if (kind === 'litigation') return 'litigation-law-2017';
  return receivedOn < RECONSIDERATION_LAW_2023_FROM ? 'reconsideration-law-2017' : 'reconsideration-law-2023';
}

interface FoldState extends CaseFacts {
  kind: CaseKind;
  receivedOn: string;
  /** the day the current acceptance review started (receipt, or receipt of the correction) */
  reviewStart: string | null;
  /** the status a suspension interrupted */
  suspendedFrom: CaseStatus | null;
  copySent: boolean;
  replyReceived: boolean;
  extended: boolean;
  defenseFiled: boolean;
  suggestionOpen: boolean;
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
    reviewStart: reconsideration ? registration.receivedOn : null,
    suspendedFrom: null,
    copySent: false,
    replyReceived: false,
    extended: false,
    defenseFiled: false,
    suggestionOpen: false,
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

/**
 * 行政复议法第三十条第三款: a review period that runs out with neither acceptance nor rejection
 * counts as acceptance from its last day. Under the 2017 text (old art. 17) the application
 * counted as accepted on receipt.
 */
function applyLapse(state: FoldState, upTo: string, options: FoldOptions): FoldState {
  if (state.kind !== 'reconsideration' || state.status !== 'received' || !options.reviewEnds || !state.reviewStart) {
    return state;
  }
  const lastDay = options.reviewEnds(state.reviewStart, state.law);
  if (upTo <= lastDay) return state;
  return {
    ...state,
    status: 'accepted',
    acceptedOn: state.law === 'reconsideration-law-2017' ? state.reviewStart : lastDay,
    deemedAccepted: true,
  };
}

/** The conditions beyond the status table; each returns why the step is refused, if it is. */
const guards: { [T in ActionInput['type']]?: (state: FoldState, step: Extract<ActionInput, { type: T }>) => AppError | undefined } = {
  'send-copy': (s) => (s.copySent ? illegal(s, 'send-copy', 'the copy was already sent') : undefined),
  'receive-reply': (s) =>
    !s.copySent
      ? illegal(s, 'receive-reply', 'the copy has not been sent to the respondent')
      : s.replyReceived
        ? illegal(s, 'receive-reply', 'the reply was already received')
        : undefined,
  // 行政复议法第六十二条: one extension, of at most thirty days, in the ordinary procedure.
  extend: (s) =>
    s.extended
      ? illegal(s, 'extend', 'the decision period was already extended')
      : s.procedure !== 'ordinary'
        ? illegal(s, 'extend', 'only the ordinary procedure can be extended; convert the case first')
        : undefined,
  'convert-to-ordinary': (s) => (s.procedure !== 'simple' ? illegal(s, 'convert-to-ordinary', 'the case is not in the simple procedure') : undefined),
  accept: (s, step) =>
    step.procedure === 'simple' && s.law === 'reconsideration-law-2017'
      ? invalidField('procedure', 'the simple procedure exists only for applications received from 2024-01-01')
      : undefined,
  decide: (_s, step) =>
    step.outcome === 'termination' ? invalidField('outcome', 'record a termination with the terminate action') : undefined,
  'file-defense': (s) => (s.defenseFiled ? illegal(s, 'file-defense', 'the defense was already filed') : undefined),
  judge: (s, step) => {
    const expected = s.status === 'defending' ? 'first' : s.status === 'appealed' ? 'second' : 'retrial';
    if (step.instance !== expected) return invalidField('instance', `must be ${expected} while the case is ${s.status}`);
    if (step.servedOn < step.on) return invalidField('servedOn', 'cannot be before the judgment date (on)');
    return undefined;
  },
  'receive-judicial-suggestion': (s, step) =>
    s.suggestionOpen
      ? illegal(s, 'receive-judicial-suggestion', 'the previous judicial suggestion has not been answered')
      : step.replyDueOn !== undefined && step.replyDueOn <= step.on
        ? invalidField('replyDueOn', 'must be after the day the suggestion was received')
        : undefined,
  'reply-judicial-suggestion': (s) =>
    !s.suggestionOpen ? illegal(s, 'reply-judicial-suggestion', 'no judicial suggestion is waiting for a reply') : undefined,
};

/** What each step changes besides the status. */
function effects(state: FoldState, step: ActionInput): Partial<FoldState> {
  switch (step.type) {
    case 'receive-correction':
      return { reviewStart: step.on };
    case 'accept':
      return { acceptedOn: step.on, deemedAccepted: false, ...(step.procedure ? { procedure: step.procedure } : {}) };
    case 'reject':
      return { rejectedOn: step.on };
    case 'send-copy':
      return { copySent: true };
    case 'receive-reply':
      return { replyReceived: true };
    case 'suspend':
      return { suspendedFrom: state.status };
    case 'resume':
      return { suspendedFrom: null };
    case 'extend':
      return { extended: true };
    case 'convert-to-ordinary':
      return { procedure: 'ordinary' };
    case 'decide':
      return { concluded: true, outcome: step.outcome, concludedOn: step.on };
    case 'terminate':
      return { concluded: true, outcome: 'termination', concludedOn: step.on };
    case 'file-defense':
      return { defenseFiled: true };
    case 'judge':
      return step.instance === 'retrial'
        ? { instance: 'retrial', concluded: false, outcome: null, concludedOn: null }
        : { instance: step.instance };
    case 'appeal':
      return { instance: 'second' };
    case 'conclude':
      return { concluded: true, outcome: step.outcome, concludedOn: step.on };
    case 'receive-judicial-suggestion':
      return { suggestionOpen: true };
    case 'reply-judicial-suggestion':
      return { suggestionOpen: false };
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
    const lastDay = options.reviewEnds?.(lapsed.reviewStart ?? lapsed.receivedOn, lapsed.law);
    throw new AppError(
      'conflict',
      'REVIEW_PERIOD_LAPSED',
      `the review period ended on ${lastDay ?? '?'}; the application counts as accepted from then (行政复议法第三十条第三款)`,
      { extensions: { currentStatus: lapsed.status, reviewEndedOn: lastDay } },
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

/** The facts of a case from its registration and steps, as of `options.today`. */
export function replay(registration: CaseRegistration, steps: readonly ActionInput[], options: FoldOptions): CaseFacts {
  let state = initialState(registration);
  for (const step of steps) state = applyStep(state, step, options);
  return toFacts(applyLapse(state, options.today, options));
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

function registrationOf(record: CaseRecord): CaseRegistration {
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
  options: Omit<FoldOptions, 'today'> = {},
): { record: CaseRecord; history: HistoryEntry } {
  if (registration.receivedOn > now.today) {
    throw invalidField('receivedOn', `cannot be after today (${now.today}, China time)`);
  }
  const facts = replay(registration, [], { ...options, today: now.today });
  const { procedure: registeredProcedure, ...rest } = registration;
  const record: CaseRecord = {
    ...rest,
    ...(registeredProcedure ? { registeredProcedure } : {}),
    ...facts,
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
  options: Omit<FoldOptions, 'today'> = {},
): { record: CaseRecord; history: HistoryEntry } {
  const fold = { ...options, today: now.today };
  const registration = registrationOf(record);
  const before = replay(registration, record.steps, fold);
  const step: Step = { ...input, recordedAt: now.at, recordedBy: actor };
  const after = replay(registration, [...record.steps, step], fold);
  const { type, on, ...details } = input;
  const diff = diffFacts(before, after);
  return {
    record: { ...record, ...after, steps: [...record.steps, step], version: record.version + 1, updatedAt: now.at },
    history: { at: now.at, actor, action: type, on, ...(Object.keys(details).length ? { details } : {}), ...diff },
  };
}

/** The facts of a stored case recomputed for today (e.g. a review that has lapsed since the last write). */
export function refresh(record: CaseRecord, options: FoldOptions): CaseRecord {
  return { ...record, ...replay(registrationOf(record), record.steps, options) };
}
