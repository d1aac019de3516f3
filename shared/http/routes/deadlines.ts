import { calendarYear, correctCalendarYear } from '../../app/calendar';
import { deadlineBoard as board, listAlerts as alertsSince } from '../../app/deadlines';
import type { AlertRepository } from '../../domain/alerts';
import type { Calendar, CalendarRepository } from '../../domain/calendar';
import type { CaseRepository } from '../../domain/cases';
import type { Clock } from '../../domain/clock';
import type { DeadlineBoard } from '../../domain/deadline-board';
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

export const deadlineRoutes = [
  route(deadlineBoard, async ({ c, query, identity, deps }) => json(c, await board(deps, identity, query))),

  route(getCalendarYear, async ({ c, params, identity, deps }) => json(c, await calendarYear(deps, identity, params.year))),

  route(putCalendarYear, async ({ c, params, body, identity, deps }) => json(c, await correctCalendarYear(deps, identity, params.year, body))),

  route(listAlerts, async ({ c, query, identity, deps }) => json(c, await alertsSince(deps, identity, query))),
];
