import { createHash, randomBytes } from 'node:crypto';
import { agencyScope, type Identity } from '../auth/identity';
import type { Agency, AgencyRepository } from '../domain/agencies';
import { chinaDateTime, type Clock } from '../domain/clock';
import { notFound } from '../domain/errors';
import type { Page } from '../domain/paging';
import { pageOf, pageRequest } from '../http/paging';
import { permit } from './access';

export interface AgencyDeps {
  agencies: AgencyRepository;
  clock: Clock;
}

/** 添加机关 (legal office); AGENCY_EXISTS (409) if the id is taken. */
export async function createAgency(deps: AgencyDeps, identity: Identity, input: { id: string; name: string }): Promise<Agency> {
  permit(identity, ['legal-office']);
  const now = chinaDateTime(deps.clock.now());
  return deps.agencies.create({ ...input, version: 1, createdAt: now, updatedAt: now });
}

/** The agencies; an agency head sees its own only. */
export async function listAgencies(deps: AgencyDeps, identity: Identity, page: { limit: number; cursor?: string | undefined }): Promise<Page<Agency>> {
  permit(identity, ['legal-office', 'agency-head']);
  const scope = agencyScope(identity);
  if (scope !== undefined) {
    const own = await deps.agencies.get(scope);
    return { items: own ? [own] : [], nextCursor: null };
  }
  const cursorScope = 'agencies';
  return pageOf(await deps.agencies.list(pageRequest(page, cursorScope)), cursorScope);
}

/** Every agency (legal office, for forms and names), read page by page. */
export async function allAgencies(deps: AgencyDeps, identity: Identity): Promise<Agency[]> {
  permit(identity, ['legal-office', 'agency-head', 'stats-reader']);
  const scope = agencyScope(identity);
  if (scope !== undefined) {
    const own = await deps.agencies.get(scope);
    return own ? [own] : [];
  }
  const agencies: Agency[] = [];
  let after: Record<string, unknown> | undefined;
  do {
    const page = await deps.agencies.list({ limit: 200, ...(after ? { after } : {}) });
    agencies.push(...page.items);
    after = page.last;
  } while (after && agencies.length < 2000);
  return agencies;
}

export async function getAgency(deps: AgencyDeps, identity: Identity, agencyId: string): Promise<Agency> {
  permit(identity, ['legal-office', 'agency-head']);
  const scope = agencyScope(identity);
  const agency = scope === undefined || scope === agencyId ? await deps.agencies.get(agencyId) : undefined;
  if (!agency) throw notFound({ zh: `机关 ${agencyId}`, en: `agency ${agencyId}` });
  return agency;
}

export const feedTokenHash = (token: string) => createHash('sha256').update(token).digest();

/**
 * A new calendar-feed token for an agency: shown once, only its hash is kept, the previous token
 * stops working. The legal office issues it for any agency; an agency head for its own agency only
 * (another agency does not exist for a head: 404, as everywhere).
 */
export async function rotateFeedToken(deps: AgencyDeps, identity: Identity, agencyId: string): Promise<{ agencyId: string; token: string; feedPath: string }> {
  permit(identity, ['legal-office', 'agency-head']);
  const scope = agencyScope(identity);
  if (scope !== undefined && scope !== agencyId) throw notFound({ zh: `机关 ${agencyId}`, en: `agency ${agencyId}` });
  const token = randomBytes(24).toString('base64url');
  const stored = await deps.agencies.setFeedTokenHash(agencyId, feedTokenHash(token).toString('base64url'), chinaDateTime(deps.clock.now()));
  if (!stored) throw notFound({ zh: `机关 ${agencyId}`, en: `agency ${agencyId}` });
  return { agencyId, token, feedPath: `/hearings.ics?agencyId=${agencyId}&token=${token}` };
}
