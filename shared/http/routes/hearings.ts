import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { actorOf, canSee, hasRole, listingAgency, type Identity } from '../../auth/identity';
import type { AgencyRepository } from '../../domain/agencies';
import type { Calendar } from '../../domain/calendar';
import type { CaseRepository } from '../../domain/cases';
import { chinaDateTime, chinaToday, type Clock } from '../../domain/clock';
import { addDays } from '../../domain/dates';
import { idempotencyKeyReused, notFound } from '../../domain/errors';
import {
  changeHearing as change,
  confirmHearing,
  confirmationDeadline,
  recordAttendance as attend,
  scheduleHearing as schedule,
  type Hearing,
  type HearingChange,
  type HearingRepository,
} from '../../domain/hearings';
import { hearingsCalendar } from '../../domain/ics';
import {
  changeHearing,
  confirmAppearance,
  getHearing,
  hearingsFeed,
  listHearings,
  recordAttendance,
  rotateFeedToken,
  scheduleHearing,
} from '../contracts/hearings';
import { etag, ifMatchVersion, preconditionFailed } from '../etag';
import { idempotencyClaim, replayed } from '../idempotency';
import { pageOf, pageRequest } from '../paging';
import { json } from '../respond';
import { retryOnConflict, TRY_AGAIN, writeConflict } from '../../retry';
import { routesFor } from '../route';

export interface HearingDeps {
  hearings: HearingRepository;
  cases: CaseRepository;
  agencies: AgencyRepository;
  calendar: () => Promise<Calendar>;
  clock: Clock;
  newId: () => string;
  /** working days before a hearing by which the appearance must be confirmed */
  hearingLeadDays: number;
}

const route = routesFor<HearingDeps>();

function present(hearing: Hearing, calendar: Calendar, today: string, leadDays: number) {
  const { createdBy: _createdBy, sequence: _sequence, ...rest } = hearing;
  const { years: _years, ...deadline } = confirmationDeadline(hearing, calendar, today, leadDays);
  return { ...rest, confirmationDeadline: deadline };
}

function visible(hearing: Hearing | undefined, identity: Identity): hearing is Hearing {
  return hearing !== undefined && canSee(identity, hearing.agencyId);
}

const feedTokenHash = (token: string) => createHash('sha256').update(token).digest();


/**
 * Applies a change to a stored hearing with optimistic concurrency: If-Match is the client's
 * precondition (412); without it a concurrent change is re-read and the change judged again.
 */
async function mutate(
  c: Context,
  deps: HearingDeps,
  identity: Identity,
  hearingId: string,
  apply: (hearing: Hearing, calendar: Calendar) => HearingChange,
): Promise<Response> {
  const expected = ifMatchVersion(c);
  return retryOnConflict(async () => {
    const [hearing, calendar] = await Promise.all([deps.hearings.get(hearingId), deps.calendar()]);
    if (!visible(hearing, identity)) throw notFound({ zh: `庭审 ${hearingId}`, en: `hearing ${hearingId}` });
    if (expected !== undefined && expected !== hearing.version) throw preconditionFailed(hearing.version);
    const changed = apply(hearing, calendar);
    const today = chinaToday(deps.clock);
    if (changed.unchanged) return json(c, present(hearing, calendar, today, deps.hearingLeadDays), 200, { ETag: etag(hearing.version) });
    const deadline = confirmationDeadline(changed.hearing, calendar, today, deps.hearingLeadDays);
    const result = await deps.hearings.save(changed, hearing.version, deadline);
    if (result.kind === 'done') {
      return json(c, present(changed.hearing, calendar, today, deps.hearingLeadDays), 200, { ETag: etag(changed.hearing.version) });
    }
    if (expected !== undefined) throw preconditionFailed();
    return TRY_AGAIN;
  }, () => writeConflict({ zh: '该庭审正被同时修改，请稍后重试', en: 'the hearing is changing too fast; retry' }));
}

const nowAt = (clock: Clock) => chinaDateTime(clock.now());

