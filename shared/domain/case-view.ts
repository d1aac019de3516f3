import { allowedActions } from './case-machine';
import type { CaseRecord, LinkedCase, Party } from './cases';
import { maskIdNumber } from './id-number';

/**
 * A case as the API shows it: ID numbers masked (they are stored in full, never returned), the
 * actions its status allows, and the registration's bookkeeping left out.
 */
export function presentCase(record: CaseRecord, linkedCases: LinkedCase[]) {
  const { registeredProcedure: _registered, createdBy: _createdBy, parties, ...rest } = record;
  return {
    ...rest,
    linkedCases,
    parties: parties.map(maskParty),
    allowedActions: allowedActions(record.kind, record.status),
    deadlines: record.deadlines.map(({ years: _years, ...deadline }) => deadline),
  };
}

export function maskParty(party: Party): Party {
  return party.idNumber ? { ...party, idNumber: maskIdNumber(party.idNumber) } : party;
}

export type PresentedCase = ReturnType<typeof presentCase>;
