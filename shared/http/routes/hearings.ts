import { timingSafeEqual } from 'node:crypto';
import { feedTokenHash, rotateFeedToken as rotate } from '../../app/agencies';
import {
  changeHearing as change,
  confirmAppearance as confirm,
  getHearing as getOne,
  listHearings as listAll,
  recordAttendance as attend,
  scheduleHearing as schedule,
  type HearingDeps as HearingUseCaseDeps,
} from '../../app/hearings';
import type { AgencyRepository } from '../../domain/agencies';
import type { CaseRepository } from '../../domain/cases';
import { chinaToday } from '../../domain/clock';
import { addDays } from '../../domain/dates';
import { notFound } from '../../domain/errors';
import type { Hearing } from '../../domain/hearings';
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
import { etag, ifMatchVersion } from '../etag';
import { idempotencyClaim, replayed } from '../idempotency';
import { json } from '../respond';
import { routesFor } from '../route';

export interface HearingDeps extends HearingUseCaseDeps {
  cases: CaseRepository;
  agencies: AgencyRepository;
}

const route = routesFor<HearingDeps>();

/** A hearing with its version as ETag. */
const answer = (c: Parameters<typeof json>[0], hearing: { version: number }) => json(c, hearing, 200, { ETag: etag(hearing.version) });

/**
 * The hearing routes: HTTP in and out; who may (a head only for its own agency's hearings),
 * loading, the domain and the store are the use cases' (shared/app/hearings.ts), which the console
 * calls too. The iCalendar feed stays here: its caller is a calendar app holding a token, not a user.
 */
export const hearingRoutes = [
  route(scheduleHearing, async ({ c, params, body, identity, deps }) => {
    const claim = idempotencyClaim(c, `POST /cases/${params.caseId}/hearings`, identity, body);
    const result = await schedule(deps, identity, params.caseId, body, { claim });
    if (result.kind === 'replay') return replayed(c, result.response);
    return json(c, result.presented, 201, result.response.headers);
  }),

  route(listHearings, async ({ c, query, identity, deps }) => {
    const { limit, cursor, ...filter } = query;
    return json(c, await listAll(deps, identity, filter, { limit, cursor }));
  }),

  route(getHearing, async ({ c, params, identity, deps }) => answer(c, await getOne(deps, identity, params.hearingId))),

  route(changeHearing, async ({ c, params, body, identity, deps }) =>
    answer(c, await change(deps, identity, params.hearingId, body, ifMatchVersion(c))),
  ),

  route(confirmAppearance, async ({ c, params, body, identity, deps }) =>
    answer(c, await confirm(deps, identity, params.hearingId, body, ifMatchVersion(c))),
  ),

  route(recordAttendance, async ({ c, params, body, identity, deps }) =>
    answer(c, await attend(deps, identity, params.hearingId, body, ifMatchVersion(c))),
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

  route(rotateFeedToken, async ({ c, params, identity, deps }) => json(c, await rotate(deps, identity, params.agencyId), 201)),
];
