import type { CaseKind, DeadlineType } from './enums';
import type { PageRequest, StorePage } from './paging';

/** One open deadline as the board (GET /deadlines) and the daily sweep see it. */
export interface BoardEntry {
  caseId: string;
  caseNumber: string;
  kind: CaseKind;
  agencyId: string;
  type: DeadlineType;
  key: string;
  startsOn: string;
  dueOn: string;
  basis: string;
  provisional: boolean;
  years: number[];
  /** hearing-confirmation deadlines: the hearing they belong to */
  hearing?: { id: string; scheduledAt: string };
  /**
   * a case's own deadlines: whether the case is major (重大行政复议应诉案件集体研究制度); absent on
   * hearing-confirmation deadlines (the hearing's items) and on items written before it existed
   */
  major?: boolean;
}

export interface BoardFilter {
  agencyId?: string;
  type?: DeadlineType;
  /** inclusive due-date range */
  dueFrom?: string;
  dueTo?: string;
}

/** The due-date index: open deadlines sorted by due date, never a Scan. */
export interface DeadlineBoard {
  list(filter: BoardFilter, page: PageRequest): Promise<StorePage<BoardEntry>>;
  /**
   * What the sweep still has to look at: open deadlines due by `dueTo` whose overdue alert has not
   * been raised (a deadline entered late, already past due, is among them).
   */
  unalerted(dueTo: string, page: PageRequest): Promise<StorePage<BoardEntry>>;
  /** Takes a deadline off the sweep's list once its overdue alert is raised (unless it moved since). */
  settle(entry: BoardEntry): Promise<void>;
}

/** open: due today or later; overdue: due before today (China). */
export function boardStatus(entry: Pick<BoardEntry, 'dueOn'>, today: string): 'open' | 'overdue' {
  return entry.dueOn < today ? 'overdue' : 'open';
}
