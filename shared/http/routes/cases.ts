import { actorOf, canSee, listingAgency, type Identity } from '../../auth/identity';
import type { Calendar } from '../../domain/calendar';
import { recordAction, refresh, registerCase, type Now } from '../../domain/case-actions';
import { presentCase } from '../../domain/case-view';
import type { CaseRecord, CaseRepository } from '../../domain/cases';
import { chinaDateTime, chinaToday, type Clock } from '../../domain/clock';
import { idempotencyKeyReused, invalidField, notFound } from '../../domain/errors';
import { confirmationDeadline, type HearingRepository } from '../../domain/hearings';
import { caseHistory, createCase, getCase, listCases, recordCaseAction } from '../contracts/cases';
import { etag, ifMatchVersion, preconditionFailed } from '../etag';
import { idempotencyClaim, replayed } from '../idempotency';
import { pageOf, pageRequest } from '../paging';
import { json } from '../respond';
import { retryOnConflict, TRY_AGAIN, writeConflict } from '../../retry';
import { routesFor } from '../route';

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

const route = routesFor<CaseDeps>();

function nowOf(clock: Clock): Now {
  const instant = clock.now();
  return { at: chinaDateTime(instant), today: chinaToday(clock) };
}


/** An agency head may only see its own agency's cases; another agency's case does not exist for it. */
function visible(record: CaseRecord | undefined, identity: Identity): record is CaseRecord {
  return record !== undefined && canSee(identity, record.agencyId);
}

export const caseRoutes = [
  route(createCase, async ({ c, body, identity, deps }) => {
    const claim = idempotencyClaim(c, 'POST /cases', identity, body);
    if (body.kind === 'litigation' && body.filedOn && body.filedOn > body.receivedOn) {
      throw invalidField('filedOn', {
        zh: '立案日期不能晚于起诉状副本送达日期（receivedOn）',
        en: 'the court files the case before it serves the complaint copy (receivedOn)',
      });
    }
    const now = nowOf(deps.clock);
    const { record, history } = registerCase(deps.newId(), body, actorOf(identity), now, await deps.calendar());
    const presented = presentCase(record, []);
    const headers = { Location: `/cases/${record.id}`, ETag: etag(record.version) };
    const result = await deps.cases.create(record, history, claim && { claim, response: { status: 201, body: presented, headers } });
    if (result.kind === 'replay') return replayed(c, result.response);
    return json(c, presented, 201, headers);
  }),

  route(getCase, async ({ c, params, identity, deps }) => {
    const [stored, calendar, hearings] = await Promise.all([
      deps.cases.get(params.caseId),
      deps.calendar(),
      deps.hearings.ofCase(params.caseId),
    ]);
    if (!visible(stored?.record, identity)) throw notFound({ zh: `案件 ${params.caseId}`, en: `case ${params.caseId}` });
    const today = chinaToday(deps.clock);
    const record = refresh(stored!.record, { calendar, today });
    const hearingDeadlines = hearings.map((hearing) => confirmationDeadline(hearing, calendar, today, deps.hearingLeadDays));
    return json(c, presentCase(record, stored!.linkedCases, { hearings, deadlines: hearingDeadlines }), 200, { ETag: etag(record.version) });
  }),

  route(listCases, async ({ c, query, identity, deps }) => {
    const { limit, cursor, ...filter } = query;
    const agencyId = listingAgency(identity, filter.agencyId);
    if (agencyId === null) return json(c, { items: [], nextCursor: null });
    const effective = { ...filter, ...(agencyId !== undefined ? { agencyId } : {}) };
    const cursorScope = `cases|${JSON.stringify(effective)}`;
    const [page, calendar] = await Promise.all([
      deps.cases.list(effective, pageRequest({ limit, ...(cursor ? { cursor } : {}) }, cursorScope)),
      deps.calendar(),
    ]);
    const today = chinaToday(deps.clock);
    return json(c, pageOf(page, cursorScope, (record) => presentCase(refresh(record, { calendar, today }), [])));
  }),

  route(caseHistory, async ({ c, params, query, identity, deps }) => {
    const cursorScope = `history|${params.caseId}`;
    const [stored, page] = await Promise.all([
      deps.cases.get(params.caseId),
      deps.cases.history(params.caseId, pageRequest(query, cursorScope)),
    ]);
    if (!visible(stored?.record, identity)) throw notFound({ zh: `案件 ${params.caseId}`, en: `case ${params.caseId}` });
    return json(c, pageOf(page, cursorScope));
  }),

  route(recordCaseAction, async ({ c, params, body, identity, deps }) => {
    const claim = idempotencyClaim(c, `POST /cases/${params.caseId}/actions`, identity, body);
    const expected = ifMatchVersion(c);
    return retryOnConflict(async () => {
      const [stored, earlier, calendar] = await Promise.all([
        deps.cases.get(params.caseId),
        claim ? deps.cases.findResponse(claim) : Promise.resolve(undefined),
        deps.calendar(),
      ]);
      if (earlier === 'mismatch') throw idempotencyKeyReused();
      if (earlier) return replayed(c, earlier);
      if (!stored) throw notFound({ zh: `案件 ${params.caseId}`, en: `case ${params.caseId}` });
      if (expected !== undefined && expected !== stored.record.version) throw preconditionFailed(stored.record.version);
      const { record, history } = recordAction(stored.record, body, actorOf(identity), nowOf(deps.clock), calendar);
      const presented = presentCase(record, stored.linkedCases);
      const headers = { ETag: etag(record.version) };
      const result = await deps.cases.update(record, stored.record, history, claim && { claim, response: { status: 200, body: presented, headers } });
      if (result.kind === 'done') return json(c, presented, 200, headers);
      if (result.kind === 'replay') return replayed(c, result.response);
      // Someone else changed the case between our read and write: with If-Match that is the
      // client's 412; without it, read again and judge the action against the new state.
      if (expected !== undefined) throw preconditionFailed();
      return TRY_AGAIN;
    }, () => writeConflict({ zh: '该案件正被同时修改，请稍后重试', en: 'the case is changing too fast; retry' }));
  }),
];
