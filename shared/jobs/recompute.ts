import type { Calendar } from '../domain/calendar';
import { diffDeadlines, diffFacts, refresh, type Now } from '../domain/case-actions';
import type { Actor, CaseRepository } from '../domain/cases';
import type { DeadlineSummary } from '../domain/deadlines';
import { retryOnConflict, TRY_AGAIN } from '../retry';

/** What a recomputation changed on one case. */
export interface Recomputed {
  caseId: string;
  changed: boolean;
  /** deadline key → [old dueOn, new dueOn] */
  moved: Record<string, [string | null, string | null]>;
}

const signature = (deadlines: readonly DeadlineSummary[]) =>
  deadlines.map((d) => `${d.key}|${d.dueOn}|${d.status === 'overdue' ? 'open' : d.status}|${d.provisional}`).join(';');

/**
 * Brings a stored case up to date with today and the current calendar (a review that lapsed into
 * deemed acceptance, a year's schedule loaded that moves a due date) and, when anything changed,
 * writes it with a history entry naming the reason, conditionally on its version.
 */
export async function recomputeCase(
  cases: CaseRepository,
  caseId: string,
  calendar: Calendar,
  now: Now,
  reason: { action: string; actor: Actor },
): Promise<Recomputed> {
  return retryOnConflict<Recomputed>(async () => {
    const stored = await cases.get(caseId);
    if (!stored) return { caseId, changed: false, moved: {} };
    const refreshed = refresh(stored.record, { today: now.today, calendar });
    const facts = diffFacts(stored.record, refreshed);
    const dates = diffDeadlines(stored.record.deadlines, refreshed.deadlines);
    if (Object.keys(facts.after).length === 0 && signature(stored.record.deadlines) === signature(refreshed.deadlines)) {
      return { caseId, changed: false, moved: {} };
    }
    const record = { ...refreshed, version: stored.record.version + 1, updatedAt: now.at };
    const moved: Recomputed['moved'] = {};
    for (const key of Object.keys(dates.after)) moved[key] = [dates.before[key] as string | null, dates.after[key] as string | null];
    const result = await cases.update(
      record,
      stored.record,
      {
        at: now.at,
        actor: reason.actor,
        action: reason.action,
        before: { ...facts.before, ...(Object.keys(dates.before).length ? { deadlines: dates.before } : {}) },
        after: { ...facts.after, ...(Object.keys(dates.after).length ? { deadlines: dates.after } : {}) },
      },
      undefined,
    );
    return result.kind === 'stale' ? TRY_AGAIN : { caseId, changed: true, moved };
  }, () => new Error(`case ${caseId} kept changing while it was recomputed`));
}
