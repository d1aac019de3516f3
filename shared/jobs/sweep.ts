import { planSweep, type Alert, type AlertRepository } from '../domain/alerts';
import type { Calendar } from '../domain/calendar';
import type { AgencyRepository } from '../domain/agencies';
import type { CaseRepository } from '../domain/cases';
import { addDays } from '../domain/dates';
import type { ReportRepository } from '../domain/reports';
import type { StatisticsStore } from '../domain/statistics';
import { figuresByAgency } from '../domain/statistics-report';
import { chinaDateTime, chinaToday, type Clock } from '../domain/clock';
import type { BoardEntry, DeadlineBoard } from '../domain/deadline-board';
import type { Logger } from '../log/logger';
import type { DeemedAcceptanceDetail } from '../domain/notifications';
import { recomputeCase } from './recompute';

export interface SweepDeps {
  board: DeadlineBoard;
  cases: CaseRepository;
  alerts: AlertRepository;
  calendar: () => Promise<Calendar>;
  clock: Clock;
  log: Logger;
  /** in AWS: onto the EventBridge bus; locally the stored alerts are enough */
  publish?: (detailType: string, details: readonly object[]) => Promise<void>;
  /** how many working days ahead a deadline counts as approaching (default 3) */
  approachingWorkingDays?: number;
  /** for the monthly report on the first day of a month */
  monthly?: { statistics: StatisticsStore; agencies: AgencyRepository; reports: ReportRepository };
}

export interface SweepReport {
  today: string;
  windowEnd: string;
  /** open deadlines read from the due-date index */
  read: number;
  raised: Alert[];
  deemedAccepted: string[];
  /** the month reported today (the first of a month), if a new report was made */
  reported?: string;
}

const system = { sub: 'system', name: '系统（每日巡检）' };

/**
 * The daily sweep: reads the open deadlines due by the end of its window that it has not yet
 * reported overdue, through an index of exactly those (so its cost follows what is due, not how
 * many cases exist), stores the deemed acceptances of lapsed reviews, and raises each alert once.
 */
export async function runSweep(deps: SweepDeps): Promise<SweepReport> {
  const today = chinaToday(deps.clock);
  const calendar = await deps.calendar();
  const windowEnd = calendar.addWorkingDays(today, deps.approachingWorkingDays ?? 3).date;
  // Open deadlines due by the window's end whose overdue alert is not raised yet.
  const entries: BoardEntry[] = [];
  let after: Record<string, unknown> | undefined;
  do {
    const page = await deps.board.unalerted(windowEnd, { limit: 200, ...(after ? { after } : {}) });
    entries.push(...page.items);
    after = page.last;
  } while (after);

  const plan = planSweep(entries, today, windowEnd);
  const now = { at: chinaDateTime(deps.clock.now()), today };
  const deemedAccepted: string[] = [];
  const deemed: DeemedAcceptanceDetail[] = [];
  for (const caseId of plan.recompute) {
    const result = await recomputeCase(deps.cases, caseId, calendar, now, { action: 'deemed-acceptance', actor: system });
    if (!result.changed) continue;
    deemedAccepted.push(caseId);
    const review = entries.find((e) => e.caseId === caseId && e.type === 'acceptance-review');
    if (review) deemed.push({ caseId, caseNumber: review.caseNumber, agencyId: review.agencyId, key: review.key, dueOn: review.dueOn, basis: review.basis, raisedOn: today });
  }
  const raised: Alert[] = [];
  for (const alert of plan.alerts) {
    if (await deps.alerts.raise(alert)) raised.push(alert);
  }
  if (deps.publish && raised.length > 0) await deps.publish('alert', raised);
  if (deps.publish && deemed.length > 0) await deps.publish('deemed-acceptance', deemed);
  // Raised (now or by an earlier run): the next runs need not read these again.
  for (const entry of plan.settled) await deps.board.settle(entry);
  const reported = today.endsWith('-01') && deps.monthly ? await monthlyReport(deps, deps.monthly, today) : undefined;
  // The day's digest for `daily` subscriptions, after the alerts are stored (the notifier sends it once a day).
  if (deps.publish) await deps.publish('notification-digest', [{ date: today }]);
  deps.log.info('sweep done', { today, windowEnd, read: entries.length, raised: raised.length, deemedAccepted: deemedAccepted.length, reported });
  return { today, windowEnd, read: entries.length, raised, deemedAccepted, ...(reported ? { reported } : {}) };
}

/**
 * On the first day of a month: last month's figures per agency and in total (月通报), stored once
 * and put on the bus, so subscribers need not poll.
 */
async function monthlyReport(deps: SweepDeps, monthly: NonNullable<SweepDeps['monthly']>, today: string): Promise<string | undefined> {
  const to = addDays(today, -1);
  const from = `${to.slice(0, 7)}-01`;
  const { total, agencies } = await figuresByAgency(monthly, from, to);
  const report = { month: to.slice(0, 7), generatedOn: today, total, agencies };
  if (!(await monthly.reports.put(report))) return undefined;
  if (deps.publish) await deps.publish('statistics-monthly', [report]);
  return report.month;
}
