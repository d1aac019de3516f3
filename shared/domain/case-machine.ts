import type { CaseKind, LitigationStatus, ReconsiderationStatus } from './enums';
import type { ActionType, CaseStatus } from './cases';

/**
 * The allowed transitions of each kind of case, as one table per kind: status → action → the
 * status after it. `same` keeps the status; `previous` returns to the status a suspension
 * interrupted. An action missing from a status's row is 409 ILLEGAL_TRANSITION.
 * Further conditions (an action that may happen once, a copy before the reply) are in `guards`
 * (case-actions.ts); this table only says which steps a status allows at all.
 */
type Next<S> = S | 'same' | 'previous';
type Table<S extends string> = Record<S, Partial<Record<ActionType, Next<S>>>>;

export const reconsiderationTransitions: Table<ReconsiderationStatus> = {
  // 行政复议法第三十条、第三十一条: within five days, accept, reject or ask for a correction.
  received: {
    'request-correction': 'awaiting-correction',
    accept: 'accepted',
    reject: 'rejected',
  },
  // 第三十一条: the review starts again when the correction arrives; an application not
  // corrected within the applicant's period counts as abandoned (视为放弃，记录在案): neither
  // rejected nor decided. (`reject` with reason correction-not-submitted is how it was entered
  // before `correction-lapsed` existed.)
  'awaiting-correction': {
    'receive-correction': 'received',
    // 第三十一条第二款: 有正当理由不能按期补正的，可以延长合理的补正期限.
    'extend-correction': 'same',
    'correction-lapsed': 'abandoned',
    reject: 'rejected',
  },
  // 第四十八条 copy and reply, 第三十九条 suspension, 第六十二条 extension, 第五十五条 conversion,
  // 第四十一条 termination, 第六十三条 onwards the decision.
  accepted: {
    'send-copy': 'same',
    'receive-reply': 'same',
    suspend: 'suspended',
    extend: 'same',
    'convert-to-ordinary': 'same',
    decide: 'decided',
    terminate: 'terminated',
  },
  suspended: {
    resume: 'previous',
    // 第四十一条第五项: a suspension that outlasts sixty days may end in termination.
    terminate: 'terminated',
  },
  // 第七十七条: the respondent must perform the decision. A wrongly entered outcome is corrected
  // (the statistics move the count).
  decided: { 'record-performance': 'same', 'correct-outcome': 'same' },
  terminated: {},
  rejected: {},
  abandoned: {},
};

export const litigationTransitions: Table<LitigationStatus> = {
  // 行政诉讼法第六十七条: the defense within fifteen days of service.
  defending: {
    'file-defense': 'same',
    suspend: 'suspended',
    judge: 'judged',
    conclude: 'concluded',
    'receive-judicial-suggestion': 'same',
    'reply-judicial-suggestion': 'same',
  },
  suspended: { resume: 'previous' },
  // 第八十五条: appeal within fifteen (judgment) or ten (ruling) days of service, or it takes effect.
  judged: {
    appeal: 'appealed',
    conclude: 'concluded',
    'receive-judicial-suggestion': 'same',
    'reply-judicial-suggestion': 'same',
  },
  appealed: {
    judge: 'judged',
    suspend: 'suspended',
    conclude: 'concluded',
    'receive-judicial-suggestion': 'same',
    'reply-judicial-suggestion': 'same',
  },
  // 第九十四条 onwards: performance; 行诉解释第一百四十九条: judicial suggestions after the judgment;
  // a retrial (再审) reopens a concluded case.
  concluded: {
    'record-performance': 'same',
    'correct-outcome': 'same',
    'receive-judicial-suggestion': 'same',
    'reply-judicial-suggestion': 'same',
    judge: 'judged',
  },
};

const tables: Record<CaseKind, Table<string>> = {
  reconsideration: reconsiderationTransitions,
  litigation: litigationTransitions,
};

export const initialStatus: Record<CaseKind, CaseStatus> = {
  reconsideration: 'received',
  litigation: 'defending',
};

/** Statuses in which a case is finished (closed): nothing but records of performance follow. */
export const closedStatuses: Record<CaseKind, readonly CaseStatus[]> = {
  reconsideration: ['decided', 'terminated', 'rejected', 'abandoned'],
  litigation: ['concluded'],
};

/**
 * 重大行政复议应诉案件集体研究制度: any open case of either kind may be marked major and studied
 * collectively (行政复议法第五十二条 for the 行政复议委员会's advice); the status stays. That the
 * review follows the marking, and precedes a decision, is in `guards` (case-actions.ts).
 */
const openCaseActions: Partial<Record<ActionType, 'same'>> = { 'mark-major': 'same', 'collective-review': 'same' };

/** A status's row with the steps every open case allows. */
function rowOf(kind: CaseKind, status: CaseStatus): Partial<Record<ActionType, Next<string>>> {
  const row = tables[kind][status] ?? {};
  return closedStatuses[kind].includes(status) ? row : { ...row, ...openCaseActions };
}

/** The actions a kind of case knows at all. */
export function actionsOf(kind: CaseKind): Set<ActionType> {
  const all = new Set<ActionType>(Object.keys(openCaseActions) as ActionType[]);
  for (const row of Object.values(tables[kind])) {
    for (const action of Object.keys(row)) all.add(action as ActionType);
  }
  return all;
}

/** The status after `action`, or undefined when the current status does not allow it. */
export function nextStatus(
  kind: CaseKind,
  status: CaseStatus,
  action: ActionType,
  previous: CaseStatus | undefined,
): CaseStatus | undefined {
  const next = rowOf(kind, status)[action];
  if (next === undefined) return undefined;
  if (next === 'same') return status;
  if (next === 'previous') return previous;
  return next as CaseStatus;
}

export function allowedActions(kind: CaseKind, status: CaseStatus): ActionType[] {
  return Object.keys(rowOf(kind, status)) as ActionType[];
}
