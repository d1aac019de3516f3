import { actorOf, listingAgency } from '../../auth/identity';
import type { AlertRepository } from '../../domain/alerts';
import type { Calendar, CalendarRepository } from '../../domain/calendar';
import type { CaseRepository } from '../../domain/cases';
import { chinaDateTime, chinaToday, type Clock } from '../../domain/clock';
import { addDays, daysBetween, weekday } from '../../domain/dates';
import { boardStatus, type DeadlineBoard } from '../../domain/deadline-board';
import { AppError, type FieldError, type Localized, textIn } from '../../domain/errors';
import { recomputeCase } from '../../jobs/recompute';
import { deadlineBoard, getCalendarYear, listAlerts, putCalendarYear } from '../contracts/deadlines';
import { pageOf, pageRequest } from '../paging';
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
  route(deadlineBoard, async ({ c, query, identity, deps }) => {
    const { status, limit, cursor, ...filter } = query;
    const agencyId = listingAgency(identity, filter.agencyId);
    if (agencyId === null) return json(c, { items: [], nextCursor: null });
    const today = chinaToday(deps.clock);
    let { dueFrom, dueTo } = filter;
    // overdue: due before today; open: due today or later (China dates).
    if (status === 'overdue') dueTo = dueTo && dueTo < addDays(today, -1) ? dueTo : addDays(today, -1);
    if (status === 'open') dueFrom = dueFrom && dueFrom > today ? dueFrom : today;
    const effective = {
      ...(agencyId !== undefined ? { agencyId } : {}),
      ...(filter.type ? { type: filter.type } : {}),
      ...(dueFrom ? { dueFrom } : {}),
      ...(dueTo ? { dueTo } : {}),
    };
    const cursorScope = `deadlines|${JSON.stringify({ ...effective, status })}`;
    if (dueFrom && dueTo && dueFrom > dueTo) return json(c, { items: [], nextCursor: null });
    const page = await deps.board.list(effective, pageRequest({ limit, ...(cursor ? { cursor } : {}) }, cursorScope));
    return json(
      c,
      pageOf(page, cursorScope, ({ years: _years, ...entry }) => ({
        ...entry,
        // a case's deadline item written before `major` existed belongs to a case not marked since
        ...(entry.hearing ? {} : { major: entry.major ?? false }),
        status: boardStatus(entry, today),
        daysLeft: daysBetween(today, entry.dueOn),
      })),
    );
  }),

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

  route(listAlerts, async ({ c, query, deps }) => {
    const since = query.since ?? addDays(chinaToday(deps.clock), -30);
    const cursorScope = `alerts|${since}`;
    const page = await deps.alerts.since(since, pageRequest({ limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) }, cursorScope));
    return json(c, pageOf(page, cursorScope));
  }),
];
