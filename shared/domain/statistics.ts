import type { CaseRecord } from './cases';
import { addDays } from './dates';
import type { CaseKind, LitigationOutcome, ReconsiderationOutcome } from './enums';
import { hearingDate, type Hearing } from './hearings';

/**
 * The published statistics, kept as counters per (kind, agency, day): what each stored case or
 * hearing contributes is a pure function of its image, so the stream aggregator adds the new
 * image's contributions and takes away the old image's (a corrected outcome moves a count instead
 * of doubling it), and a window's figures are differences of prefix sums of the counters.
 */

/** 纠错: the outcomes that correct the respondent's act. */
export const CORRECTION_OUTCOMES: readonly ReconsiderationOutcome[] = ['revoke', 'modify', 'confirm-illegal', 'order-performance', 'confirm-invalid'];
/** Closed otherwise than by a decision on the merits (decisionCorrectionRate leaves these out). */
export const NON_DECISION_OUTCOMES: readonly ReconsiderationOutcome[] = ['mediation', 'termination'];
/** 败诉 */
export const LOSS_OUTCOMES: readonly LitigationOutcome[] = ['revoke', 'modify', 'confirm-illegal', 'confirm-invalid', 'order-performance', 'compensation'];

export interface Contribution {
  kind: CaseKind;
  agencyId: string;
  /** the China date the count belongs to */
  date: string;
  counter: string;
  n: number;
}

export const outcomeCounter = (outcome: string) => `outcome_${outcome.replace(/-/g, '_')}`;

/** What a case, as stored, counts for. */
export function caseContributions(record: CaseRecord | undefined): Contribution[] {
  if (!record) return [];
  const out: Contribution[] = [];
  const add = (counter: string, date: string | null | undefined) => {
    if (date) out.push({ kind: record.kind, agencyId: record.agencyId, date, counter, n: 1 });
  };
  add('received', record.receivedOn);
  // 重大行政复议应诉案件集体研究制度: a major case counts on the day it was marked major, and as
  // reviewed on the day of its first collective review.
  if (record.major) {
    add('majorCases', record.markedMajorOn);
    add('majorCasesReviewed', record.collectivelyReviewedOn);
  }
  add('closed', record.concludedOn ?? record.rejectedOn ?? record.abandonedOn);
  if (record.concluded && record.concludedOn && record.outcome) {
    add('concluded', record.concludedOn);
    add(outcomeCounter(record.outcome), record.concludedOn);
  }
  if (record.kind === 'reconsideration') {
    add('accepted', record.acceptedOn);
    if (record.deemedAccepted) add('deemedAccepted', record.acceptedOn);
    add('notAccepted', record.rejectedOn);
    // 行政复议法第三十一条第二款: 视为放弃 — neither 不予受理 nor 审结, a count of its own.
    add('abandoned', record.abandonedOn);
    if (record.concluded && record.concludedOn && record.outcome) {
      const outcome = record.outcome as ReconsiderationOutcome;
      if (CORRECTION_OUTCOMES.includes(outcome)) add('corrections', record.concludedOn);
      if (!NON_DECISION_OUTCOMES.includes(outcome)) add('decided', record.concludedOn);
    }
    // The decision period (复议法第六十二条): on time or late, and open cases past it.
    const decision = record.deadlines.find((d) => d.type === 'decision' && d.dueOn);
    if (decision?.dueOn) {
      add('decisionDue', decision.dueOn);
      if (record.concluded && record.concludedOn) {
        if (record.concludedOn <= decision.dueOn) {
          add('concludedOnTime', record.concludedOn);
          add('dueMetOnTime', decision.dueOn);
        } else {
          add('closedLate', record.concludedOn);
        }
      }
    }
  } else if (record.concluded && record.concludedOn && LOSS_OUTCOMES.includes(record.outcome as LitigationOutcome)) {
    add('losses', record.concludedOn);
  }
  return out;
}

