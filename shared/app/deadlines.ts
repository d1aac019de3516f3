import { listingAgency, type Identity } from '../auth/identity';
import type { Alert, AlertRepository } from '../domain/alerts';
import { chinaToday, type Clock } from '../domain/clock';
import { addDays, daysBetween } from '../domain/dates';
import { boardStatus, type BoardEntry, type DeadlineBoard } from '../domain/deadline-board';
import type { DeadlineType } from '../domain/enums';
import type { Page } from '../domain/paging';
import { pageOf, pageRequest } from '../http/paging';
import { permit } from './access';

export interface BoardQuery {
  status?: 'open' | 'overdue' | undefined;
  agencyId?: string | undefined;
  type?: DeadlineType | undefined;
  dueFrom?: string | undefined;
  dueTo?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export type BoardItem = Omit<BoardEntry, 'years'> & { status: 'open' | 'overdue'; daysLeft: number };

/** The board of open deadlines by due date; an agency head's are its own agency's. */
export async function deadlineBoard(deps: { board: DeadlineBoard; clock: Clock }, identity: Identity, query: BoardQuery): Promise<Page<BoardItem>> {
  permit(identity, ['legal-office', 'agency-head']);
  const { status, limit, cursor, ...filter } = query;
  const agencyId = listingAgency(identity, filter.agencyId);
  if (agencyId === null) return { items: [], nextCursor: null };
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
  if (dueFrom && dueTo && dueFrom > dueTo) return { items: [], nextCursor: null };
  const page = await deps.board.list(effective, pageRequest({ limit, ...(cursor ? { cursor } : {}) }, cursorScope));
  return pageOf(page, cursorScope, ({ years: _years, ...entry }) => ({
    ...entry,
    // a case's deadline item written before `major` existed belongs to a case not marked since
    ...(entry.hearing ? {} : { major: entry.major ?? false }),
    status: boardStatus(entry, today),
    daysLeft: daysBetween(today, entry.dueOn),
  }));
}

/** What the daily sweep raised since a day (legal office). */
export async function listAlerts(
  deps: { alerts: AlertRepository; clock: Clock },
  identity: Identity,
  query: { since?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<Page<Alert>> {
  permit(identity, ['legal-office']);
  const since = query.since ?? addDays(chinaToday(deps.clock), -30);
  const cursorScope = `alerts|${since}`;
  const page = await deps.alerts.since(since, pageRequest({ limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) }, cursorScope));
  return pageOf(page, cursorScope);
}
