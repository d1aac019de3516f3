import { actorOf, canSee, hasRole, listingAgency, type Identity } from '../auth/identity';
import type { Calendar } from '../domain/calendar';
import type { CaseRepository, IdempotencyClaim, StoredResponse } from '../domain/cases';
import { chinaDateTime, chinaToday, type Clock } from '../domain/clock';
import { idempotencyKeyReused, notFound } from '../domain/errors';
import {
  changeHearing as change,
  confirmHearing,
  confirmationDeadline,
  recordAttendance as attend,
  scheduleHearing as schedule,
  type AttendanceInput,
  type ConfirmationInput,
  type Hearing,
  type HearingChange,
  type HearingFilter,
  type HearingInput,
  type HearingPatch,
  type HearingRepository,
} from '../domain/hearings';
import type { Page } from '../domain/paging';
import { etag, preconditionFailed } from '../http/etag';
import { pageOf, pageRequest } from '../http/paging';
import { retryOnConflict, TRY_AGAIN, writeConflict } from '../retry';
import { permit } from './access';

export interface HearingDeps {
  hearings: HearingRepository;
  cases: Pick<CaseRepository, 'get'>;
  calendar: () => Promise<Calendar>;
  clock: Clock;
  newId: () => string;
  /** working days before a hearing by which the appearance must be confirmed */
  hearingLeadDays: number;
}

/** A hearing as callers see it: its confirmation deadline, without the bookkeeping. */
export function presentHearing(hearing: Hearing, calendar: Calendar, today: string, leadDays: number) {
  const { createdBy: _createdBy, sequence: _sequence, ...rest } = hearing;
  const { years: _years, ...deadline } = confirmationDeadline(hearing, calendar, today, leadDays);
  return { ...rest, confirmationDeadline: deadline };
}
export type PresentedHearing = ReturnType<typeof presentHearing>;

export type HearingResult = { kind: 'done'; presented: PresentedHearing; response: StoredResponse } | { kind: 'replay'; response: StoredResponse };

const hearingNotFound = (hearingId: string) => notFound({ zh: `庭审 ${hearingId}`, en: `hearing ${hearingId}` });

function visible(hearing: Hearing | undefined, identity: Identity): hearing is Hearing {
  return hearing !== undefined && canSee(identity, hearing.agencyId);
}

const nowAt = (clock: Clock) => chinaDateTime(clock.now());

/** 安排庭审或听证 (legal office). */
export async function scheduleHearing(
  deps: HearingDeps,
  identity: Identity,
  caseId: string,
  input: HearingInput,
  options: { claim?: IdempotencyClaim | undefined } = {},
): Promise<HearingResult> {
  permit(identity, ['legal-office']);
  const { claim } = options;
  if (claim) {
    const earlier = await deps.hearings.findResponse(claim);
    if (earlier === 'mismatch') throw idempotencyKeyReused();
    if (earlier) return { kind: 'replay', response: earlier };
  }
  const [stored, calendar] = await Promise.all([deps.cases.get(caseId), deps.calendar()]);
  if (!stored) throw notFound({ zh: `案件 ${caseId}`, en: `case ${caseId}` });
  const changed = schedule(deps.newId(), stored.record, input, actorOf(identity), nowAt(deps.clock));
  const today = chinaToday(deps.clock);
  const deadline = confirmationDeadline(changed.hearing, calendar, today, deps.hearingLeadDays);
  const presented = presentHearing(changed.hearing, calendar, today, deps.hearingLeadDays);
  const response: StoredResponse = {
    status: 201,
    body: presented,
    headers: { Location: `/hearings/${changed.hearing.id}`, ETag: etag(changed.hearing.version) },
  };
  const result = await deps.hearings.save(changed, undefined, deadline, claim && { claim, response });
  if (result.kind === 'replay') return { kind: 'replay', response: result.response };
  return { kind: 'done', presented, response };
}

