import type {
  CaseKind,
  LitigationOutcome,
  LitigationStatus,
  Procedure,
  ReconsiderationOutcome,
  ReconsiderationStatus,
  actTypes,
  appellants,
  collectiveReviewForums,
  enforcementFields,
  instances,
  judgmentForms,
  partyRoles,
  rejectionReasons,
  rulingTypes,
  suspensionReasons,
  terminationReasons,
} from './enums';
import type { Deadline, DeadlineSummary } from './deadlines';
import type { LawText } from './law';
import type { PageRequest, StorePage } from './paging';

export type { LawText } from './law';
export type CaseStatus = ReconsiderationStatus | LitigationStatus;

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
    /** servedOn: the applicant's receipt of the 补正通知 (default `on`); the ten days run from it (复议法第三十一条第二款) */
    | { type: 'request-correction'; items?: string; servedOn?: string }
    /** 复议法第三十一条第二款: no correction within the period, 视为放弃，记录在案 */
    | { type: 'correction-lapsed' }
    | { type: 'receive-correction' }
    /**
     * 复议法第三十一条第二款: 有正当理由不能按期补正的，行政复议机关可以延长合理的补正期限. `until` is the
     * new last day (later than the current one); recorded while the period runs, possibly more than once.
     */
    | { type: 'extend-correction'; until: string; reason: string }
    | { type: 'accept'; procedure?: Procedure }
    | { type: 'reject'; reason: keyof typeof rejectionReasons; reasonDetail?: string }
    /** servedOn: the respondent's receipt of the copy; the reply period runs from it (复议法第四十八条) */
    | { type: 'send-copy'; servedOn?: string }
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
        /** form ruling: which ruling (only 不予立案, 驳回起诉 and 管辖异议 may be appealed, 行诉解释第一百零一条第二款) */
        rulingType?: keyof typeof rulingTypes;
      }
    | { type: 'appeal'; by: keyof typeof appellants }
    | { type: 'conclude'; outcome: LitigationOutcome }
    | { type: 'receive-judicial-suggestion'; replyDueOn?: string; subject?: string }
    | { type: 'reply-judicial-suggestion' }
    | { type: 'correct-outcome'; outcome: ReconsiderationOutcome | LitigationOutcome; reason?: string }
    /** 重大行政复议应诉案件集体研究制度: the case is major, for the reason given */
    | { type: 'mark-major'; reasonDetail: string }
    /** a major case studied collectively (行政复议法第五十二条: the 行政复议委员会's advice is recorded) */
    | { type: 'collective-review'; forum: keyof typeof collectiveReviewForums; conclusion: string }
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
  /**
   * reconsideration: the day the application was recorded as abandoned, the correction not
   * supplied in time (复议法第三十一条第二款); absent on records stored before it existed
   */
  abandonedOn?: string | null;
  /** the procedure in force now (reconsideration) */
  procedure: Procedure | null;
  /** litigation: the instance the case is at */
  instance: keyof typeof instances | null;
  /** the law text the case's periods follow (by receivedOn) */
  law: LawText;
  /**
   * 重大行政复议应诉案件集体研究制度: a major case (mark-major), the day it was marked, and the day
   * of its first collective review (collective-review), without which it is not decided or
   * concluded; absent on records stored before they existed (read as false and null)
   */
  major?: boolean;
  markedMajorOn?: string | null;
  collectivelyReviewedOn?: string | null;
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
  /** a case number (exact or its beginning) or a party's exact name (GET /cases?q=) */
  q?: string;
  kind?: CaseKind;
  agencyId?: string;
  status?: CaseStatus;
  open?: boolean;
  receivedFrom?: string;
  receivedTo?: string;
}

export interface IdempotencyClaim {
  /** the operation, the caller's sub and the header's key, joined by line feeds (a key is visible ASCII, so it cannot contain one) */
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