export const hearingRoutes = [
  route(scheduleHearing, async ({ c, params, body, identity, deps }) => {
    const claim = idempotencyClaim(c, `POST /cases/${params.caseId}/hearings`, identity, body);
    if (claim) {
      const earlier = await deps.hearings.findResponse(claim);
      if (earlier === 'mismatch') throw idempotencyKeyReused();
      if (earlier) return replayed(c, earlier);
    }
    const [stored, calendar] = await Promise.all([deps.cases.get(params.caseId), deps.calendar()]);
    if (!stored) throw notFound({ zh: `案件 ${params.caseId}`, en: `case ${params.caseId}` });
    const changed = schedule(deps.newId(), stored.record, body, actorOf(identity), nowAt(deps.clock));
    const today = chinaToday(deps.clock);
    const deadline = confirmationDeadline(changed.hearing, calendar, today, deps.hearingLeadDays);
    const presented = present(changed.hearing, calendar, today, deps.hearingLeadDays);
    const headers = { Location: `/hearings/${changed.hearing.id}`, ETag: etag(changed.hearing.version) };
    const result = await deps.hearings.save(changed, undefined, deadline, claim && { claim, response: { status: 201, body: presented, headers } });
    if (result.kind === 'replay') return replayed(c, result.response);
    return json(c, presented, 201, headers);
  }),

  route(listHearings, async ({ c, query, identity, deps }) => {
    const { limit, cursor, ...filter } = query;
    const agencyId = listingAgency(identity, filter.agencyId);
    if (agencyId === null) return json(c, { items: [], nextCursor: null });
    const effective = { ...filter, ...(agencyId !== undefined ? { agencyId } : {}) };
    const cursorScope = `hearings|${JSON.stringify(effective)}`;
    const [page, calendar] = await Promise.all([
      deps.hearings.list(effective, pageRequest({ limit, ...(cursor ? { cursor } : {}) }, cursorScope)),
      deps.calendar(),
    ]);
    const today = chinaToday(deps.clock);
    return json(c, pageOf(page, cursorScope, (hearing) => present(hearing, calendar, today, deps.hearingLeadDays)));
  }),

  route(getHearing, async ({ c, params, identity, deps }) => {
    const [hearing, calendar] = await Promise.all([deps.hearings.get(params.hearingId), deps.calendar()]);
    if (!visible(hearing, identity)) throw notFound({ zh: `庭审 ${params.hearingId}`, en: `hearing ${params.hearingId}` });
    return json(c, present(hearing, calendar, chinaToday(deps.clock), deps.hearingLeadDays), 200, { ETag: etag(hearing.version) });
  }),

  route(changeHearing, ({ c, params, body, identity, deps }) =>
    mutate(c, deps, identity, params.hearingId, (hearing) => change(hearing, body, actorOf(identity), nowAt(deps.clock))),
  ),

  route(confirmAppearance, ({ c, params, body, identity, deps }) =>
    mutate(c, deps, identity, params.hearingId, (hearing) =>
      confirmHearing(hearing, body, actorOf(identity), hasRole(identity, 'legal-office') ? 'legal-office' : 'agency-head', deps.clock.now(), nowAt(deps.clock)),
    ),
  ),

  route(recordAttendance, ({ c, params, body, identity, deps }) =>
    mutate(c, deps, identity, params.hearingId, (hearing) => attend(hearing, body, actorOf(identity), deps.clock.now(), nowAt(deps.clock))),
  ),

  route(hearingsFeed, async ({ c, query, deps }) => {
    const [hash, agency] = await Promise.all([deps.agencies.feedTokenHash(query.agencyId), deps.agencies.get(query.agencyId)]);
    const given = feedTokenHash(query.token);
    const expected = hash ? Buffer.from(hash, 'base64url') : undefined;
    if (!agency || !expected || expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw notFound({ zh: '该日历订阅', en: 'calendar feed' });
    }
    // The last 90 days and everything ahead: a subscription that stays small.
    const from = addDays(chinaToday(deps.clock), -90);
    const hearings: Hearing[] = [];
    let after: Record<string, unknown> | undefined;
    do {
      const page = await deps.hearings.list({ agencyId: query.agencyId, from }, { limit: 200, ...(after ? { after } : {}) });
      hearings.push(...page.items);
      after = page.last;
    } while (after && hearings.length < 2000);
    const body = hearingsCalendar(agency.name, hearings, deps.clock.now().toISOString());
    return c.body(body, 200, { 'content-type': 'text/calendar; charset=utf-8', 'cache-control': 'private, max-age=300' });
  }),

  route(rotateFeedToken, async ({ c, params, deps }) => {
    const token = randomBytes(24).toString('base64url');
    const stored = await deps.agencies.setFeedTokenHash(params.agencyId, feedTokenHash(token).toString('base64url'), nowAt(deps.clock));
    if (!stored) throw notFound({ zh: `机关 ${params.agencyId}`, en: `agency ${params.agencyId}` });
    return json(c, { agencyId: params.agencyId, token, feedPath: `/hearings.ics?agencyId=${params.agencyId}&token=${token}` }, 201);
  }),
];