/** Hearings by date; an agency head's are its own agency's. */
export async function listHearings(
  deps: Pick<HearingDeps, 'hearings' | 'calendar' | 'clock' | 'hearingLeadDays'>,
  identity: Identity,
  filter: HearingFilter,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<PresentedHearing>> {
  permit(identity, ['legal-office', 'agency-head']);
  const agencyId = listingAgency(identity, filter.agencyId);
  if (agencyId === null) return { items: [], nextCursor: null };
  const effective = { ...filter, ...(agencyId !== undefined ? { agencyId } : {}) };
  const cursorScope = `hearings|${JSON.stringify(effective)}`;
  const [stored, calendar] = await Promise.all([
    deps.hearings.list(effective, pageRequest({ limit: page.limit, ...(page.cursor ? { cursor: page.cursor } : {}) }, cursorScope)),
    deps.calendar(),
  ]);
  const today = chinaToday(deps.clock);
  return pageOf(stored, cursorScope, (hearing) => presentHearing(hearing, calendar, today, deps.hearingLeadDays));
}

export async function getHearing(
  deps: Pick<HearingDeps, 'hearings' | 'calendar' | 'clock' | 'hearingLeadDays'>,
  identity: Identity,
  hearingId: string,
): Promise<PresentedHearing> {
  permit(identity, ['legal-office', 'agency-head']);
  const [hearing, calendar] = await Promise.all([deps.hearings.get(hearingId), deps.calendar()]);
  if (!visible(hearing, identity)) throw hearingNotFound(hearingId);
  return presentHearing(hearing, calendar, chinaToday(deps.clock), deps.hearingLeadDays);
}

/**
 * Applies a change to a stored hearing with optimistic concurrency: a named version is the
 * caller's precondition (412); without it a concurrent change is re-read and the change judged again.
 */
async function mutate(
  deps: HearingDeps,
  identity: Identity,
  hearingId: string,
  expectedVersion: number | undefined,
  apply: (hearing: Hearing, calendar: Calendar) => HearingChange,
  claim?: IdempotencyClaim,
): Promise<PresentedHearing> {
  return retryOnConflict(async () => {
    const [hearing, calendar, earlier] = await Promise.all([deps.hearings.get(hearingId), deps.calendar(), claim ? deps.hearings.findResponse(claim) : undefined]);
    if (!visible(hearing, identity)) throw hearingNotFound(hearingId);
    const today = chinaToday(deps.clock);
    // A form sent twice: the first made the change (and moved the version on); answer with the hearing as it is.
    if (earlier === 'mismatch') throw idempotencyKeyReused();
    if (earlier) return presentHearing(hearing, calendar, today, deps.hearingLeadDays);
    if (expectedVersion !== undefined && expectedVersion !== hearing.version) throw preconditionFailed(hearing.version);
    const changed = apply(hearing, calendar);
    if (changed.unchanged) return presentHearing(hearing, calendar, today, deps.hearingLeadDays);
    const deadline = confirmationDeadline(changed.hearing, calendar, today, deps.hearingLeadDays);
    const presented = presentHearing(changed.hearing, calendar, today, deps.hearingLeadDays);
    const response: StoredResponse = { status: 200, body: presented, headers: { ETag: etag(changed.hearing.version) } };
    const result = await deps.hearings.save(changed, hearing.version, deadline, claim && { claim, response });
    // Its twin was saved meanwhile: read again, and the stored answer says so.
    if (result.kind === 'replay') return TRY_AGAIN;
    if (result.kind === 'done') return presented;
    if (expectedVersion !== undefined) throw preconditionFailed();
    return TRY_AGAIN;
  }, () => writeConflict({ zh: '该庭审正被同时修改，请稍后重试', en: 'the hearing is changing too fast; retry' }));
}

/**
 * 改期、取消 (legal office). With a claim (the console's form key) a change sent twice is made
 * once: the second answers with the hearing as the first left it, whatever version it names.
 */
export function changeHearing(
  deps: HearingDeps,
  identity: Identity,
  hearingId: string,
  patch: HearingPatch,
  expectedVersion?: number,
  options: { claim?: IdempotencyClaim | undefined } = {},
) {
  permit(identity, ['legal-office']);
  return mutate(deps, identity, hearingId, expectedVersion, (hearing) => change(hearing, patch, actorOf(identity), nowAt(deps.clock)), options.claim);
}

/**
 * 确认出庭 (负责人出庭应诉): the head of the hearing's own agency, or the legal office on its
 * behalf. Another agency's hearing does not exist for a head (404).
 */
export function confirmAppearance(deps: HearingDeps, identity: Identity, hearingId: string, input: ConfirmationInput, expectedVersion?: number) {
  permit(identity, ['legal-office', 'agency-head']);
  const role = hasRole(identity, 'legal-office') ? 'legal-office' : 'agency-head';
  return mutate(deps, identity, hearingId, expectedVersion, (hearing) =>
    confirmHearing(hearing, input, actorOf(identity), role, deps.clock.now(), nowAt(deps.clock)),
  );
}

/** 登记出庭情况 after the hearing (legal office): what the statistics count. */
export function recordAttendance(deps: HearingDeps, identity: Identity, hearingId: string, input: AttendanceInput, expectedVersion?: number) {
  permit(identity, ['legal-office']);
  return mutate(deps, identity, hearingId, expectedVersion, (hearing) => attend(hearing, input, actorOf(identity), deps.clock.now(), nowAt(deps.clock)));
}
