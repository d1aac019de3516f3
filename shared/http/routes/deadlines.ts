import { deadlineBoard as board, listAlerts as alertsSince } from '../../app/deadlines';
import { actorOf } from '../../auth/identity';
import type { AlertRepository } from '../../domain/alerts';
import type { Calendar, CalendarRepository } from '../../domain/calendar';
import type { CaseRepository } from '../../domain/cases';
import { chinaDateTime, chinaToday, type Clock } from '../../domain/clock';
import { weekday } from '../../domain/dates';
import type { DeadlineBoard } from '../../domain/deadline-board';
import { AppError, type FieldError, type Localized, textIn } from '../../domain/errors';
import { recomputeCase } from '../../jobs/recompute';
import { deadlineBoard, getCalendarYear, listAlerts, putCalendarYear } from '../contracts/deadlines';
import { json } from '../respond';
import { routesFor } from '../route';

export interface DeadlineDeps {
  board: DeadlineBoard;
  cases: CaseRepository;
  alerts: AlertRepository;
  calendars: CalendarRepository;
  calendar: (() => Promise<Calendar>) & { invalidate?: () => void };
  clock: Clock;
}

const route = routesFor<DeadlineDeps>();

function yearView(calendar: Calendar, year: number) {
  const schedule = calendar.schedule(year);
  return {
    year,
    published: calendar.isPublished(year),
    source: schedule?.source ?? null,
    holidays: [...(schedule?.holidays.keys() ?? [])].sort(),
    workdays: [...(schedule?.workdays.keys() ?? [])].sort(),
  };
}

function checkYear(year: number, holidays: string[], workdays: string[]): void {
  const errors: FieldError[] = [];
  const ofYear: Localized = { zh: `应为${year}年内的日期`, en: `must be a day of ${year}` };
  holidays.forEach((date, i) => {
    if (!date.startsWith(`${year}-`)) errors.push({ in: 'body', path: `holidays.${i}`, message: ofYear });
  });
  const holidaySet = new Set(holidays);
  workdays.forEach((date, i) => {
    if (!date.startsWith(`${year}-`)) errors.push({ in: 'body', path: `workdays.${i}`, message: ofYear });
    else if (weekday(date) !== 0 && weekday(date) !== 6) {
      errors.push({ in: 'body', path: `workdays.${i}`, message: { zh: '调休上班日应为周六或周日', en: 'a make-up working day falls on a weekend' } });
    } else if (holidaySet.has(date)) {
      errors.push({ in: 'body', path: `workdays.${i}`, message: { zh: '同时被列为节假日', en: 'is also listed as a holiday' } });
    }
  });
  const [first] = errors;
  if (first) {
    throw new AppError(
      'invalid',
      'VALIDATION_FAILED',
      {
        zh: `${year}年的节假日安排前后矛盾：${first.path} ${textIn(first.message, 'zh')}`,
        en: `the schedule for ${year} is inconsistent: ${first.path} ${textIn(first.message, 'en')}`,
      },
      { errors },
    );
  }
}

export const deadlineRoutes = [
  route(deadlineBoard, async ({ c, query, identity, deps }) => json(c, await board(deps, identity, query))),

  route(getCalendarYear, async ({ c, params, deps }) => json(c, yearView(await deps.calendar(), params.year))),

  route(putCalendarYear, async ({ c, params, body, identity, deps }) => {
    const { year } = params;
    const holidays = [...new Set(body.holidays)].sort();
    const workdays = [...new Set(body.workdays)].sort();
    checkYear(year, holidays, workdays);
    const now = { at: chinaDateTime(deps.clock.now()), today: chinaToday(deps.clock) };
    const existing = (await deps.calendars.overrides()).find((o) => o.year === year);
    const actor = actorOf(identity);
    await deps.calendars.put({ year, holidays, workdays, version: (existing?.version ?? 0) + 1, updatedAt: now.at, updatedBy: actor });
    deps.calendar.invalidate?.();
    const calendar = await deps.calendar();

    // Every open deadline whose computation may have read this year: those due on or after its first day.
    const caseIds = new Set<string>();
    let after: Record<string, unknown> | undefined;
    do {
      const page = await deps.board.list({ dueFrom: `${year}-01-01` }, { limit: 200, ...(after ? { after } : {}) });
      for (const entry of page.items) if (entry.years.includes(year) || entry.dueOn >= `${year}-01-01`) caseIds.add(entry.caseId);
      after = page.last;
    } while (after);
    let cases = 0;
    let deadlinesMoved = 0;
    for (const caseId of caseIds) {
      const result = await recomputeCase(deps.cases, caseId, calendar, now, { action: 'calendar-updated', actor });
      if (result.changed) cases += 1;
      deadlinesMoved += Object.keys(result.moved).length;
    }
    return json(c, { ...yearView(calendar, year), recomputed: { cases, deadlinesMoved } });
  }),

  route(listAlerts, async ({ c, query, identity, deps }) => json(c, await alertsSince(deps, identity, query))),
];
