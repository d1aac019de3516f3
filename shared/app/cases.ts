import { actorOf, canSee, listingAgency, type Identity } from '../auth/identity';
import type { Calendar } from '../domain/calendar';
import { recordAction, refresh, registerCase as register } from '../domain/case-actions';
import { presentCase, type PresentedCase } from '../domain/case-view';
import type { ActionInput, CaseFilter, CaseRecord, CaseRegistration, CaseRepository, HistoryEntry, IdempotencyClaim, StoredResponse } from '../domain/cases';
import { chinaToday, type Clock } from '../domain/clock';
import { idempotencyKeyReused, invalidField, notFound } from '../domain/errors';
import { confirmationDeadline, type HearingRepository } from '../domain/hearings';
import type { Page } from '../domain/paging';
import { etag, preconditionFailed } from '../http/etag';
import { pageOf, pageRequest } from '../http/paging';
import { retryOnConflict, TRY_AGAIN, writeConflict } from '../retry';
import { permit } from './access';
import { nowOf } from './now';

/** What the case operations need: the ports, the clock, the calendar. */
export interface CaseDeps {
  cases: CaseRepository;
  clock: Clock;
  newId: () => string;
  /** the working-day calendar with the office's overrides (cached briefly per process) */
  calendar: () => Promise<Calendar>;
  /** a case shows its hearings and their confirmation deadlines */
  hearings: Pick<HearingRepository, 'ofCase'>;
  hearingLeadDays: number;
}

/**
 * The result of a change: done (with the response a retry with the same idempotency key replays),
 * or the replay of an earlier request with that key.
 */
export type ChangeResult =
  | { kind: 'done'; presented: PresentedCase; version: number; response: StoredResponse }
  | { kind: 'replay'; response: StoredResponse };

export interface ChangeOptions {
  /** the idempotency claim (an `Idempotency-Key` header, a console form's hidden key) */
  claim?: IdempotencyClaim | undefined;
  /** the version the caller saw (If-Match, a console form's hidden version): 412 if the case changed since */
  expectedVersion?: number | undefined;
}

const caseNotFound = (caseId: string) => notFound({ zh: `案件 ${caseId}`, en: `case ${caseId}` });

/** An agency head may only see its own agency's cases; another agency's case does not exist for it. */
function visible(record: CaseRecord | undefined, identity: Identity): record is CaseRecord {
  return record !== undefined && canSee(identity, record.agencyId);
}

/** 登记案件 (legal office): a reconsideration application or a litigation case. */
export async function registerCase(deps: CaseDeps, identity: Identity, input: CaseRegistration, options: ChangeOptions = {}): Promise<ChangeResult> {
  permit(identity, ['legal-office']);
  if (input.kind === 'litigation' && input.filedOn && input.filedOn > input.receivedOn) {
    throw invalidField('filedOn', {
      zh: '立案日期不能晚于起诉状副本送达日期（receivedOn）',
      en: 'the court files the case before it serves the complaint copy (receivedOn)',
    });
  }
  const { record, history } = register(deps.newId(), input, actorOf(identity), nowOf(deps.clock), await deps.calendar());
  const presented = presentCase(record, []);
  const response: StoredResponse = { status: 201, body: presented, headers: { Location: `/cases/${record.id}`, ETag: etag(record.version) } };
  const result = await deps.cases.create(record, history, options.claim && { claim: options.claim, response });
  if (result.kind === 'replay') return { kind: 'replay', response: result.response };
  return { kind: 'done', presented, version: record.version, response };
}

