import { actorOf, type Identity } from '../auth/identity';
import type { Calendar, CalendarRepository } from '../domain/calendar';
import type { CaseRepository } from '../domain/cases';
import { chinaDateTime, chinaToday, type Clock } from '../domain/clock';
import { weekday } from '../domain/dates';
import type { DeadlineBoard } from '../domain/deadline-board';
import { AppError, textIn, type FieldError, type Localized } from '../domain/errors';
import { preconditionFailed } from '../http/etag';
import { recomputeCase } from '../jobs/recompute';
import { permit } from './access';

export interface CalendarDeps {
  board: Pick<DeadlineBoard, 'list'>;
  cases: CaseRepository;
  calendars: CalendarRepository;
  calendar: (() => Promise<Calendar>) & { invalidate?: () => void };
  clock: Clock;
}

/** A year's schedule as callers see it: where it comes from, its holidays and make-up working days. */
export interface CalendarYear {
  year: number;
  published: boolean;
  source: string | null;
  holidays: string[];
  workdays: string[];
}

export interface YearInput {
  holidays: string[];
  workdays: string[];
}

/** What a correction would change, before it is made (the console's confirmation step). */
export interface YearPreview {
  year: number;
  holidays: string[];
  workdays: string[];
  added: { holidays: string[]; workdays: string[] };
  removed: { holidays: string[]; workdays: string[] };
  /** cases with an open deadline due in or after the year: each is recomputed */
  openCases: number;
  /** the version of the office's correction now in force (0: none yet); the correction may name it */
  version: number;
}

export function yearView(calendar: Calendar, year: number): CalendarYear {
  const schedule = calendar.schedule(year);
  return {
    year,
    published: calendar.isPublished(year),
    source: schedule?.source ?? null,
    holidays: [...(schedule?.holidays.keys() ?? [])].sort(),
    workdays: [...(schedule?.workdays.keys() ?? [])].sort(),
  };
}

/** A year's schedule (legal office and agency heads). */
export async function calendarYear(deps: Pick<CalendarDeps, 'calendar'>, identity: Identity, year: number): Promise<CalendarYear> {
  permit(identity, ['legal-office', 'agency-head']);
  return yearView(await deps.calendar(), year);
}

/** Sorted and without repeats; each date of the year, a make-up working day on a weekend and not also a holiday. */
function checkYear(year: number, input: YearInput): YearInput {
  const holidays = [...new Set(input.holidays)].sort();
  const workdays = [...new Set(input.workdays)].sort();
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
  return { holidays, workdays };
}

/** Every case with an open deadline whose computation may have read the year: those due on or after its first day. */
async function casesTouching(deps: Pick<CalendarDeps, 'board'>, year: number): Promise<Set<string>> {
  const caseIds = new Set<string>();
  let after: Record<string, unknown> | undefined;
  do {
    const page = await deps.board.list({ dueFrom: `${year}-01-01` }, { limit: 200, ...(after ? { after } : {}) });
    for (const entry of page.items) if (entry.years.includes(year) || entry.dueOn >= `${year}-01-01`) caseIds.add(entry.caseId);
    after = page.last;
  } while (after);
  return caseIds;
}

const minus = (a: string[], b: string[]) => a.filter((d) => !b.includes(d));

/** What a correction of the year would change, checked as the correction is, without changing anything (legal office). */
export async function previewCalendarYear(deps: CalendarDeps, identity: Identity, year: number, input: YearInput): Promise<YearPreview> {
  permit(identity, ['legal-office']);
  const next = checkYear(year, input);
  const [now, touching, overrides] = await Promise.all([
    deps.calendar().then((calendar) => yearView(calendar, year)),
    casesTouching(deps, year),
    deps.calendars.overrides(),
  ]);
  return {
    year,
    ...next,
    version: overrides.find((o) => o.year === year)?.version ?? 0,
    added: { holidays: minus(next.holidays, now.holidays), workdays: minus(next.workdays, now.workdays) },
    removed: { holidays: minus(now.holidays, next.holidays), workdays: minus(now.workdays, next.workdays) },
    openCases: touching.size,
  };
}

/**
 * Loads or corrects a year's schedule (legal office), e.g. when the State Council publishes next
 * year's: the year then counts as published, and every open deadline that touches it is recomputed.
 */
export async function correctCalendarYear(
  deps: CalendarDeps,
  identity: Identity,
  year: number,
  input: YearInput,
  expectedVersion?: number,
): Promise<CalendarYear & { recomputed: { cases: number; deadlinesMoved: number } }> {
  permit(identity, ['legal-office']);
  const { holidays, workdays } = checkYear(year, input);
  const now = { at: chinaDateTime(deps.clock.now()), today: chinaToday(deps.clock) };
  const existing = (await deps.calendars.overrides()).find((o) => o.year === year);
  // The console's confirmation names the correction it was previewed against: another's since is not overwritten unseen.
  if (expectedVersion !== undefined && expectedVersion !== (existing?.version ?? 0)) throw preconditionFailed(existing?.version ?? 0);
  const actor = actorOf(identity);
  await deps.calendars.put({ year, holidays, workdays, version: (existing?.version ?? 0) + 1, updatedAt: now.at, updatedBy: actor });
  deps.calendar.invalidate?.();
  const calendar = await deps.calendar();
  let cases = 0;
  let deadlinesMoved = 0;
  for (const caseId of await casesTouching(deps, year)) {
    const result = await recomputeCase(deps.cases, caseId, calendar, now, { action: 'calendar-updated', actor });
    if (result.changed) cases += 1;
    deadlinesMoved += Object.keys(result.moved).length;
  }
  return { ...yearView(calendar, year), recomputed: { cases, deadlinesMoved } };
}