/** What a hearing counts for: held, and held with a head present, on its day. */
export function hearingContributions(hearing: Hearing | undefined): Contribution[] {
  if (!hearing || hearing.status === 'cancelled' || !hearing.attendance?.held) return [];
  const base = { kind: hearing.caseKind, agencyId: hearing.agencyId, date: hearingDate(hearing), n: 1 };
  return [
    { ...base, counter: 'hearingsHeld' },
    ...(hearing.attendance.headAppeared ? [{ ...base, counter: 'hearingsWithHead' }] : []),
  ];
}

/** The held hearings of one case at one instance (出庭规定第七条: one appearance per instance suffices). */
export interface InstanceHearings {
  kind: CaseKind;
  agencyId: string;
  hearings: Record<string, { date: string; head: boolean }>;
}

export function instanceKey(hearing: Hearing): string {
  return `${hearing.caseId}#${hearing.instance ?? hearing.kind}`;
}

/** Updates an instance's held hearings with one hearing as now stored. */
export function withHearing(summary: InstanceHearings | undefined, hearing: Hearing): InstanceHearings {
  const hearings = { ...(summary?.hearings ?? {}) };
  if (hearing.status !== 'cancelled' && hearing.attendance?.held) {
    hearings[hearing.id] = { date: hearingDate(hearing), head: hearing.attendance.headAppeared };
  } else {
    delete hearings[hearing.id];
  }
  return { kind: hearing.caseKind, agencyId: hearing.agencyId, hearings };
}

/**
 * A case-instance counts once, on the day of its first held hearing: as heard, and as heard with a
 * head if a head attended any of its held hearings (headAppearanceRate's numerator and denominator).
 */
export function instanceContributions(summary: InstanceHearings | undefined): Contribution[] {
  const held = Object.values(summary?.hearings ?? {});
  if (!summary || held.length === 0) return [];
  const first = held.map((h) => h.date).sort()[0]!;
  const base = { kind: summary.kind, agencyId: summary.agencyId, date: first, n: 1 };
  return [{ ...base, counter: 'instancesHeard' }, ...(held.some((h) => h.head) ? [{ ...base, counter: 'instancesWithHead' }] : [])];
}

/** new − old, netted per (kind, agency, date, counter); zero changes dropped. */
export function delta(before: readonly Contribution[], after: readonly Contribution[]): Contribution[] {
  const sums = new Map<string, Contribution>();
  const put = (c: Contribution, sign: number) => {
    const key = `${c.kind}|${c.agencyId}|${c.date}|${c.counter}`;
    const existing = sums.get(key);
    if (existing) existing.n += sign * c.n;
    else sums.set(key, { ...c, n: sign * c.n });
  };
  for (const c of before) put(c, -1);
  for (const c of after) put(c, 1);
  return [...sums.values()].filter((c) => c.n !== 0).sort((a, b) => (`${a.kind}${a.agencyId}${a.date}${a.counter}` < `${b.kind}${b.agencyId}${b.date}${b.counter}` ? -1 : 1));
}

/** Counter sums up to and including a day. */
export type Counters = Readonly<Record<string, number>>;

const rate = (numerator: number, denominator: number): number | null => (denominator === 0 ? null : numerator / denominator);

export interface ReconsiderationFigures {
  received: number;
  accepted: number;
  deemedAccepted: number;
  notAccepted: number;
  /** applications abandoned: the correction not supplied in time (复议法第三十一条第二款) */
  abandoned: number;
  concluded: number;
  handled: number;
  pending: number;
  byOutcome: Record<string, number>;
  correctionRate: number | null;
  decisionCorrectionRate: number | null;
  concludedOnTime: number;
  overdueOpen: number;
  /** cases marked major in the window (重大行政复议应诉案件集体研究制度) */
  majorCases: number;
  /** major cases whose first collective review was in the window */
  majorCasesReviewed: number;
}

