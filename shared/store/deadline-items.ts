import type { Deadline, DeadlineSummary } from '../domain/deadlines';
import type { TransactItem } from './transactions';

export interface DeadlineOwner {
  pk: string;
  caseId: string;
  caseNumber: string;
  kind: string;
  agencyId: string;
  hearing?: { id: string; scheduledAt: string };
  /** a case's own deadlines: whether the case is major (重大案件集体研究制度), shown on the board */
  major?: boolean;
}

export const isIndexed = <D extends DeadlineSummary>(deadline: D): boolean => (deadline.status === 'open' || deadline.status === 'overdue') && deadline.dueOn !== null;

/**
 * Whether a stored deadline item still shows the deadline as it now is: every field the item copies
 * from it (see deadlinePut) is the same. A late acceptance date moves a period's start while its end,
 * carried to the next working day, may stay put: the start counts too, or the board keeps the old one.
 */
export function sameItem(before: DeadlineSummary, after: DeadlineSummary): boolean {
  return (
    before.type === after.type &&
    before.startsOn === after.startsOn &&
    before.dueOn === after.dueOn &&
    before.provisional === after.provisional &&
    before.years.join() === after.years.join()
  );
}

/** The item that puts an open deadline on the due-date indexes (the board and the sweep read these). */
export function deadlinePut(tableName: string, owner: DeadlineOwner, deadline: Deadline): TransactItem {
  const position = `${deadline.dueOn}#${owner.caseId}#${deadline.key}`;
  return {
    Put: {
      TableName: tableName,
      Item: {
        pk: owner.pk,
        sk: `DL#${deadline.key}`,
        entity: 'deadline',
        caseId: owner.caseId,
        caseNumber: owner.caseNumber,
        kind: owner.kind,
        agencyId: owner.agencyId,
        ...(owner.hearing ? { hearing: owner.hearing } : {}),
        ...(owner.major !== undefined ? { major: owner.major } : {}),
        type: deadline.type,
        key: deadline.key,
        startsOn: deadline.startsOn,
        dueOn: deadline.dueOn,
        basis: deadline.basis,
        provisional: deadline.provisional,
        years: deadline.years,
        gsi3pk: 'DUE',
        gsi3sk: position,
        // The sweep's list: until its overdue alert is raised (then removed, see deadline-store.ts).
        gsi1pk: 'SWEEP',
        gsi1sk: position,
        gsi2pk: `AGENCY#${owner.agencyId}#DUE`,
        gsi2sk: position,
      },
    },
  };
}

export function deadlineDelete(tableName: string, pk: string, key: string): TransactItem {
  return { Delete: { TableName: tableName, Key: { pk, sk: `DL#${key}` } } };
}