/** One case as of today, with its hearings and their confirmation deadlines. */
export async function getCase(
  deps: CaseDeps,
  identity: Identity,
  caseId: string,
): Promise<{ presented: PresentedCase; version: number; hearingVersions: Record<string, number> }> {
  permit(identity, ['legal-office', 'agency-head']);
  const [stored, calendar, hearings] = await Promise.all([deps.cases.get(caseId), deps.calendar(), deps.hearings.ofCase(caseId)]);
  if (!stored || !visible(stored.record, identity)) throw caseNotFound(caseId);
  const today = chinaToday(deps.clock);
  const record = refresh(stored.record, { calendar, today });
  const hearingDeadlines = hearings.map((hearing) => confirmationDeadline(hearing, calendar, today, deps.hearingLeadDays));
  // Each hearing's version: what a form changing the hearing (the console's attendance form) was shown.
  const hearingVersions = Object.fromEntries(hearings.map((h) => [h.id, h.version]));
  return { presented: presentCase(record, stored.linkedCases, { hearings, deadlines: hearingDeadlines }), version: record.version, hearingVersions };
}

/** Cases, newest received first; an agency head's are its own agency's whatever it asks. */
export async function listCases(
  deps: CaseDeps,
  identity: Identity,
  filter: CaseFilter,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<PresentedCase>> {
  permit(identity, ['legal-office', 'agency-head']);
  const agencyId = listingAgency(identity, filter.agencyId);
  if (agencyId === null) return { items: [], nextCursor: null };
  const effective = { ...filter, ...(agencyId !== undefined ? { agencyId } : {}) };
  const cursorScope = `cases|${JSON.stringify(effective)}`;
  const [stored, calendar] = await Promise.all([
    deps.cases.list(effective, pageRequest({ limit: page.limit, ...(page.cursor ? { cursor: page.cursor } : {}) }, cursorScope)),
    deps.calendar(),
  ]);
  const today = chinaToday(deps.clock);
  return pageOf(stored, cursorScope, (record) => presentCase(refresh(record, { calendar, today }), []));
}

/** The audit trail of a case, oldest first. */
export async function caseHistory(
  deps: Pick<CaseDeps, 'cases'>,
  identity: Identity,
  caseId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<HistoryEntry>> {
  permit(identity, ['legal-office', 'agency-head']);
  const cursorScope = `history|${caseId}`;
  const [stored, entries] = await Promise.all([deps.cases.get(caseId), deps.cases.history(caseId, pageRequest(page, cursorScope))]);
  if (!visible(stored?.record, identity)) throw caseNotFound(caseId);
  return pageOf(entries, cursorScope);
}

/**
 * 记录一个步骤 (legal office): judged against the case's current state. A concurrent change is
 * read again and judged anew, unless the caller named the version it saw (then 412).
 */
export async function recordStep(deps: CaseDeps, identity: Identity, caseId: string, input: ActionInput, options: ChangeOptions = {}): Promise<ChangeResult> {
  permit(identity, ['legal-office']);
  const { claim, expectedVersion } = options;
  return retryOnConflict<ChangeResult>(async () => {
    const [stored, earlier, calendar] = await Promise.all([
      deps.cases.get(caseId),
      claim ? deps.cases.findResponse(claim) : Promise.resolve(undefined),
      deps.calendar(),
    ]);
    if (earlier === 'mismatch') throw idempotencyKeyReused();
    if (earlier) return { kind: 'replay', response: earlier };
    if (!stored) throw caseNotFound(caseId);
    if (expectedVersion !== undefined && expectedVersion !== stored.record.version) throw preconditionFailed(stored.record.version);
    const { record, history } = recordAction(stored.record, input, actorOf(identity), nowOf(deps.clock), calendar);
    const presented = presentCase(record, stored.linkedCases);
    const response: StoredResponse = { status: 200, body: presented, headers: { ETag: etag(record.version) } };
    const result = await deps.cases.update(record, stored.record, history, claim && { claim, response });
    if (result.kind === 'done') return { kind: 'done', presented, version: record.version, response };
    if (result.kind === 'replay') return { kind: 'replay', response: result.response };
    // Someone else changed the case between our read and write: with a named version that is the
    // caller's 412; without one, read again and judge the action against the new state.
    if (expectedVersion !== undefined) throw preconditionFailed();
    return TRY_AGAIN;
  }, () => writeConflict({ zh: '该案件正被同时修改，请稍后重试', en: 'the case is changing too fast; retry' }));
}
