import type {
  CaseKind,
  LitigationOutcome,
  LitigationStatus,
  Procedure,
  ReconsiderationOutcome,
  ReconsiderationStatus,
  actTypes,
  appellants,
  enforcementFields,
  instances,
  judgmentForms,
  lawTexts,
  partyRoles,
  rejectionReasons,
  suspensionReasons,
  terminationReasons,
} from './enums';
import type { Deadline, DeadlineSummary } from './deadlines';
import type { PageRequest, StorePage } from './paging';

export type CaseStatus = ReconsiderationStatus | LitigationStatus;
export type LawText = keyof typeof lawTexts;

export interface Party {
  role: keyof typeof partyRoles;
  name: string;
  /** 18-character resident ID; stored, never returned or logged in full */
  idNumber?: string;
}

/** What the legal office enters when it registers a case (POST /cases). */
export interface CaseRegistration {
  kind: CaseKind;
  caseNumber: string;
  agencyId: string;
  receivedOn: string;
  /** reconsideration only (default ordinary) */
  procedure?: Procedure;
  field?: keyof typeof enforcementFields;
  actType?: keyof typeof actTypes;
  parties: Party[];
  /** litigation only */
  court?: string;
  filedOn?: string;
  title?: string;
  summary?: string;
  /** litigation only: the reconsideration case it arose from (行政诉讼法第二十六条) */
  relatedCaseId?: string;
}

interface StepBase {
  on: string;
  note?: string;
}

/** One step of a case (POST /cases/{id}/actions), as entered. */
export type ActionInput = StepBase &
  (
    | { type: 'request-correction'; items?: string }
    | { type: 'receive-correction' }
    | { type: 'accept'; procedure?: Procedure }
    | { type: 'reject'; reason: keyof typeof rejectionReasons; reasonDetail?: string }
    | { type: 'send-copy' }
    | { type: 'receive-reply' }
    | { type: 'suspend'; reason: keyof typeof suspensionReasons; reasonDetail?: string }
    | { type: 'resume' }
    | { type: 'extend'; approvedBy: string; days?: number }
    | { type: 'convert-to-ordinary' }
    | { type: 'decide'; outcome: ReconsiderationOutcome }
    | { type: 'terminate'; reason: keyof typeof terminationReasons; reasonDetail?: string }
    | { type: 'record-performance'; performed?: boolean }
    | { type: 'file-defense' }
    | {
        type: 'judge';
        form: keyof typeof judgmentForms;
        instance: keyof typeof instances;
        outcome: LitigationOutcome;
        servedOn: string;
      }
    | { type: 'appeal'; by: keyof typeof appellants }
    | { type: 'conclude'; outcome: LitigationOutcome }
    | { type: 'receive-judicial-suggestion'; replyDueOn?: string; subject?: string }
    | { type: 'reply-judicial-suggestion' }
    | { type: 'correct-outcome'; outcome: ReconsiderationOutcome | LitigationOutcome; reason?: string }
  );

export type ActionType = ActionInput['type'];

export interface Actor {
  sub: string;
  name: string;
}

/** A step as recorded: the input plus who entered it and when. */
export type Step = ActionInput & { recordedAt: string; recordedBy: Actor };

/** What the steps make of a case: derived, never entered directly. */
export interface CaseFacts {
  status: CaseStatus;
  concluded: boolean;
  outcome: ReconsiderationOutcome | LitigationOutcome | null;
  acceptedOn: string | null;
  deemedAccepted: boolean;
  concludedOn: string | null;
  /** reconsideration: the day the application was rejected (不予受理) */
  rejectedOn: string | null;
  /** the procedure in force now (reconsideration) */
  procedure: Procedure | null;
  /** litigation: the instance the case is at */
  instance: keyof typeof instances | null;
  /** the law text the case's periods follow (by receivedOn) */
  law: LawText;
}

export interface LinkedCase {
  id: string;
  kind: CaseKind;
  caseNumber: string;
}

/** A case as stored. */
export interface CaseRecord extends Omit<CaseRegistration, 'procedure'>, CaseFacts {
  id: string;
  /** the procedure chosen at registration (`procedure` is the one in force now) */
  registeredProcedure?: Procedure;
  /** the statutory deadlines as of the last write, in summary (recomputed in full on every read) */
  deadlines: DeadlineSummary[];
  steps: Step[];
  version: number;
  createdAt: string;
  updatedAt: string;
  createdBy: Actor;
}

/** A case just computed by the domain: its deadlines in full (basis, explanation). */
export type FreshCaseRecord = Omit<CaseRecord, 'deadlines'> & { deadlines: Deadline[] };

/** A case with what is stored beside it. */
export interface StoredCase {
  record: CaseRecord;
  /** the cases that arose from this one (a reconsideration lists its litigation) */
  linkedCases: LinkedCase[];
}

/** An audit entry (append-only): who, when, what, and the fields before and after. */
export interface HistoryEntry {
  at: string;
  actor: Actor;
  action: string;
  on?: string;
  /** the action's own fields (outcome, reason, …) */
  details?: Record<string, unknown>;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

export interface CaseFilter {
  kind?: CaseKind;
  agencyId?: string;
  status?: CaseStatus;
  open?: boolean;
  receivedFrom?: string;
  receivedTo?: string;
}

export interface IdempotencyClaim {
  /** scope + key, e.g. `POST /cases|<sub>|<key>` */
  key: string;
  /** hash of the request body */
  fingerprint: string;
}

export interface StoredResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export type IdempotentResult<T> =
  | { kind: 'done'; value: T }
  | { kind: 'replay'; response: StoredResponse }
  /** the record changed since it was read (optimistic concurrency) */
  | { kind: 'stale' };

/** The port the HTTP layer uses for cases; shared/store implements it on DynamoDB. */
export interface CaseRepository {
  /** Registers a case atomically with its case-number guard and first history entry. */
  create(
    record: FreshCaseRecord,
    history: HistoryEntry,
    idempotency: { claim: IdempotencyClaim; response: StoredResponse } | undefined,
  ): Promise<IdempotentResult<FreshCaseRecord>>;
  get(id: string): Promise<StoredCase | undefined>;
  /** Replaces `previous` (if its version is still current) with `record`, with its history entry. */
  update(
    record: FreshCaseRecord,
    previous: CaseRecord,
    history: HistoryEntry,
    idempotency: { claim: IdempotencyClaim; response: StoredResponse } | undefined,
  ): Promise<IdempotentResult<FreshCaseRecord>>;
  /** The stored response of an idempotency key, if one was recorded and has not expired. */
  findResponse(claim: IdempotencyClaim): Promise<StoredResponse | 'mismatch' | undefined>;
  list(filter: CaseFilter, page: PageRequest): Promise<StorePage<CaseRecord>>;
  history(id: string, page: PageRequest): Promise<StorePage<HistoryEntry>>;
}
