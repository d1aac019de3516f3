import type { CaseRecord } from './cases';
import { litigationOutcomes, reconsiderationOutcomes } from './enums';
import { hearingDate, type Hearing } from './hearings';
import { CORRECTION_OUTCOMES, LOSS_OUTCOMES, NON_DECISION_OUTCOMES, type LitigationFigures, type ReconsiderationFigures } from './statistics';

/**
 * The figures recomputed from the case and hearing items themselves, the slow and obvious way
 * (for `npm run stats:verify`, never on a request path): an independent second opinion on the
 * counters the stream aggregator keeps.
 */
const within = (date: string | null | undefined, from: string, to: string): date is string => !!date && date >= from && date <= to;
const rate = (n: number, d: number) => (d === 0 ? null : n / d);

function countBy<T>(items: readonly T[], test: (item: T) => boolean): number {
  return items.filter(test).length;
}

function outcomesOf(cases: readonly CaseRecord[], codes: readonly string[], from: string, to: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const code of codes) {
    const n = countBy(cases, (c) => c.concluded && within(c.concludedOn, from, to) && c.outcome === code);
    if (n > 0) out[code] = n;
  }
  return out;
}

const closedOn = (c: CaseRecord) => c.concludedOn ?? c.rejectedOn ?? c.abandonedOn;
/** open at the end of `day`: received by then and not closed by then */
const openAt = (c: CaseRecord, day: string) => c.receivedOn <= day && !(closedOn(c) && closedOn(c)! <= day);

export function recomputeFigures(
  allCases: readonly CaseRecord[],
  allHearings: readonly Hearing[],
  from: string,
  to: string,
  agencyId?: string,
): { reconsideration: ReconsiderationFigures; litigation: LitigationFigures } {
  const mine = <T extends { agencyId: string }>(items: readonly T[]) => items.filter((i) => agencyId === undefined || i.agencyId === agencyId);
  const cases = mine(allCases);
  const recon = cases.filter((c) => c.kind === 'reconsideration');
  const lit = cases.filter((c) => c.kind === 'litigation');
  const concluded = (list: readonly CaseRecord[]) => list.filter((c) => c.concluded && within(c.concludedOn, from, to));
  const startOpen = (list: readonly CaseRecord[]) => countBy(list, (c) => c.receivedOn < from && openAt(c, addDay(from, -1)));

  const reconConcluded = concluded(recon);
  const corrections = countBy(reconConcluded, (c) => (CORRECTION_OUTCOMES as readonly string[]).includes(c.outcome ?? ''));
  const decided = countBy(reconConcluded, (c) => !(NON_DECISION_OUTCOMES as readonly string[]).includes(c.outcome ?? ''));
  const decisionDue = (c: CaseRecord) => c.deadlines.find((d) => d.type === 'decision' && d.dueOn)?.dueOn ?? null;

  const litConcluded = concluded(lit);
  const hearings = mine(allHearings).filter((h) => h.caseKind === 'litigation' && h.status !== 'cancelled' && h.attendance?.held);
  const heldIn = hearings.filter((h) => within(hearingDate(h), from, to));
  const instances = new Map<string, { first: string; head: boolean }>();
  for (const h of hearings) {
    const key = `${h.caseId}#${h.instance ?? h.kind}`;
    const seen = instances.get(key);
    const date = hearingDate(h);
    instances.set(key, { first: seen && seen.first < date ? seen.first : date, head: (seen?.head ?? false) || !!h.attendance?.headAppeared });
  }
  const heardInstances = [...instances.values()].filter((i) => within(i.first, from, to));

  return {
    reconsideration: {
      received: countBy(recon, (c) => within(c.receivedOn, from, to)),
      accepted: countBy(recon, (c) => within(c.acceptedOn, from, to)),
      deemedAccepted: countBy(recon, (c) => c.deemedAccepted && within(c.acceptedOn, from, to)),
      notAccepted: countBy(recon, (c) => within(c.rejectedOn, from, to)),
      abandoned: countBy(recon, (c) => within(c.abandonedOn, from, to)),
      concluded: reconConcluded.length,
      handled: countBy(recon, (c) => within(c.receivedOn, from, to)) + startOpen(recon),
      pending: countBy(recon, (c) => openAt(c, to)),
      byOutcome: outcomesOf(recon, Object.keys(reconsiderationOutcomes), from, to),
      correctionRate: rate(corrections, reconConcluded.length),
      decisionCorrectionRate: rate(corrections, decided),
      concludedOnTime: countBy(reconConcluded, (c) => decisionDue(c) !== null && c.concludedOn! <= decisionDue(c)!),
      overdueOpen: countBy(recon, (c) => decisionDue(c) !== null && decisionDue(c)! <= to && !(c.concluded && c.concludedOn! <= to)),
      majorCases: countBy(recon, (c) => !!c.major && within(c.markedMajorOn, from, to)),
      majorCasesReviewed: countBy(recon, (c) => !!c.major && within(c.collectivelyReviewedOn, from, to)),
    },
    litigation: {
      received: countBy(lit, (c) => within(c.receivedOn, from, to)),
      concluded: litConcluded.length,
      handled: countBy(lit, (c) => within(c.receivedOn, from, to)) + startOpen(lit),
      pending: countBy(lit, (c) => openAt(c, to)),
      byOutcome: outcomesOf(lit, Object.keys(litigationOutcomes), from, to),
      lossRate: rate(countBy(litConcluded, (c) => (LOSS_OUTCOMES as readonly string[]).includes(c.outcome ?? '')), litConcluded.length),
      hearingsHeld: heldIn.length,
      hearingsWithHead: countBy(heldIn, (h) => !!h.attendance?.headAppeared),
      headAppearanceRate: rate(countBy(heardInstances, (i) => i.head), heardInstances.length),
      hearingHeadAppearanceRate: rate(countBy(heldIn, (h) => !!h.attendance?.headAppeared), heldIn.length),
      instancesHeard: heardInstances.length,
      instancesWithHead: countBy(heardInstances, (i) => i.head),
      majorCases: countBy(lit, (c) => !!c.major && within(c.markedMajorOn, from, to)),
      majorCasesReviewed: countBy(lit, (c) => !!c.major && within(c.collectivelyReviewedOn, from, to)),
    },
  };
}

function addDay(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export interface Difference {
  scope: string;
  from: string;
  to: string;
  field: string;
  counters: unknown;
  recomputed: unknown;
}

/** Every field where two sets of figures disagree, as `reconsideration.byOutcome.revoke`. */
export function differences(counters: object, recomputed: object, prefix = ''): { field: string; counters: unknown; recomputed: unknown }[] {
  const out: { field: string; counters: unknown; recomputed: unknown }[] = [];
  const a = counters as Record<string, unknown>;
  const b = recomputed as Record<string, unknown>;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[key];
    const y = b[key];
    const field = prefix ? `${prefix}.${key}` : key;
    if (x && y && typeof x === 'object' && typeof y === 'object') out.push(...differences(x, y, field));
    else if (typeof x === 'number' && typeof y === 'number' ? Math.abs(x - y) > 1e-9 : x !== y) out.push({ field, counters: x, recomputed: y });
  }
  return out;
}
