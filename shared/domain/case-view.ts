import { allowedActions } from './case-machine';
import type { FreshCaseRecord, LinkedCase, Party } from './cases';
import { appealable, type Deadline } from './deadlines';
import type { Hearing } from './hearings';
import { maskIdNumber } from './id-number';

/**
 * A case as the API shows it: ID numbers masked (they are stored in full, never returned), the
 * actions its status allows, and the registration's bookkeeping left out.
 */
export function presentCase(
  record: FreshCaseRecord,
  linkedCases: LinkedCase[],
  hearings?: { hearings: Hearing[]; deadlines: Deadline[] },
) {
  const { registeredProcedure: _registered, createdBy: _createdBy, parties, ...rest } = record;
  return {
    ...rest,
    linkedCases,
    parties: parties.map(maskParty),
    allowedActions: offeredActions(record),
    deadlines: [...record.deadlines, ...(hearings?.deadlines ?? [])].map(({ years: _years, ...deadline }) => deadline),
    ...(hearings
      ? {
          hearings: hearings.hearings.map((h) => ({
            id: h.id,
            kind: h.kind,
            scheduledAt: h.scheduledAt,
            court: h.court,
            status: h.status,
            confirmation: h.confirmation?.attendance ?? null,
            held: h.attendance?.held ?? null,
            headAppeared: h.attendance?.headAppeared ?? null,
          })),
        }
      : {}),
  };
}

export function maskParty(party: Party): Party {
  return party.idNumber ? { ...party, idNumber: maskIdNumber(party.idNumber) } : party;
}

export type PresentedCase = ReturnType<typeof presentCase>;

/**
 * The steps to offer for this case: the state machine's, less the two a major case's order rules
 * out (复议法第五十二条: a case is marked once; a collective review needs the mark), and an appeal
 * of a ruling that cannot be appealed (行诉解释第一百零一条第二款).
 */
function offeredActions(record: Pick<FreshCaseRecord, 'kind' | 'status' | 'major' | 'steps'>) {
  const judged = record.steps.filter((step) => step.type === 'judge').at(-1);
  return allowedActions(record.kind, record.status).filter(
    (type) => (record.major ? type !== 'mark-major' : type !== 'collective-review') && (type !== 'appeal' || !judged || appealable(judged)),
  );
}
