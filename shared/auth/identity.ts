import { AppError, type Message } from '../domain/errors';
import { roles as roleLabels, type Role } from '../domain/enums';

/** Who is calling, from the verified token's claims: subject, name, roles and an agency head's agency. */
export interface Identity {
  sub: string;
  name: string;
  roles: Role[];
  /** the agency an agency head speaks for (`custom:agencyId`, or the configured agency claim) */
  agencyId?: string;
}

/** The claims we read; everything else in the token is ignored. */
export type Claims = Record<string, unknown>;

const knownRoles = new Set<string>(Object.keys(roleLabels));

/**
 * The claims that carry the caller's roles and agency. Cognito puts groups in `cognito:groups`
 * and the agency in `custom:agencyId`; another OIDC issuer names them as it is configured to, and
 * the stack tells the functions which names (ROLES_CLAIM, AGENCY_CLAIM) from its context.
 */
export interface ClaimNames {
  roles: string;
  agency: string;
}

export const defaultClaimNames: ClaimNames = { roles: 'cognito:groups', agency: 'custom:agencyId' };

export function claimNamesFromEnv(env: NodeJS.ProcessEnv = process.env): ClaimNames {
  return {
    roles: env.ROLES_CLAIM || defaultClaimNames.roles,
    agency: env.AGENCY_CLAIM || defaultClaimNames.agency,
  };
}

/**
 * A list claim, as any issuer may send it: a JSON array from a verified JWT; one string such as
 * "[legal-office stats-reader]" when the HTTP API JWT authorizer hands an array claim to Lambda;
 * or a space-separated string, as OAuth `scope` and several issuers' role claims are.
 */
export function parseGroups(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value !== 'string') return [];
  const inner = value.trim().replace(/^\[/, '').replace(/\]$/, '');
  return inner.split(/[\s,]+/).filter((part) => part.length > 0);
}

export function unauthorized(detail: Message): AppError {
  return new AppError('unauthorized', 'UNAUTHORIZED', detail);
}

/** The agency claim: a string, or the one element of a list claim. */
function agencyOf(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const [only, ...rest] = parseGroups(value);
    return rest.length === 0 ? only : undefined;
  }
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') return value[0];
  return undefined;
}

/** Builds the identity; a token with no role this API knows is authenticated but may do nothing. */
export function identityFromClaims(claims: Claims, names: ClaimNames = claimNamesFromEnv()): Identity {
  const sub = claims.sub;
  if (typeof sub !== 'string' || sub.length === 0) throw unauthorized({ zh: '令牌中没有用户标识（sub）', en: 'the token has no subject' });
  const name = typeof claims.name === 'string' && claims.name.length > 0 ? claims.name : sub;
  const roles = parseGroups(claims[names.roles]).filter((g): g is Role => knownRoles.has(g));
  const agencyId = agencyOf(claims[names.agency]);
  return {
    sub,
    name,
    roles,
    ...(agencyId !== undefined && agencyId.length > 0 ? { agencyId } : {}),
  };
}

export function hasRole(identity: Identity, role: Role): boolean {
  return identity.roles.includes(role);
}

/**
 * The agency whose data the caller is confined to: undefined for the legal office (sees all), the
 * token's agency for an agency head. An agency head without an agency claim may see nothing.
 */
export function agencyScope(identity: Identity): string | undefined {
  if (hasRole(identity, 'legal-office')) return undefined;
  if (hasRole(identity, 'agency-head')) {
    if (!identity.agencyId) {
      const claim = claimNamesFromEnv().agency;
      throw new AppError('forbidden', 'FORBIDDEN', {
        zh: `行政机关负责人的令牌中没有所属机关（${claim}）`,
        en: `the agency-head token carries no agency claim (${claim})`,
      });
    }
    return identity.agencyId;
  }
  return undefined;
}

/** Whether the caller may see one agency's item; for an agency head another agency's item does not exist. */
export function canSee(identity: Identity, agencyId: string): boolean {
  const scope = agencyScope(identity);
  return scope === undefined || scope === agencyId;
}

/**
 * The agency filter a listing runs with: the caller's own agency for an agency head (whatever it
 * asked), what was asked otherwise; `null` when an agency head asked for another agency, whose
 * listing is empty for it.
 */
export function listingAgency(identity: Identity, asked: string | undefined): string | undefined | null {
  const scope = agencyScope(identity);
  if (scope === undefined) return asked;
  return asked === undefined || asked === scope ? scope : null;
}

/** Who made a change, for history entries. */
export function actorOf(identity: Identity): { sub: string; name: string } {
  return { sub: identity.sub, name: identity.name };
}