export interface LitigationFigures {
  received: number;
  concluded: number;
  handled: number;
  pending: number;
  byOutcome: Record<string, number>;
  lossRate: number | null;
  hearingsHeld: number;
  hearingsWithHead: number;
  headAppearanceRate: number | null;
  hearingHeadAppearanceRate: number | null;
  instancesHeard: number;
  instancesWithHead: number;
  /** cases marked major in the window (重大行政复议应诉案件集体研究制度) */
  majorCases: number;
  /** major cases whose first collective review was in the window */
  majorCasesReviewed: number;
}

/** The day before `from`: counts in [from, to] are prefix(to) − prefix(from − 1). */
export const dayBefore = (date: string) => addDays(date, -1);

function byOutcome(codes: readonly string[], window: (counter: string) => number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const code of codes) {
    const n = window(outcomeCounter(code));
    if (n !== 0) out[code] = n;
  }
  return out;
}

/**
 * The published figures for a window from the prefix sums at the day before it and its last day:
 * counts by the date of their event; handled = received in the window + open at its start;
 * pending = open at its end; rates are fractions, null on a zero denominator.
 */
export function reconsiderationFigures(before: Counters, end: Counters, outcomes: readonly string[]): ReconsiderationFigures {
  const at = (c: Counters, counter: string) => c[counter] ?? 0;
  const window = (counter: string) => at(end, counter) - at(before, counter);
  const open = (c: Counters) => at(c, 'received') - at(c, 'closed');
  const concluded = window('concluded');
  const corrections = window('corrections');
  return {
    received: window('received'),
    accepted: window('accepted'),
    deemedAccepted: window('deemedAccepted'),
    notAccepted: window('notAccepted'),
    abandoned: window('abandoned'),
    concluded,
    handled: window('received') + open(before),
    pending: open(end),
    byOutcome: byOutcome(outcomes, window),
    correctionRate: rate(corrections, concluded),
    decisionCorrectionRate: rate(corrections, window('decided')),
    concludedOnTime: window('concludedOnTime'),
    // Open at the end of the window with the decision period run out by then.
    overdueOpen: at(end, 'decisionDue') - at(end, 'dueMetOnTime') - at(end, 'closedLate'),
    majorCases: window('majorCases'),
    majorCasesReviewed: window('majorCasesReviewed'),
  };
}

export function litigationFigures(before: Counters, end: Counters, outcomes: readonly string[]): LitigationFigures {
  const at = (c: Counters, counter: string) => c[counter] ?? 0;
  const window = (counter: string) => at(end, counter) - at(before, counter);
  const open = (c: Counters) => at(c, 'received') - at(c, 'closed');
  const concluded = window('concluded');
  const hearingsHeld = window('hearingsHeld');
  const hearingsWithHead = window('hearingsWithHead');
  const instancesHeard = window('instancesHeard');
  const instancesWithHead = window('instancesWithHead');
  return {
    received: window('received'),
    concluded,
    handled: window('received') + open(before),
    pending: open(end),
    byOutcome: byOutcome(outcomes, window),
    lossRate: rate(window('losses'), concluded),
    hearingsHeld,
    hearingsWithHead,
    headAppearanceRate: rate(instancesWithHead, instancesHeard),
    hearingHeadAppearanceRate: rate(hearingsWithHead, hearingsHeld),
    instancesHeard,
    instancesWithHead,
    majorCases: window('majorCases'),
    majorCasesReviewed: window('majorCasesReviewed'),
  };
}

export interface StatisticsScope {
  /** an agency id, or ALL for the whole district */
  scope: string;
}

/** The port for counters: prefix sums per kind and scope at given days. */
export interface StatisticsStore {
  prefixes(kind: CaseKind, scope: string, dates: readonly string[]): Promise<Map<string, Counters>>;
}

export const ALL_AGENCIES = 'ALL';
